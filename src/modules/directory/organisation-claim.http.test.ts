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
import { createUser, PASSWORD, signIn } from '../../../test/helpers/users.ts';
import { resolveOrganisation } from './organisation.service.ts';
import { CLAIMS_DAILY } from './organisation-claim.service.ts';

const LISBON = 'Câmara Municipal de Lisboa';

describe.each(dialects)('asking to manage an organisation on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  const people = {
    claimant: 'ana@example.org',
    rival: 'rui@example.org',
    third: 'joao@example.org',
    sender: 'sender@example.org',
    editor: 'editor@example.org',
  } as const;
  type Who = keyof typeof people;
  const agents = {} as Record<Who, Agent>;
  const ids = {} as Record<Who, number>;
  let lisbonId: number;
  const slug = 'camara-municipal-de-lisboa';
  const path = `/organisations/${slug}`;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
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
    // The claimant reads the site in French: what is written to her is in French.
    await database.db
      .updateTable('users')
      .set({ locale: 'fr' })
      .where('id', '=', ids.claimant)
      .execute();
    // Created from a practice's name, as an import does: nobody belongs to it.
    lisbonId = await resolveOrganisation(database.db, {
      name: LISBON,
      type: null,
      website: 'https://www.lisboa.pt',
      countryCode: 'PT',
      cityId: null,
    });
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  const claim = (who: Who, values: Record<string, string>, at = path) =>
    agents[who].post(`${at}/claim`, values, { from: `${at}/claim` });
  const auditOf = (action: string) =>
    database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'subject_id', 'details'])
      .where('action', '=', action)
      .execute();
  const roleOf = async (who: Who) =>
    (
      await database.db
        .selectFrom('organisation_members')
        .select('role')
        .where('organisation_id', '=', lisbonId)
        .where('user_id', '=', ids[who])
        .executeTakeFirst()
    )?.role;
  const verifiedAt = async () =>
    (
      await database.db
        .selectFrom('organisations')
        .select('verified_at')
        .where('id', '=', lisbonId)
        .executeTakeFirstOrThrow()
    ).verified_at;

  it('shows an organisation nobody manages as managed by the editors, with the way to claim it', async () => {
    const page = await app.inject({ url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('it is managed by the editors, and its messages go to them');
    expect(page.body).toContain(`href="${path}/claim"`);
    // Claiming needs an account.
    const anonymous = await new Agent(app).get(`${path}/claim`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/account/login?next=');
  });

  it('answers a creation under a name already taken with a link to the existing one and its claim', async () => {
    const created = await agents.claimant.post(
      '/organisations',
      {
        name: 'CÂMARA municipal de lisboa',
        type: 'municipality',
        country: 'PT',
        city: 'Lisbon',
        website: 'https://www.lisboa.pt',
        description_locale: 'en',
        description: 'A câmara municipal da cidade de Lisboa.',
      },
      { from: '/organisations/new' },
    );
    expect(created.statusCode, created.body.match(/field-\w+-error[^<]*<[^<]*/g)?.join()).toBe(409);
    expect(created.body).toContain(
      'is already in the directory. If you work there, ask to manage it',
    );
    expect(created.body).toContain(`href="${path}"`);
    expect(created.body).toContain(`href="${path}/claim"`);
  });

  it('checks the evidence, field by field', async () => {
    const empty = await claim('claimant', { role_title: '', email: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toMatch(/id="field-role_title-error"/);
    expect(empty.body).toMatch(/id="field-email-error"/);
    const elsewhere = await claim('claimant', {
      role_title: 'Head of migrant services',
      email: 'ana@gmail.com',
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.body).toContain('Enter an address at lisboa.pt');
    const badLink = await claim('claimant', {
      role_title: 'Head of migrant services',
      email: 'ana@cm.lisboa.pt',
      link: 'javascript:alert(1)',
    });
    expect(badLink.statusCode).toBe(400);
    expect(badLink.body).toMatch(/id="field-link-error"/);
    expect(await database.db.selectFrom('organisation_claims').selectAll().execute()).toEqual([]);
  });

  let confirmPath = '';
  it('records a claim, refuses a second one from the same person, and mails the link in her language', async () => {
    const sent = await claim('claimant', {
      role_title: 'Head of migrant services',
      email: 'Ana.Silva@cm.Lisboa.pt',
      note: 'I run the Lisbon integration office.',
      link: 'https://www.lisboa.pt/equipa',
    });
    expect(sent.statusCode, sent.body.slice(0, 300)).toBe(200);
    expect(sent.body).toContain('Your request is sent');
    const again = await claim('claimant', {
      role_title: 'Head of migrant services',
      email: 'ana.silva@cm.lisboa.pt',
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('You have already asked to manage this organisation');
    const rows = await database.db.selectFrom('organisation_claims').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      user_id: ids.claimant,
      state: 'pending',
      email: 'ana.silva@cm.lisboa.pt',
      email_confirmed_at: null,
    });
    expect(await auditOf('organisation.claim_requested')).toHaveLength(1);
    // Asking grants nothing.
    expect(await roleOf('claimant')).toBeUndefined();

    await app.jobs.runDue(100);
    const mail = await smtp.next('ana.silva@cm.lisboa.pt');
    expect(mail.subject).toBe(`Confirmez votre adresse pour ${LISBON}`);
    const match = /https?:\/\/\S*(\/fr\/account\/claims\/[\w-]+)/.exec(mail.text);
    if (!match) throw new Error(`no link in: ${mail.text}`);
    confirmPath = match[1] as string;
    // Only the hash of the token is kept.
    const stored = await database.db
      .selectFrom('organisation_claims')
      .select('email_token_hash')
      .executeTakeFirstOrThrow();
    expect(stored.email_token_hash).not.toBeNull();
    expect(mail.text).not.toContain(stored.email_token_hash as string);
  });

  it('confirms the address once, from the link alone', async () => {
    const opened = await new Agent(app).get(confirmPath);
    expect(opened.statusCode).toBe(200);
    expect(opened.body).toContain(`Adresse confirmée pour ${LISBON}`);
    expect((await new Agent(app).get(confirmPath)).statusCode).toBe(404);
    const row = await database.db
      .selectFrom('organisation_claims')
      .select(['email_confirmed_at', 'email_token_hash'])
      .executeTakeFirstOrThrow();
    expect(row.email_confirmed_at).not.toBeNull();
    expect(row.email_token_hash).toBeNull();
  });

  it('shows the editors the claims waiting, and lets only them decide', async () => {
    await claim('rival', { role_title: 'Intern', email: 'rui@lisboa.pt' });
    const dashboard = await agents.editor.get('/editor');
    expect(dashboard.body).toContain('2 requests to manage an organisation');
    const list = await agents.editor.get('/editor/claims');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('Person claimant');
    expect(list.body).toContain('ana.silva@cm.lisboa.pt');
    expect(list.body).toContain('(confirmed: the link sent to it was opened)');
    expect(list.body).toContain('(not confirmed yet)');
    expect((await agents.rival.get('/editor/claims')).statusCode).toBe(403);
    const [first] = await database.db
      .selectFrom('organisation_claims')
      .select('id')
      .where('user_id', '=', ids.claimant)
      .execute();
    const byClaimant = await agents.claimant.post(
      `/editor/claims/${first?.id}/approve`,
      {},
      { csrf: await agents.claimant.csrfFrom('/account') },
    );
    expect(byClaimant.statusCode).toBe(403);
    expect(await roleOf('claimant')).toBeUndefined();
  });

  const claimIdOf = async (who: Who) =>
    (
      await database.db
        .selectFrom('organisation_claims')
        .select('id')
        .where('user_id', '=', ids[who])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow()
    ).id;

  it('refuses a claim with a reason, grants nothing, and tells the claimant in English', async () => {
    const id = await claimIdOf('rival');
    const refusePath = `/editor/claims/${id}/refuse`;
    const noReason = await agents.editor.post(refusePath, { reason: ' ' }, { from: refusePath });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toMatch(/id="field-reason-error"/);
    const refused = await agents.editor.post(
      refusePath,
      { reason: 'Nothing shows that you work there.' },
      { from: refusePath },
    );
    expect(refused.statusCode).toBe(303);
    expect(await roleOf('rival')).toBeUndefined();
    expect(await verifiedAt()).toBeNull();
    await app.jobs.runDue(100);
    const mail = await smtp.next(people.rival);
    expect(mail.subject).toBe(`Your request to manage ${LISBON} was refused`);
    expect(mail.text).toContain('Nothing shows that you work there.');
    const audit = await auditOf('organisation.claim_refused');
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actor_user_id).toBe(ids.editor);
    // Decided once: a second decision finds nothing waiting.
    const twice = await agents.editor.post(
      `/editor/claims/${id}/approve`,
      {},
      { from: '/editor/claims' },
    );
    expect(twice.statusCode).toBe(404);
    expect(await roleOf('rival')).toBeUndefined();
  });

  it('approves a claim: the claimant becomes admin, the organisation verified, and she is told in French', async () => {
    const id = await claimIdOf('claimant');
    const approved = await agents.editor.post(
      `/editor/claims/${id}/approve`,
      {},
      { from: '/editor/claims' },
    );
    expect(approved.statusCode).toBe(303);
    expect(await roleOf('claimant')).toBe('admin');
    expect(await verifiedAt()).not.toBeNull();
    await app.jobs.runDue(100);
    const mail = await smtp.next(people.claimant);
    expect(mail.subject).toBe(`Vous gérez désormais ${LISBON}`);
    const audit = await auditOf('organisation.claim_approved');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor_user_id: ids.editor, subject_id: String(lisbonId) });
    const page = await agents.claimant.get(path);
    expect(page.body).not.toContain('managed by the editors');
    expect(page.body).not.toContain('id="claim-link"');
    expect((await agents.editor.get('/editor')).body).toContain(
      'No requests to manage an organisation',
    );
  });

  it('tells the admins of a managed organisation when someone else claims it', async () => {
    const sent = await claim('third', { role_title: 'Director', email: 'joao@lisboa.pt' });
    expect(sent.statusCode).toBe(200);
    await app.jobs.runDue(100);
    const mail = await smtp.next(people.claimant);
    expect(mail.subject).toBe(`Person third a demandé à gérer ${LISBON}`);
    expect(await roleOf('third')).toBeUndefined();
  });

  it('limits how many claims one person sends in a day', async () => {
    // The third person has sent one; the limit counts every organisation.
    for (let i = 1; i <= CLAIMS_DAILY; i++) {
      await resolveOrganisation(database.db, {
        name: `Junta de Freguesia ${i}`,
        type: null,
        website: null,
        countryCode: 'PT',
        cityId: null,
      });
      const response = await claim(
        'third',
        { role_title: 'Director', email: 'joao@example.pt' },
        `/organisations/junta-de-freguesia-${i}`,
      );
      expect(response.statusCode).toBe(i < CLAIMS_DAILY ? 200 : 429);
    }
  });

  it('hands an organisation whose last admin deleted their account to the editors, with its messages', async () => {
    const deleted = await agents.claimant.post(
      '/account/delete',
      { current_password: PASSWORD },
      { from: '/account/delete' },
    );
    expect(deleted.statusCode).toBe(200);
    const page = await app.inject({ url: path });
    expect(page.body).toContain('it is managed by the editors, and its messages go to them');
    const message = await agents.sender.post(
      `/contact/organisation/${slug}`,
      {
        subject: 'Language cafés',
        message: 'We run a similar programme in Lyon and would like to compare our results.',
      },
      { from: `/contact/organisation/${slug}` },
    );
    expect(message.statusCode, message.body.slice(0, 300)).toBe(303);
    await app.jobs.runDue(100);
    const mail = await smtp.next(people.editor);
    expect(mail.text).toContain('Language cafés');
  });

  it('lets the only member and admin leave, and hands the organisation to the editors', async () => {
    const created = await agents.rival.post(
      '/organisations',
      {
        name: 'Junta de Freguesia de Arroios',
        type: 'municipality',
        country: 'PT',
        city: 'Lisbon',
        website: 'https://www.jf-arroios.pt',
        description_locale: 'en',
        description: 'The parish council of Arroios, in Lisbon.',
      },
      { from: '/organisations/new' },
    );
    expect(created.statusCode).toBe(303);
    const arroios = created.headers.location as string;
    expect((await app.inject({ url: arroios })).body).not.toContain('managed by the editors');
    const left = await agents.rival.post(
      `${arroios}/members/${ids.rival}/remove`,
      {},
      { from: `${arroios}/members` },
    );
    expect(left.statusCode).toBe(303);
    expect((await app.inject({ url: arroios })).body).toContain(
      'it is managed by the editors, and its messages go to them',
    );
  });
});
