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
import { createUser, PASSWORD, signIn } from '../../../test/helpers/users.ts';
import { ensureFoundingOrganisations } from '../directory/founding-organisations.ts';
import { getListedPerson } from './people.service.ts';

const HOSTILE = '<script>alert("bio")</script><img src=x onerror=alert(1)> & "quotes"';

const ALICE_PROFILE = {
  listed: 'true',
  headline: 'Integration policy adviser',
  organisation: 'International Organization for Migration',
  bio: `Twenty years of work on housing.\n\n${HOSTILE}`,
  themes: ['housing', 'language-learning'],
  languages: 'ar, pt-BR',
  regions: ['155'],
};

const CAROL_PROFILE = {
  listed: 'true',
  headline: 'Researcher on schools and newcomers',
  organisation: '',
  bio: '',
  themes: ['education'],
  languages: 'fr',
  regions: ['002'],
};

describe.each(dialects)('public profiles and the experts list on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const emails = {
    alice: 'alice.private@example.org',
    bob: 'bob.private@example.org',
    carol: 'carol.private@example.org',
  } as const;
  type Who = keyof typeof emails;
  const ids = {} as Record<Who, number>;
  const agents = {} as Record<Who, Agent>;
  let practiceSlug: string;

  const save = (who: Who, fields: Record<string, string | string[]>) =>
    agents[who].post('/account/people-profile', fields);
  const json = async (url: string) => {
    const response = await app.inject(url);
    return { response, body: response.json() as Record<string, unknown> };
  };
  const names = async (url: string) =>
    ((await json(url)).body.results as { name: string }[]).map((r) => r.name).sort();
  const noEmails = (text: string) => {
    for (const email of Object.values(emails)) expect(text).not.toContain(email);
    expect(text).not.toMatch(/private@/);
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    await ensureFoundingOrganisations(database.db);
    app = await buildTestApp(database, { authRateLimitPerMinute: 100_000, loginDelayMs: 1 });
    for (const who of Object.keys(emails) as Who[]) {
      ids[who] = await createUser(
        database.db,
        emails[who],
        'member',
        `${who[0]?.toUpperCase()}${who.slice(1)} Person`,
      );
      agents[who] = new Agent(app);
      await signIn(agents[who], emails[who]);
    }
    // Alice works for IOM: a profile links only to an organisation that counts its person as a member.
    const iom = await database.db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', 'international-organization-for-migration')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('organisation_members')
      .values({
        organisation_id: iom.id,
        user_id: ids.alice,
        role: 'member',
        listed: 0,
        joined_at: new Date().toISOString(),
      })
      .execute();
    // Alice proposed a practice that was published.
    const practice = await database.db
      .selectFrom('practices')
      .select(['id', 'slug'])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    practiceSlug = practice.slug;
    const now = new Date().toISOString();
    await database.db
      .insertInto('submissions')
      .values({
        practice_id: practice.id,
        author_user_id: ids.alice,
        call_id: null,
        state: 'published',
        data: '{}',
        evidence_level: null,
        evidence_justification: null,
        created_at: now,
        updated_at: now,
        submitted_at: now,
        decided_at: now,
      })
      .execute();
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('keeps a saved profile private until the person lists it, with the same 404 as an unknown id', async () => {
    const saved = await save('bob', { ...CAROL_PROFILE, listed: '', headline: 'Bob the hidden' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/account/people-profile?saved=1');
    const form = await agents.bob.get('/account/people-profile?saved=1');
    expect(form.body).toContain('Your profile is saved. It is not public');
    expect(form.body).toContain('value="Bob the hidden"');

    const unlisted = await app.inject(`/people/${ids.bob}`);
    const unknown = await app.inject('/people/99999999');
    const malformed = await app.inject('/people/not-a-number');
    for (const response of [unlisted, unknown, malformed]) {
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain('Bob');
    }
    const apiUnlisted = await app.inject(`/api/v1/people/${ids.bob}`);
    const apiUnknown = await app.inject('/api/v1/people/99999999');
    expect(apiUnlisted.statusCode).toBe(404);
    expect(apiUnlisted.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    expect(apiUnlisted.json().code).toBe('person_not_found');
    expect(apiUnlisted.json().detail).toBe(apiUnknown.json().detail);
    expect(await getListedPerson(database.db, ids.bob)).toBeUndefined();

    expect((await app.inject('/experts')).body).not.toContain('Bob');
    const none = (await app.inject('/experts?theme=housing&language=zz')).body;
    const empty = none.slice(none.indexOf('class="empty-state"'));
    expect(empty).toContain('Nobody matches these filters');
    expect(empty).toContain('<a href="/experts">Show all experts</a>');
    expect(empty).toContain('href="/account/people-profile"');
    expect(await names('/api/v1/experts')).not.toContain('Bob Person');
  });

  it('shows a listed profile: organisation, expertise, languages, regions, practices, contact link and a Person in JSON-LD', async () => {
    const saved = await save('alice', ALICE_PROFILE);
    expect(saved.statusCode).toBe(303);
    const form = await agents.alice.get('/account/people-profile?saved=1');
    expect(form.body).toContain('Your profile is saved and public.');
    expect(form.body).toContain(`href="/people/${ids.alice}"`);

    const page = await app.inject(`/people/${ids.alice}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Alice Person</h1>');
    expect(page.body).toContain('Integration policy adviser');
    expect(page.body).toContain('href="/organisations/international-organization-for-migration"');
    expect(page.body).toContain('href="/themes/housing"');
    expect(page.body).toContain('href="/themes/language-learning"');
    expect(page.body).toContain('Arabic, Brazilian Portuguese');
    expect(page.body).toContain('href="/regions/155"');
    expect(page.body).toContain(`href="/practices/${practiceSlug}"`);
    expect(page.body).toContain(`href="/contact/person/${ids.alice}"`);
    noEmails(page.body);

    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body);
    const data = JSON.parse(ld?.[1] ?? '{}') as {
      '@type': string;
      mainEntity: Record<string, unknown>;
    };
    expect(data['@type']).toBe('ProfilePage');
    expect(data.mainEntity).toMatchObject({
      '@type': 'Person',
      name: 'Alice Person',
      jobTitle: 'Integration policy adviser',
      knowsLanguage: ['ar', 'pt-BR'],
      worksFor: { '@type': 'Organization', name: 'International Organization for Migration' },
    });
    expect(data.mainEntity.email).toBeUndefined();

    const { response, body } = await json(`/api/v1/people/${ids.alice}`);
    expect(response.statusCode).toBe(200);
    expect(body).toMatchObject({
      id: ids.alice,
      name: 'Alice Person',
      url: `http://clearinghouse.test/people/${ids.alice}`,
      contact_url: `http://clearinghouse.test/contact/person/${ids.alice}`,
      organisation: { slug: 'international-organization-for-migration' },
      languages: ['ar', 'pt-BR'],
      regions: [{ code: '155' }],
      practice_count: 1,
    });
    expect(body.bio).toContain(HOSTILE);
    expect((body.themes as { id: string }[]).map((t) => t.id)).toEqual([
      'housing',
      'language-learning',
    ]);
    noEmails(response.body);
    expect(await getListedPerson(database.db, ids.alice)).toEqual({
      id: ids.alice,
      name: 'Alice Person',
    });
    expect(await getListedPerson(database.db, String(ids.alice))).toBeDefined();
    expect(await getListedPerson(database.db, 'abc')).toBeUndefined();
  });

  it('escapes a hostile bio and headline in the page and in the JSON-LD', async () => {
    await save('alice', { ...ALICE_PROFILE, headline: '<b>bold</b> adviser' });
    const page = await app.inject(`/people/${ids.alice}`);
    expect(page.body).not.toContain('<script>alert');
    expect(page.body).not.toContain('<img src=x');
    expect(page.body).not.toContain('<b>bold</b>');
    expect(page.body).toContain('<p>&lt;script>alert(&#34;bio&#34;)&lt;/script>&lt;img src=x');
    expect(page.body).toContain('<p class="lead">&lt;b>bold&lt;/b> adviser</p>');
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '';
    expect(ld).not.toContain('<');
    expect(
      (JSON.parse(ld) as { mainEntity: { description: string } }).mainEntity.description,
    ).toContain(HOSTILE);
    const experts = await app.inject('/experts');
    expect(experts.body).not.toContain('<b>bold</b>');
    await save('alice', ALICE_PROFILE);
  });

  it('filters the experts, ORing values of one filter and ANDing filters, on the page and in the API', async () => {
    expect((await save('carol', CAROL_PROFILE)).statusCode).toBe(303);
    expect(await names('/api/v1/experts')).toEqual(['Alice Person', 'Carol Person']);
    expect(await names('/api/v1/experts?theme=housing')).toEqual(['Alice Person']);
    expect(await names('/api/v1/experts?theme=housing&theme=education')).toEqual([
      'Alice Person',
      'Carol Person',
    ]);
    // A language finds its regional variants; a region finds the people of its sub-regions.
    expect(await names('/api/v1/experts?language=pt')).toEqual(['Alice Person']);
    expect(await names('/api/v1/experts?language=fr')).toEqual(['Carol Person']);
    expect(await names('/api/v1/experts?region=150')).toEqual(['Alice Person']);
    expect(await names('/api/v1/experts?region=002&region=150')).toEqual([
      'Alice Person',
      'Carol Person',
    ]);
    expect(await names('/api/v1/experts?theme=housing&language=fr')).toEqual([]);

    const paged = await json('/api/v1/experts?per_page=1&page=2');
    expect(paged.body).toMatchObject({ total: 2, page: 2, per_page: 1 });
    expect((paged.body.results as { name: string }[]).map((r) => r.name)).toEqual(['Carol Person']);
    noEmails(paged.response.body);

    const page = await app.inject('/experts?theme=education');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`href="/people/${ids.carol}"`);
    expect(page.body).not.toContain(`href="/people/${ids.alice}"`);
    expect(page.body).toContain('name="theme" value="education" checked');
    // Facet counts apply the other filters only: housing still counts Alice.
    expect(page.body).toMatch(
      /value="housing"[^>]*>\s*<span class="facet__label">Housing<\/span><span class="count">1</,
    );
    noEmails(page.body);
    const all = await app.inject('/experts');
    expect(all.body).toContain('2 people');
    noEmails(all.body);
  });

  it('refuses unknown filter values: a problem naming the field in the API, a message on the page', async () => {
    const response = await app.inject(
      '/api/v1/experts?theme=no-such-theme&language=english&region=999',
    );
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['language', 'region', 'theme']);

    const page = await app.inject('/experts?theme=no-such-theme&language=fr');
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain(
      '“no-such-theme” is not a filter this list knows: it was left out.',
    );
    expect(page.body).toContain(`href="/people/${ids.carol}"`);
  });

  it('refuses bad input at each field, keeps what was typed and changes nothing', async () => {
    const response = await save('alice', {
      listed: 'true',
      headline: 'h'.repeat(201),
      organisation: 'No Such Organisation Anywhere',
      bio: 'b'.repeat(3001),
      themes: ['housing', 'no-such-theme'],
      languages: 'en, elvish, xx-zz-123',
      regions: ['999'],
    });
    expect(response.statusCode).toBe(400);
    const body = response.body;
    expect(body).toContain('id="error-summary"');
    expect(body).toMatch(/id="field-headline-error"[^>]*>Use at most 200 characters\./);
    expect(body).toMatch(/id="field-bio-error"[^>]*>Use at most 3000 characters\./);
    // An organisation outside the directory is no mistake: it is kept as written, unverified.
    expect(body).not.toContain('id="field-organisation-error"');
    expect(body).toMatch(/id="field-languages-error"[^>]*>“elvish” is not a language we know/);
    expect(body).toMatch(/id="field-themes-error"[^>]*>Choose from the list\./);
    expect(body).toMatch(/id="field-regions-error"[^>]*>Choose from the list\./);
    expect(body).toContain('value="No Such Organisation Anywhere"');
    expect(body).toContain('value="en, elvish, xx-zz-123"');

    const noHeadline = await save('alice', { ...ALICE_PROFILE, headline: '  ' });
    expect(noHeadline.statusCode).toBe(400);
    expect(noHeadline.body).toMatch(
      /id="field-headline-error"[^>]*>Write a headline to make your profile public\./,
    );

    const { body: kept } = await json(`/api/v1/people/${ids.alice}`);
    expect(kept.headline).toBe(ALICE_PROFILE.headline);
    expect(kept.languages).toEqual(['ar', 'pt-BR']);
  });

  it('takes languages by their names in any of the six languages, or their own', async () => {
    const response = await save('alice', {
      ...ALICE_PROFILE,
      languages: 'English, árabe, русский, 中文, Deutsch، pt-BR',
    });
    expect(response.statusCode).toBe(303);
    const { body } = await json(`/api/v1/people/${ids.alice}`);
    expect(body.languages).toEqual(['en', 'ar', 'ru', 'zh', 'de', 'pt-BR']);
    await save('alice', ALICE_PROFILE);
  });

  it('asks for a sign-in and a CSRF token', async () => {
    const anonymous = await app.inject('/account/people-profile');
    expect(anonymous.statusCode).toBe(303);
    const forged = await agents.carol.post(
      '/account/people-profile',
      { listed: '' },
      { csrf: false },
    );
    expect(forged.statusCode).toBe(403);
    expect(await getListedPerson(database.db, ids.carol)).toBeDefined();
    const account = await agents.carol.get('/account');
    expect(account.body).toContain('href="/account/people-profile"');
  });

  it('removes the profile from every list once the person unlists it', async () => {
    const saved = await save('carol', { ...CAROL_PROFILE, listed: '' });
    expect(saved.statusCode).toBe(303);
    expect((await app.inject(`/people/${ids.carol}`)).statusCode).toBe(404);
    expect(await names('/api/v1/experts')).toEqual(['Alice Person']);
    expect(await getListedPerson(database.db, ids.carol)).toBeUndefined();
  });

  it('links a profile only to an organisation its person is a member of; any other shows as unverified text', async () => {
    const claimed = await save('bob', {
      ...CAROL_PROFILE,
      headline: 'Self-declared expert',
      organisation: 'International Organization for Migration',
    });
    expect(claimed.statusCode).toBe(303);
    const row = await database.db
      .selectFrom('people_profiles')
      .select(['organisation_id', 'organisation_name'])
      .where('user_id', '=', ids.bob)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      organisation_id: null,
      organisation_name: 'International Organization for Migration',
    });

    const page = await app.inject(`/people/${ids.bob}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(
      'href="/organisations/international-organization-for-migration"',
    );
    expect(page.body).toMatch(
      /<span>International Organization for Migration<\/span> <span class="unverified-mark">\(unverified: the organisation has not confirmed this person as a member\)/,
    );
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '';
    expect(JSON.parse(ld).mainEntity.worksFor).toBeUndefined();
    const { body } = await json(`/api/v1/people/${ids.bob}`);
    expect(body).toMatchObject({
      organisation: null,
      unconfirmed_organisation: 'International Organization for Migration',
    });
    const form = await agents.bob.get('/account/people-profile');
    expect(form.body).toContain('value="International Organization for Migration"');

    // A member who leaves no longer speaks for the organisation, without saving anything again.
    await database.db.deleteFrom('organisation_members').where('user_id', '=', ids.alice).execute();
    const left = await json(`/api/v1/people/${ids.alice}`);
    expect(left.body).toMatchObject({
      organisation: null,
      unconfirmed_organisation: 'International Organization for Migration',
    });
    expect((await app.inject(`/people/${ids.alice}`)).body).toContain('class="unverified-mark"');
  });

  it('serves the pages in Arabic, right to left', async () => {
    const experts = await app.inject('/ar/experts');
    expect(experts.statusCode).toBe(200);
    expect(experts.body).toContain('dir="rtl"');
    expect(experts.body).toContain('الخبراء والممارسون');
    const person = await app.inject(`/ar/people/${ids.alice}`);
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain(`href="/ar/contact/person/${ids.alice}"`);
  });

  it('deletes the profile with the account', async () => {
    const deleted = await agents.alice.post('/account/delete', { current_password: PASSWORD });
    expect(deleted.statusCode).toBe(200);
    expect((await app.inject(`/people/${ids.alice}`)).statusCode).toBe(404);
    expect(await getListedPerson(database.db, ids.alice)).toBeUndefined();
    const left = await database.db
      .selectFrom('people_profile_themes')
      .select('user_id')
      .where('user_id', '=', ids.alice)
      .execute();
    expect(left).toEqual([]);
  });
});
