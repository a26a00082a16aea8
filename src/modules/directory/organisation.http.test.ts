import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/helpers/smtp.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { sha256 } from '../accounts/account-checks.ts';
import { createApiToken } from '../accounts/api-token.service.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { DEMO_FILE } from '../system/demo-content.ts';

const VALID = {
  name: 'Ville de Montréal',
  type: 'municipality',
  country: 'CA',
  city: 'Montréal',
  website: 'https://montreal.ca',
  description_locale: 'fr',
  description: 'La Ville de Montréal accueille les personnes immigrantes.',
};

describe.each(dialects)('the directory of organisations on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  const people = {
    founder: 'founder@example.org',
    colleague: 'colleague@example.org',
    stranger: 'stranger@example.org',
    editor: 'editor@example.org',
  } as const;
  type Who = keyof typeof people;
  const agents = {} as Record<Who, Agent>;
  const ids = {} as Record<Who, number>;
  let writeToken: string;
  let strangerToken: string;
  let editorToken: string;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
    for (const who of Object.keys(people) as Who[]) {
      ids[who] = await createUser(
        database.db,
        people[who],
        who === 'editor' ? 'editor' : 'contributor',
        `Person ${who}`,
      );
      agents[who] = new Agent(app);
      await signIn(agents[who], people[who]);
    }
    const tokenFor = async (who: Who) =>
      (
        await createApiToken(
          database.db,
          {
            kind: 'user',
            id: ids[who],
            role: 'contributor',
            name: 'x',
            via: 'session',
            scopes: ['read', 'write'],
          },
          { name: 'writer', scopes: ['read', 'write'] },
        )
      ).token;
    writeToken = await tokenFor('founder');
    strangerToken = await tokenFor('stranger');
    editorToken = await tokenFor('editor');
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  const api = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
    token: string | null = writeToken,
  ) =>
    app.inject({
      method,
      url,
      headers: token ? { authorization: `Bearer ${token}` } : {},
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });

  it('lets a signed-in person add an organisation, which starts unverified with them as admin', async () => {
    const created = await agents.founder.post('/organisations', VALID, {
      from: '/organisations/new',
    });
    expect(created.statusCode, created.body.slice(0, 500)).toBe(303);
    expect(created.headers.location).toBe('/organisations/ville-de-montreal');
    const profile = await app.inject({ url: '/organisations/ville-de-montreal' });
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('Ville de Montréal');
    expect(profile.body).toContain('<bdi>Montréal</bdi>, <bdi>Canada</bdi>');
    expect(profile.body).toContain('href="https://montreal.ca"');
    expect(profile.body).not.toContain('class="verified-mark"');
    // The description was written in French: an English reader still sees it, marked as French.
    expect(profile.body).toContain('lang="fr"');
    expect(profile.body).toContain('accueille les personnes immigrantes');
    expect(profile.body).toContain('"@type":"GovernmentOrganization"');
    const member = await database.db
      .selectFrom('organisation_members')
      .innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
      .select(['organisation_members.user_id', 'organisation_members.role', 'listed'])
      .where('organisations.slug', '=', 'ville-de-montreal')
      .executeTakeFirstOrThrow();
    expect(member).toEqual({ user_id: ids.founder, role: 'admin', listed: 0 });
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'organisation.created')
      .execute();
    expect(audit.length).toBe(1);
  });

  it('refuses bad input on the form beside each field, keeping what was typed', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [{ name: '   ' }, 'name', 'This is required.'],
      [{ name: 'x'.repeat(201) }, 'name', 'Use at most 200 characters.'],
      [{ website: 'ftp://example.org' }, 'website', 'starting with https://'],
      [{ website: 'javascript:alert(1)' }, 'website', 'starting with https://'],
      [{ website: 'not a url' }, 'website', 'starting with https://'],
      [{ type: 'pirates' }, 'type', 'Choose from the list.'],
      [{ country: 'XX' }, 'country', 'Choose a country from the list.'],
      [{ country: '', city: 'Lyon' }, 'city', 'Choose the country of this city.'],
    ];
    for (const [change, field, message] of cases) {
      const typed = { ...VALID, name: 'Cité des Langues', ...change };
      const response = await agents.founder.post('/organisations', typed, {
        from: '/organisations/new',
      });
      expect(response.statusCode, `${field} ${JSON.stringify(change)}`).toBe(400);
      const errorAt = new RegExp(
        `id="field-${field}-error"[^>]*>[^<]*${message.replace(/[.*+?^$()|[\]\\/]/g, '\\$&')}`,
      );
      expect(response.body, field).toMatch(errorAt);
      expect(response.body).toContain('accueille les personnes immigrantes');
    }
    const count = await database.db
      .selectFrom('organisations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('name_key', '=', 'cite des langues')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('refuses a name already used in the same country (409 at the field), not in another one', async () => {
    const again = await agents.colleague.post(
      '/organisations',
      { ...VALID, name: '  VILLE DE MONTREAL ' },
      { from: '/organisations/new' },
    );
    expect(again.statusCode).toBe(409);
    expect(again.body).toMatch(/id="field-name-error"[^>]*>An organisation with this name/);
    const elsewhere = await agents.colleague.post(
      '/organisations',
      { ...VALID, country: 'FR', city: 'Paris', description: '' },
      { from: '/organisations/new' },
    );
    expect(elsewhere.statusCode).toBe(303);
    expect(elsewhere.headers.location).toBe('/organisations/ville-de-montreal-2');
    const viaApi = await api('POST', '/api/v1/organisations', {
      name: 'Ville de Montreal',
      type: 'municipality',
      country: 'CA',
    });
    expect(viaApi.statusCode).toBe(409);
    expect(viaApi.headers['content-type']).toContain('application/problem+json');
    expect(viaApi.json().errors[0].field).toBe('name');
  });

  it('lets members and editors edit a profile, and nobody else (403)', async () => {
    const edit = {
      ...VALID,
      website: 'https://montreal.ca/en',
      description_locale: 'en',
      description: 'The City of Montréal.',
    };
    const stranger = await agents.stranger.post('/organisations/ville-de-montreal', edit, {
      csrf: await agents.stranger.csrfFrom('/account'),
    });
    expect(stranger.statusCode).toBe(403);
    expect((await agents.stranger.get('/organisations/ville-de-montreal/edit')).statusCode).toBe(
      403,
    );
    const patch = await api(
      'PATCH',
      '/api/v1/organisations/ville-de-montreal',
      { website: 'https://evil.example' },
      strangerToken,
    );
    expect(patch.statusCode).toBe(403);

    const form = await agents.founder.get('/organisations/ville-de-montreal/edit');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('accueille les personnes immigrantes');
    const saved = await agents.founder.post('/organisations/ville-de-montreal', edit);
    expect(saved.statusCode).toBe(303);
    const byEditor = await agents.editor.post('/organisations/ville-de-montreal', {
      ...edit,
      city: 'Montreal',
      description: 'The City of Montréal, Québec.',
    });
    expect(byEditor.statusCode).toBe(303);

    const english = await api('GET', '/api/v1/organisations/ville-de-montreal', undefined, null);
    expect(english.json()).toMatchObject({
      website: 'https://montreal.ca/en',
      description: 'The City of Montréal, Québec.',
      description_language: 'en',
      descriptions: {
        en: 'The City of Montréal, Québec.',
        fr: 'La Ville de Montréal accueille les personnes immigrantes.',
      },
    });
    const french = await api(
      'GET',
      '/api/v1/organisations/ville-de-montreal?lang=fr',
      undefined,
      null,
    );
    expect(french.json().description_language).toBe('fr');

    // A form with a bad website changes nothing.
    const bad = await agents.founder.post('/organisations/ville-de-montreal', {
      ...edit,
      website: 'mailto:someone@example.org',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('value="mailto:someone@example.org"');
    const after = await api('GET', '/api/v1/organisations/ville-de-montreal', undefined, null);
    expect(after.json().website).toBe('https://montreal.ca/en');
  });

  it('lets editors verify and unverify, with a mark that says so in words; others cannot', async () => {
    const refused = await agents.founder.post(
      '/organisations/ville-de-montreal/verify',
      {},
      { csrf: await agents.founder.csrfFrom('/account') },
    );
    expect(refused.statusCode).toBe(403);
    const profile = await agents.editor.get('/organisations/ville-de-montreal');
    expect(profile.body).toContain('Mark as verified');
    const verified = await agents.editor.post(
      '/organisations/ville-de-montreal/verify',
      {},
      { from: '/organisations/ville-de-montreal' },
    );
    expect(verified.statusCode).toBe(303);
    const page = await app.inject({ url: '/organisations/ville-de-montreal' });
    expect(page.body).toMatch(
      /class="verified-mark"[^>]*>.*Verified.*by the clearinghouse editors/s,
    );
    expect(
      (await api('GET', '/api/v1/organisations/ville-de-montreal', undefined, null)).json()
        .verified,
    ).toBe(true);
    const list = await app.inject({ url: '/organisations?verified=true' });
    expect(list.body).toContain('/organisations/ville-de-montreal"');
    expect(list.body).not.toContain('/organisations/ville-de-montreal-2"');

    const unverified = await agents.editor.post(
      '/organisations/ville-de-montreal-2/unverify',
      {},
      { from: '/organisations/ville-de-montreal-2' },
    );
    expect(unverified.statusCode).toBe(303);
    const unknown = await agents.editor.post(
      '/organisations/no-such-organisation/verify',
      {},
      { from: '/organisations/ville-de-montreal' },
    );
    expect(unknown.statusCode).toBe(404);
    // The form needs its CSRF token, even from an editor.
    const forged = await agents.editor.post(
      '/organisations/ville-de-montreal/unverify',
      {},
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    expect(
      (await api('GET', '/api/v1/organisations/ville-de-montreal', undefined, null)).json()
        .verified,
    ).toBe(true);

    // Through the API: editors with a write token; others are refused, and a wrong value is a 400
    // that names the field.
    const verifiedPath = '/api/v1/organisations/ville-de-montreal-2/verified';
    expect((await api('PUT', verifiedPath, { verified: true })).statusCode).toBe(403);
    expect((await api('PUT', verifiedPath, { verified: true }, null)).statusCode).toBe(401);
    const badValue = await api('PUT', verifiedPath, { verified: 'yes' }, editorToken);
    expect(badValue.statusCode).toBe(400);
    expect(JSON.stringify(badValue.json())).toContain('verified');
    const byApi = await api('PUT', verifiedPath, { verified: true }, editorToken);
    expect(byApi.statusCode).toBe(200);
    expect(byApi.json()).toMatchObject({ slug: 'ville-de-montreal-2', verified: true });
    const takenAway = await api('PUT', verifiedPath, { verified: false }, editorToken);
    expect(takenAway.json()).toMatchObject({ slug: 'ville-de-montreal-2', verified: false });
    expect(
      (
        await api(
          'PUT',
          '/api/v1/organisations/no-such-organisation/verified',
          { verified: true },
          editorToken,
        )
      ).statusCode,
    ).toBe(404);

    const slugOf = new Map(
      (await database.db.selectFrom('organisations').select(['id', 'slug']).execute()).map((o) => [
        String(o.id),
        o.slug,
      ]),
    );
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'subject_id', 'actor_user_id'])
      .where('action', 'in', ['organisation.verified', 'organisation.unverified'])
      .orderBy('id')
      .execute();
    expect(
      audit.map((a) => ({
        action: a.action,
        slug: slugOf.get(String(a.subject_id)),
        actor_id: a.actor_user_id,
      })),
    ).toEqual([
      { action: 'organisation.verified', slug: 'ville-de-montreal', actor_id: ids.editor },
      { action: 'organisation.verified', slug: 'ville-de-montreal-2', actor_id: ids.editor },
      { action: 'organisation.unverified', slug: 'ville-de-montreal-2', actor_id: ids.editor },
    ]);
  });

  const membersPath = '/organisations/ville-de-montreal/members';
  const invite = (email: string, role: string) =>
    agents.founder.post(membersPath, { email, role }, { from: membersPath });
  const invitationLink = async (to: string) => {
    await app.jobs.runDue(100);
    const mail = await smtp.next(to);
    const match = /https?:\/\/\S*(\/account\/invitations\/([\w-]+))/.exec(mail.text);
    if (!match) throw new Error(`no invitation link in: ${mail.text}`);
    return { mail, path: match[1] as string, token: match[2] as string };
  };
  const membershipOf = (who: Who) =>
    database.db
      .selectFrom('organisation_members')
      .innerJoin('organisations', 'organisations.id', 'organisation_members.organisation_id')
      .select('organisation_members.role')
      .where('organisations.slug', '=', 'ville-de-montreal')
      .where('organisation_members.user_id', '=', ids[who])
      .executeTakeFirst();

  it('invites by address with the same answer whether or not an account uses it, and enrols only on acceptance', async () => {
    const invited = 'If an account uses this address, we have sent it an invitation.';
    // The CSRF token differs from one page to the next; nothing else may.
    const answer = (body: string) => body.replace(/name="_csrf" value="[^"]*"/g, '');
    const unknown = await invite('nobody@example.org', 'admin');
    const known = await invite(people.colleague.toUpperCase(), 'admin');
    for (const response of [unknown, known]) {
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain(invited);
      expect(response.body).not.toContain('Person colleague');
      expect(response.body).not.toContain('@example.org');
    }
    expect(answer(known.body)).toBe(answer(unknown.body));
    // Nobody joined: an invitation is an offer.
    expect(await membershipOf('colleague')).toBeUndefined();

    const bad = await invite('not-an-address', 'member');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="field-email-error"[^>]*>Enter an email address/);
    const byStranger = await agents.stranger.post(
      membersPath,
      { email: people.stranger, role: 'admin' },
      { csrf: await agents.stranger.csrfFrom('/account') },
    );
    expect(byStranger.statusCode).toBe(403);

    const first = await invitationLink(people.colleague);
    expect(first.mail.subject).toBe('Person founder invites you to join Ville de Montréal');
    expect(first.mail.text).toContain('as an administrator');
    expect(smtp.messages.filter((m) => m.to === 'nobody@example.org')).toEqual([]);
    // Only a hash of the token is kept.
    const stored = await database.db
      .selectFrom('organisation_invitations')
      .select(['token_hash', 'role', 'accepted_at'])
      .where('user_id', '=', ids.colleague)
      .execute();
    expect(stored).toEqual([{ token_hash: sha256(first.token), role: 'admin', accepted_at: null }]);

    // Offered again as a plain member: the new offer replaces the first, whose link is dead.
    await invite(people.colleague, 'member');
    const second = await invitationLink(people.colleague);
    expect(second.mail.text).toContain('as a member');
    expect((await agents.colleague.get(first.path)).statusCode).toBe(404);

    // Only the account it was sent to, signed in, may accept it.
    const anonymous = await new Agent(app).get(second.path);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/account/login?next=');
    const other = await agents.stranger.get(second.path);
    expect(other.statusCode).toBe(403);
    expect(other.body).toContain('This invitation was sent to another account.');
    const otherAccepts = await agents.stranger.post(
      second.path,
      {},
      { csrf: await agents.stranger.csrfFrom('/account') },
    );
    expect(otherAccepts.statusCode).toBe(403);
    expect(await membershipOf('stranger')).toBeUndefined();

    const offer = await agents.colleague.get(second.path);
    expect(offer.statusCode).toBe(200);
    expect(offer.body).toContain(
      'Person founder invites you to join Ville de Montréal as a member, who can edit its profile.',
    );
    expect(offer.body).toContain('Accept and join');
    const forged = await agents.colleague.post(second.path, {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await membershipOf('colleague')).toBeUndefined();
    const accepted = await agents.colleague.post(second.path, {});
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(membersPath);
    expect(await membershipOf('colleague')).toEqual({ role: 'member' });
    // The link works once.
    const reused = await agents.colleague.post(
      second.path,
      {},
      { csrf: await agents.colleague.csrfFrom('/account') },
    );
    expect(reused.statusCode).toBe(404);
    expect((await agents.colleague.get(second.path)).body).toContain(
      'This invitation link cannot be used',
    );
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'in', ['organisation.member_invited', 'organisation.member_added'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'organisation.member_added',
      'organisation.member_invited',
      'organisation.member_invited',
    ]);

    // Inviting a member again says the same and sends nothing.
    const twice = await invite(people.colleague, 'admin');
    expect(twice.body).toContain(invited);
    await app.jobs.runDue(100);
    expect(smtp.messages.filter((m) => m.to === people.colleague)).toHaveLength(2);

    // An invitation past its date cannot be accepted.
    await invite(people.stranger, 'member');
    const late = await invitationLink(people.stranger);
    await database.db
      .updateTable('organisation_invitations')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('user_id', '=', ids.stranger)
      .execute();
    expect((await agents.stranger.get(late.path)).statusCode).toBe(404);
    expect(await membershipOf('stranger')).toBeUndefined();
  });

  it('names on the profile only the members who chose it, and lets members leave', async () => {
    // Nobody is named on the profile until they choose it.
    const before = await app.inject({ url: '/organisations/ville-de-montreal' });
    expect(before.body).not.toContain('Person colleague');
    expect(before.body).not.toContain('Person founder');
    const listed = await agents.colleague.post(
      '/organisations/ville-de-montreal/listing',
      { listed: 'true' },
      { from: '/organisations/ville-de-montreal/members' },
    );
    expect(listed.statusCode).toBe(303);
    const after = await app.inject({ url: '/organisations/ville-de-montreal' });
    expect(after.body).toContain('Person colleague');
    expect(after.body).not.toContain('Person founder');
    const detail = await api('GET', '/api/v1/organisations/ville-de-montreal', undefined, null);
    expect(detail.json().members).toEqual([{ name: 'Person colleague', role: 'member' }]);
    expect(detail.body).not.toContain('@');

    // A plain member edits the profile but does not manage the members.
    const colleagueEdit = await agents.colleague.post(
      '/organisations/ville-de-montreal',
      {
        ...VALID,
        website: 'https://montreal.ca/en',
        description_locale: 'en',
        description: 'The City of Montréal, Québec.',
        city: 'Montreal',
      },
      { from: '/organisations/ville-de-montreal/edit' },
    );
    expect(colleagueEdit.statusCode).toBe(303);
    const colleagueAdds = await agents.colleague.post(
      '/organisations/ville-de-montreal/members',
      { email: people.stranger, role: 'member' },
      { from: '/organisations/ville-de-montreal/members' },
    );
    expect(colleagueAdds.statusCode).toBe(403);

    // The last admin cannot leave; a member can.
    const lastAdmin = await agents.founder.post(
      `/organisations/ville-de-montreal/members/${ids.founder}/remove`,
      {},
      { from: '/organisations/ville-de-montreal/members' },
    );
    expect(lastAdmin.statusCode).toBe(400);
    expect(lastAdmin.body).toContain('The last administrator cannot leave');
    const removed = await agents.founder.post(
      `/organisations/ville-de-montreal/members/${ids.colleague}/remove`,
      {},
      { from: '/organisations/ville-de-montreal/members' },
    );
    expect(removed.statusCode).toBe(303);
    expect((await app.inject({ url: '/organisations/ville-de-montreal' })).body).not.toContain(
      'Person colleague',
    );
  });

  it('filters the directory by type, country, verified mark and name, with counts of practices', async () => {
    const all = await app.inject({ url: '/organisations' });
    expect(all.statusCode).toBe(200);
    const byCountry = await app.inject({ url: '/organisations?country=fr&type=municipality' });
    expect(byCountry.body).toContain('/organisations/ville-de-montreal-2"');
    expect(byCountry.body).not.toContain('/organisations/ville-de-montreal"');
    const byName = await api('GET', '/api/v1/organisations?q=MONTREAL', undefined, null);
    const names = byName.json().results as { slug: string; name: string }[];
    expect(names.map((o) => o.slug)).toEqual(
      expect.arrayContaining(['ville-de-montreal', 'ville-de-montreal-2']),
    );
    expect(names.every((o) => /montr[eé]al/i.test(o.name))).toBe(true);
    expect(byName.json().total).toBe(names.length);
    const wildcard = await app.inject({ url: '/organisations?q=%25' });
    expect(wildcard.body).toContain('No organisations');
    const badType = await app.inject({ url: '/organisations?type=pirates' });
    expect(badType.statusCode).toBe(400);

    // Demo practices name their organisations: the one named most often shows its count.
    const busiest = await database.db
      .selectFrom('practice_organisations')
      .innerJoin('organisations', 'organisations.id', 'practice_organisations.organisation_id')
      .select(['organisations.slug', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('organisations.slug')
      .orderBy('n', 'desc')
      .executeTakeFirstOrThrow();
    const listed = await api(
      'GET',
      `/api/v1/organisations?per_page=100&q=${encodeURIComponent(busiest.slug.split('-')[0] ?? '')}`,
      undefined,
      null,
    );
    const entry = listed.json().results.find((o: { slug: string }) => o.slug === busiest.slug);
    expect(entry?.practice_count).toBeGreaterThan(0);
    const profile = await app.inject({ url: `/organisations/${busiest.slug}` });
    expect(profile.statusCode).toBe(200);
    expect(profile.body).toContain('class="card');

    const paged = await api('GET', '/api/v1/organisations?per_page=2&page=2', undefined, null);
    expect(paged.statusCode).toBe(200);
    expect(paged.json()).toMatchObject({ page: 2, per_page: 2 });
    expect(paged.json().results.length).toBe(2);
    const badApi = await api(
      'GET',
      '/api/v1/organisations?type=pirates&country=XX',
      undefined,
      null,
    );
    expect(badApi.statusCode).toBe(400);
    expect(
      badApi
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['country', 'type']);
    expect(
      (await api('GET', '/api/v1/organisations/nothing-here', undefined, null)).statusCode,
    ).toBe(404);
    expect((await app.inject({ url: '/organisations/nothing-here' })).statusCode).toBe(404);
  });

  it('offers the organisations its filters select as CSV and XLSX, in the reader’s language', async () => {
    const page = (await app.inject({ url: '/organisations?country=FR&page=1' })).body;
    expect(page).toContain('href="/organisations.csv?country=FR"');
    expect(page).toContain('href="/organisations.xlsx?country=FR"');
    const csv = await app.inject({ url: '/fr/organisations.csv?country=fr' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.startsWith('\uFEFF')).toBe(true);
    const rows = parseCsv(csv.body.slice(1)) as string[][];
    expect(rows[0]?.slice(0, 5)).toEqual(['Nom', 'Lien', 'Type', 'Ville', 'Pays']);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((r) => r[4] === 'France')).toBe(true);
    expect(rows.some((r) => r[1]?.endsWith('/fr/organisations/ville-de-montreal-2'))).toBe(true);
    const html = (await app.inject({ url: '/organisations?country=FR' })).body;
    expect(rows.length - 1).toBe(html.match(/<li class="card">/g)?.length);

    const workbook = new ExcelJS.Workbook();
    const xlsx = await app.inject({ url: '/fr/organisations.xlsx?country=fr' });
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.rowCount).toBe(rows.length);
    expect(sheet?.getRow(1).getCell(1).value).toBe('Nom');
    expect((await app.inject({ url: '/organisations.csv?type=pirates' })).statusCode).toBe(400);
  });

  it('creates and changes organisations through the API, checked like the form', async () => {
    const bad = await api('POST', '/api/v1/organisations', {
      name: '',
      type: 'pirates',
      country: 'XX',
      website: 'ftp://x.org',
      descriptions: { en: 'ok', xx: 'nope' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['country', 'descriptions.xx', 'name', 'type', 'website']);
    const anonymous = await api(
      'POST',
      '/api/v1/organisations',
      { name: 'Anon', type: 'ngo' },
      null,
    );
    expect(anonymous.statusCode).toBe(401);
    const created = await api('POST', '/api/v1/organisations', {
      name: 'Refugee Welcome Kampala',
      type: 'migrant-association',
      country: 'UG',
      city: 'Kampala',
      website: 'http://welcome.example.ug',
      descriptions: { en: 'A migrant association.' },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      slug: 'refugee-welcome-kampala',
      type: 'migrant-association',
      country: 'UG',
      city: 'Kampala',
      verified: false,
      description: 'A migrant association.',
    });
    const patched = await api('PATCH', '/api/v1/organisations/refugee-welcome-kampala', {
      website: null,
      descriptions: { fr: 'Une association de migrants.' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({
      name: 'Refugee Welcome Kampala',
      website: null,
      city: 'Kampala',
      descriptions: { en: 'A migrant association.', fr: 'Une association de migrants.' },
    });
    const badPatch = await api('PATCH', '/api/v1/organisations/refugee-welcome-kampala', {
      name: 'y'.repeat(300),
    });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().errors[0].field).toBe('name');
    expect(
      (await api('PATCH', '/api/v1/organisations/nothing-here', { name: 'x' })).statusCode,
    ).toBe(404);
  });

  it('lists on the profile the events the organisation took part in, with its role', async () => {
    const now = new Date().toISOString();
    const event = await database.db
      .insertInto('events')
      .values({
        slug: 'the-inter-ethnic-city',
        type: 'roundtable',
        title: 'The Inter-ethnic City',
        description: 'A roundtable.',
        language: 'en',
        starts_at: '2009-09-28T13:00:00.000Z',
        ends_at: '2009-09-28T17:00:00.000Z',
        time_zone: 'America/New_York',
        venue_name: null,
        venue_address: null,
        venue_city: null,
        venue_country: null,
        online: 0,
        webcast_url: null,
        recording_url: null,
        captions_url: null,
        created_by: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const organisation = await database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'ville-de-montreal')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('event_organisations')
      .values({
        event_id: event.id,
        organisation_id: organisation.id,
        role: 'co-sponsor',
        position: 0,
      })
      .execute();
    const profile = await app.inject({ url: '/organisations/ville-de-montreal' });
    expect(profile.body).toContain('Events they took part in');
    expect(profile.body).toMatch(
      /href="\/events\/the-inter-ethnic-city"[^>]*>The Inter-ethnic City/,
    );
    expect(profile.body).toContain('Co-sponsor');
    const other = await app.inject({ url: '/organisations/ville-de-montreal-2' });
    expect(other.body).not.toContain('Events they took part in');
  });

  /** Publishes a practice naming an organisation: the import matches it by name and country. */
  const publishPracticeNaming = async (name: string, country: string, externalId: string) => {
    const [template] = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as Record<string, unknown>[];
    const report = await importPractices(
      database.db,
      (async function* () {
        yield {
          number: 1,
          value: {
            ...template,
            translations: {},
            external_id: externalId,
            title: `A practice of ${name}`,
            country,
            organisations: [{ name, type: 'municipality', role: 'lead' }],
          },
        };
      })(),
    );
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);
    return (
      await database.db
        .selectFrom('practices')
        .select('slug')
        .where('external_id', '=', externalId)
        .executeTakeFirstOrThrow()
    ).slug;
  };

  it('holds a member’s change to an organisation that published practices name until an editor approves it', async () => {
    // Someone takes the name first, then a practice naming that organisation is published.
    const created = await agents.stranger.post(
      '/organisations',
      {
        name: 'Mairie de Grenoble Accueil',
        type: 'municipality',
        country: 'FR',
        website: 'https://grenoble.example',
        description_locale: 'fr',
        description: '',
      },
      { from: '/organisations/new' },
    );
    expect(created.statusCode).toBe(303);
    const path = created.headers.location as string;
    const slug = path.split('/').pop() as string;
    const practice = await publishPracticeNaming('Mairie de Grenoble Accueil', 'FR', 'grenoble-1');
    const practicePage = () => app.inject({ url: `/practices/${practice}` });
    expect((await practicePage()).body).toContain('href="https://grenoble.example"');
    const website = async () =>
      (await api('GET', `/api/v1/organisations/${slug}`, undefined, null)).json().website;

    const form = await agents.stranger.get(`${path}/edit`);
    expect(form.body).toContain('an editor approves your changes before they are shown');
    const held = await agents.stranger.post(path, {
      name: 'Mairie de Grenoble Accueil',
      type: 'municipality',
      country: 'FR',
      website: 'https://evil.example',
      description_locale: 'fr',
      description: '',
    });
    expect(held.statusCode).toBe(303);
    expect(held.headers.location).toBe(path);
    expect(await website()).toBe('https://grenoble.example');
    expect((await practicePage()).body).not.toContain('evil.example');
    const waiting = await agents.stranger.get(path);
    expect(waiting.body).toContain('Changes waiting for an editor');
    expect(waiting.body).toContain('https://evil.example');
    expect(waiting.body).not.toContain('/changes/approve');
    // Nobody else sees a proposal before it is approved.
    expect((await app.inject({ url: path })).body).not.toContain('evil.example');

    // Through the API the same: 202, and the profile as it still stands.
    const patched = await api(
      'PATCH',
      `/api/v1/organisations/${slug}`,
      { website: 'https://evil2.example' },
      strangerToken,
    );
    expect(patched.statusCode).toBe(202);
    expect(patched.json()).toMatchObject({
      status: 'awaiting_approval',
      organisation: { slug, website: 'https://grenoble.example' },
    });
    expect(await website()).toBe('https://grenoble.example');

    // The editors see it on their desk, in their list and on the profile, and decide.
    expect((await agents.editor.get('/editor')).body).toContain('1 organisation change to approve');
    const list = await agents.editor.get('/editor/organisations');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('https://evil2.example');
    expect(list.body).toContain('Proposed by Person stranger');
    expect((await agents.stranger.get('/editor/organisations')).statusCode).toBe(403);
    const byMember = await agents.stranger.post(
      `${path}/changes/approve`,
      {},
      { csrf: await agents.stranger.csrfFrom('/account') },
    );
    expect(byMember.statusCode).toBe(403);
    const forged = await agents.editor.post(`${path}/changes/approve`, {}, { csrf: false });
    expect(forged.statusCode).toBe(403);
    expect(await website()).toBe('https://grenoble.example');

    const rejected = await agents.editor.post(`${path}/changes/reject`, {}, { from: path });
    expect(rejected.statusCode).toBe(303);
    expect(await website()).toBe('https://grenoble.example');
    expect((await agents.editor.get('/editor/organisations')).body).toContain(
      'No change is waiting.',
    );
    const none = await agents.editor.post(`${path}/changes/approve`, {}, { from: path });
    expect(none.statusCode).toBe(404);

    await agents.stranger.post(path, {
      name: 'Mairie de Grenoble Accueil',
      type: 'municipality',
      country: 'FR',
      website: 'https://www.grenoble.fr',
      description_locale: 'fr',
      description: 'Accueil des personnes nouvellement arrivées.',
    });
    const onProfile = await agents.editor.get(path);
    expect(onProfile.body).toContain('/changes/approve');
    expect(onProfile.body).toContain('Accueil des personnes nouvellement arrivées.');
    const approved = await agents.editor.post(`${path}/changes/approve`, {}, { from: path });
    expect(approved.statusCode).toBe(303);
    expect(await website()).toBe('https://www.grenoble.fr');
    expect((await practicePage()).body).toContain('href="https://www.grenoble.fr"');
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'organisation.change_%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'organisation.change_proposed',
      'organisation.change_proposed',
      'organisation.change_rejected',
      'organisation.change_proposed',
      'organisation.change_approved',
    ]);

    // An editor's own change shows at once.
    const byEditor = await agents.editor.post(path, {
      name: 'Mairie de Grenoble Accueil',
      type: 'municipality',
      country: 'FR',
      website: 'https://www.grenoble.fr/accueil',
      description_locale: 'fr',
      description: 'Accueil des personnes nouvellement arrivées.',
    });
    expect(byEditor.statusCode).toBe(303);
    expect(await website()).toBe('https://www.grenoble.fr/accueil');
  });

  it('lets editors merge a duplicate into another, moving what named it, with an audit row', async () => {
    const real = await agents.editor.post(
      '/organisations',
      {
        name: 'Ville de Grenoble',
        type: 'municipality',
        country: 'FR',
        description_locale: 'fr',
        description: '',
      },
      { from: '/organisations/new' },
    );
    expect(real.headers.location).toBe('/organisations/ville-de-grenoble');
    const organisationId = async (nameKey: string) =>
      (
        await database.db
          .selectFrom('organisations')
          .select(['id', 'slug'])
          .where('name_key', '=', nameKey)
          .executeTakeFirstOrThrow()
      ).id;
    const realId = await organisationId('ville de grenoble');
    const taken = await database.db
      .selectFrom('organisations')
      .select(['id', 'slug'])
      .where('name_key', '=', 'mairie de grenoble accueil')
      .executeTakeFirstOrThrow();
    const mergePath = `/organisations/${taken.slug}/merge`;

    // What names the one taken first: practices (one naming both), an event, a follower, and
    // the profile of its creator.
    const both = await publishPracticeNaming('Mairie de Grenoble Accueil', 'FR', 'grenoble-2');
    const bothId = (
      await database.db
        .selectFrom('practices')
        .select('id')
        .where('slug', '=', both)
        .executeTakeFirstOrThrow()
    ).id;
    await database.db
      .insertInto('practice_organisations')
      .values({ practice_id: bothId, organisation_id: realId, role: 'partner', position: 1 })
      .execute();
    const event = await database.db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', 'the-inter-ethnic-city')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('event_organisations')
      .values({ event_id: event.id, organisation_id: taken.id, role: 'partner', position: 1 })
      .execute();
    await database.db
      .insertInto('follows')
      .values({
        user_id: ids.founder,
        kind: 'organisation',
        target: String(taken.id),
        label: 'Mairie de Grenoble Accueil',
        created_at: new Date().toISOString(),
      })
      .execute();
    const news = await database.db
      .selectFrom('news_items')
      .select('id')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('news_organisations')
      .values({ news_id: news.id, organisation_id: taken.id, position: 0 })
      .execute();
    await database.db
      .insertInto('organisation_contact_settings')
      .values({
        organisation_id: taken.id,
        accepts_messages: 0,
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .execute();
    await database.db
      .updateTable('users')
      .set({ organisation_id: taken.id })
      .where('id', '=', ids.stranger)
      .execute();
    const profile = await agents.stranger.post('/account/people-profile', {
      listed: 'true',
      headline: 'Welcome desk',
      organisation: 'Mairie de Grenoble Accueil',
      bio: '',
      languages: 'fr',
    });
    expect(profile.statusCode).toBe(303);

    // Its members: the one who took the name (its admin), a plain member, and the editor, who
    // is already an admin of the organisation kept; an invitation not yet accepted.
    await database.db
      .insertInto('organisation_members')
      .values([
        {
          organisation_id: taken.id,
          user_id: ids.founder,
          role: 'member',
          listed: 1,
          joined_at: '2026-01-01T00:00:00.000Z',
        },
        {
          organisation_id: taken.id,
          user_id: ids.editor,
          role: 'member',
          listed: 0,
          joined_at: '2026-01-01T00:00:00.000Z',
        },
      ])
      .execute();
    await database.db
      .insertInto('organisation_invitations')
      .values({
        token_hash: sha256('merge-invitation'),
        organisation_id: taken.id,
        user_id: ids.colleague,
        role: 'admin',
        invited_by: ids.stranger,
        created_at: '2026-01-01T00:00:00.000Z',
        expires_at: '2099-01-01T00:00:00.000Z',
        accepted_at: null,
      })
      .execute();

    // Editors only, from the profile: neither its admin nor its member may merge it, nor the
    // admin of a duplicate merge theirs.
    expect((await agents.stranger.get(mergePath)).statusCode).toBe(403);
    for (const who of ['stranger', 'founder'] as const) {
      const forbidden = await agents[who].post(
        mergePath,
        { into: 'ville-de-grenoble' },
        { csrf: await agents[who].csrfFrom('/account') },
      );
      expect(forbidden.statusCode, who).toBe(403);
    }
    const byDuplicateAdmin = await agents.colleague.post(
      '/organisations/ville-de-montreal-2/merge',
      { into: 'ville-de-montreal' },
      { csrf: await agents.colleague.csrfFrom('/account') },
    );
    expect(byDuplicateAdmin.statusCode).toBe(403);
    expect((await agents.stranger.get(`/organisations/${taken.slug}`)).body).not.toContain(
      `href="${mergePath}"`,
    );
    expect((await agents.editor.get(`/organisations/${taken.slug}`)).body).toContain(
      `href="${mergePath}"`,
    );
    const form = await agents.editor.get(mergePath);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Merge Mairie de Grenoble Accueil into another organisation');
    for (const [into, message] of [
      ['', 'This is required.'],
      ['Nowhere at all', 'No organisation in the directory has this address or name.'],
      [taken.slug, 'Name another organisation: this is the one being merged.'],
      ['Mairie de Grenoble Accueil', 'Name another organisation: this is the one being merged.'],
      [
        'Ville de Montréal',
        'Several organisations have this name: give the address of the one to keep instead.',
      ],
    ] as const) {
      const refused = await agents.editor.post(mergePath, { into });
      expect(refused.statusCode, into).toBe(400);
      expect(refused.body).toMatch(new RegExp(`id="field-into-error"[^>]*>${message}`));
    }
    const forged = await agents.editor.post(
      mergePath,
      { into: 'ville-de-grenoble' },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    expect((await app.inject({ url: `/organisations/${taken.slug}` })).statusCode).toBe(200);

    const merged = await agents.editor.post(mergePath, {
      into: 'http://clearinghouse.test/organisations/ville-de-grenoble',
    });
    expect(merged.statusCode).toBe(303);
    expect(merged.headers.location).toBe('/organisations/ville-de-grenoble');
    // No address of the directory ever moves, so the one removed answers 404 like any other.
    expect((await app.inject({ url: `/organisations/${taken.slug}` })).statusCode).toBe(404);
    expect(
      (await api('GET', `/api/v1/organisations/${taken.slug}`, undefined, null)).statusCode,
    ).toBe(404);
    expect((await agents.editor.get(mergePath)).statusCode).toBe(404);

    const links = await database.db
      .selectFrom('practice_organisations as po')
      .innerJoin('practices as p', 'p.id', 'po.practice_id')
      .select(['p.external_id', 'po.organisation_id', 'po.role'])
      .where('p.external_id', 'in', ['grenoble-1', 'grenoble-2'])
      .orderBy('p.external_id')
      .execute();
    expect(links).toEqual([
      { external_id: 'grenoble-1', organisation_id: realId, role: 'lead' },
      { external_id: 'grenoble-2', organisation_id: realId, role: 'lead' },
    ]);
    const eventLinks = await database.db
      .selectFrom('event_organisations')
      .select('organisation_id')
      .where('event_id', '=', event.id)
      .execute();
    expect(eventLinks.map((l) => l.organisation_id)).toContain(realId);
    const follow = await database.db
      .selectFrom('follows')
      .select('target')
      .where('user_id', '=', ids.founder)
      .where('kind', '=', 'organisation')
      .executeTakeFirstOrThrow();
    expect(follow.target).toBe(String(realId));
    const newsLinks = await database.db
      .selectFrom('news_organisations')
      .select('organisation_id')
      .where('news_id', '=', news.id)
      .execute();
    expect(newsLinks.map((l) => l.organisation_id)).toContain(realId);
    expect(newsLinks.map((l) => l.organisation_id)).not.toContain(taken.id);
    expect(
      await database.db
        .selectFrom('organisation_contact_settings')
        .select(['organisation_id', 'accepts_messages'])
        .where('organisation_id', 'in', [taken.id, realId])
        .execute(),
    ).toEqual([{ organisation_id: realId, accepts_messages: 0 }]);
    const account = await database.db
      .selectFrom('users')
      .select('organisation_id')
      .where('id', '=', ids.stranger)
      .executeTakeFirstOrThrow();
    expect(account.organisation_id).toBe(realId);
    const practicePage = (await app.inject({ url: `/practices/${both}` })).body;
    const organisationsSection = /aria-labelledby="organisations-heading">(.*?)<\/section>/s.exec(
      practicePage,
    )?.[1];
    expect(organisationsSection).toContain('Ville de Grenoble');
    expect(organisationsSection).not.toContain('Mairie de Grenoble Accueil');

    // Its members joined as plain members; the editor, already an admin there, stays one, once.
    const membersOfKept = await database.db
      .selectFrom('organisation_members')
      .select(['user_id', 'role', 'listed'])
      .where('organisation_id', '=', realId)
      .orderBy('user_id')
      .execute();
    expect(membersOfKept).toEqual(
      [
        { user_id: ids.founder, role: 'member', listed: 1 },
        { user_id: ids.stranger, role: 'member', listed: 0 },
        { user_id: ids.editor, role: 'admin', listed: 0 },
      ].sort((x, y) => x.user_id - y.user_id),
    );
    const invitations = await database.db
      .selectFrom('organisation_invitations')
      .select('organisation_id')
      .where('token_hash', '=', sha256('merge-invitation'))
      .execute();
    expect(invitations).toEqual([]);
    // A member of the organisation kept, the profile links to it.
    const person = (await app.inject({ url: `/api/v1/people/${ids.stranger}` })).json();
    expect(person).toMatchObject({
      organisation: { slug: 'ville-de-grenoble', name: 'Ville de Grenoble' },
    });
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['subject_id', 'actor_user_id', 'details'])
      .where('action', '=', 'organisation.merged')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ subject_id: String(realId), actor_user_id: ids.editor });
    expect(JSON.parse(audit[0]?.details ?? '{}')).toEqual({
      merged_id: taken.id,
      merged_slug: taken.slug,
      merged_name: 'Mairie de Grenoble Accueil',
    });
  });

  it('describes its API in the OpenAPI document', async () => {
    const doc = (await app.inject({ url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/organisations',
        '/api/v1/organisations/{organisationSlug}',
        '/api/v1/organisations/{organisationSlug}/verified',
      ]),
    );
    expect(doc.paths['/api/v1/organisations'].post).toBeDefined();
    expect(doc.paths['/api/v1/organisations/{organisationSlug}'].patch).toBeDefined();
    expect(doc.paths['/api/v1/organisations/{organisationSlug}/verified'].put).toBeDefined();
  });
});
