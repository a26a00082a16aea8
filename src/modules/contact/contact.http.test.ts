import { readFileSync } from 'node:fs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtp } from '../../../test/helpers/smtp.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { DEMO_FILE } from '../system/demo-content.ts';

const PEOPLE = {
  sender: ['sender@example.org', 'member'],
  proposer: ['proposer@example.org', 'contributor'],
  orgAdmin: ['org-admin@example.org', 'member'],
  person: ['listed-person@example.org', 'member'],
  hidden: ['unlisted-person@example.org', 'member'],
  busy: ['busy-sender@example.org', 'member'],
  rude: ['rude-sender@example.org', 'member'],
  editor: ['editor@example.org', 'editor'],
  squatter: ['squatter@example.org', 'member'],
  curious: ['curious-sender@example.org', 'member'],
} as const;
type Who = keyof typeof PEOPLE;
const ADDRESSES = Object.values(PEOPLE).map(([email]) => email);

const MESSAGE = 'We run a similar programme in Lyon and would like to compare our results.';

describe.each(dialects)('the contact relay on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  /** Every page served to any agent in this file, to look for addresses in. */
  const served: { url: string; body: string }[] = [];
  const ids = {} as Record<Who, number>;
  const agents = {} as Record<Who, Agent>;
  let practice: { id: number; slug: string };
  let organisation: { id: number; slug: string };

  const newAgent = () => {
    // Records what the app answers, whoever asks.
    const recording = Object.create(app) as FastifyInstance;
    recording.inject = (async (options: InjectOptions) => {
      const response = await app.inject(options);
      served.push({ url: String(options.url), body: response.body });
      return response;
    }) as unknown as FastifyInstance['inject'];
    return new Agent(recording);
  };
  const countMessages = async () =>
    Number(
      (
        await database.db
          .selectFrom('contact_messages')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const countEmailJobs = async () =>
    Number(
      (
        await database.db
          .selectFrom('jobs')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('kind', '=', 'email')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const send = (who: Who, path: string, fields: Record<string, string>) =>
    agents[who].post(path, fields);
  const header = (mail: ReceivedMail, name: string) =>
    new RegExp(`^${name}:\\s*(.*)$`, 'mi').exec(mail.raw)?.[1]?.trim() ?? '';
  const reportLink = (mail: ReceivedMail) => {
    const match = /https?:\/\/\S*(\/contact\/report\/[\w-]+)/.exec(mail.text);
    if (!match) throw new Error(`no report link in: ${mail.text}`);
    return match[1] as string;
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
    for (const [who, [email, role]] of Object.entries(PEOPLE) as [Who, [string, 'member']][]) {
      ids[who] = await createUser(database.db, email, role, `Person ${who}`);
      agents[who] = newAgent();
      await signIn(agents[who], email);
    }
    // A practice with a lead organisation: its proposer and the organisation's admin are its contact.
    const lead = await database.db
      .selectFrom('practice_organisations as po')
      .innerJoin('practices as p', 'p.id', 'po.practice_id')
      .innerJoin('organisations as o', 'o.id', 'po.organisation_id')
      .select([
        'p.id as practiceId',
        'p.slug as practiceSlug',
        'o.id as orgId',
        'o.slug as orgSlug',
      ])
      .where('po.role', '=', 'lead')
      .orderBy('p.id')
      .executeTakeFirstOrThrow();
    practice = { id: lead.practiceId, slug: lead.practiceSlug };
    organisation = { id: lead.orgId, slug: lead.orgSlug };
    const now = new Date().toISOString();
    // Verified by the editors: an unverified organisation does not answer for a practice it did
    // not propose (see the test of a squatted name below).
    await database.db
      .updateTable('organisations')
      .set({ verified_at: now, verified_by: ids.editor })
      .where('id', '=', organisation.id)
      .execute();
    await database.db
      .insertInto('organisation_members')
      .values({
        organisation_id: organisation.id,
        user_id: ids.orgAdmin,
        role: 'admin',
        listed: 0,
        joined_at: now,
      })
      .execute();
    await database.db
      .insertInto('submissions')
      .values({
        practice_id: practice.id,
        author_user_id: ids.proposer,
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
    for (const [who, listed] of [
      ['person', 1],
      ['hidden', 0],
    ] as const)
      await database.db
        .insertInto('people_profiles')
        .values({
          user_id: ids[who],
          listed,
          headline: 'Integration officer',
          organisation_id: null,
          bio: '',
          created_at: now,
          updated_at: now,
        })
        .execute();
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  it('sends anonymous visitors to sign in, and refuses their messages', async () => {
    const anonymous = newAgent();
    const page = await anonymous.get(`/contact/practice/${practice.slug}`);
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toContain('/account/login?next=');
    const csrf = await anonymous.csrfFrom('/account/login');
    const posted = await anonymous.post(
      `/contact/practice/${practice.slug}`,
      { subject: 'Hello', message: MESSAGE },
      { csrf },
    );
    expect(posted.statusCode).toBe(401);
    expect(await countMessages()).toBe(0);
  });

  it('links to the relay from practice and organisation pages', async () => {
    const practicePage = await agents.sender.get(`/practices/${practice.slug}`);
    expect(practicePage.body).toContain(`href="/contact/practice/${practice.slug}"`);
    const organisationPage = await agents.sender.get(`/organisations/${organisation.slug}`);
    expect(organisationPage.body).toContain(`href="/contact/organisation/${organisation.slug}"`);
    const account = await agents.sender.get('/account');
    expect(account.body).toContain('href="/account/contact"');
  });

  it('relays a message about a practice to its proposer and its organisation’s admin, with the sender as Reply-To', async () => {
    const page = await agents.sender.get(`/contact/practice/${practice.slug}`);
    expect(page.statusCode).toBe(200);
    // The form tells the truth the email below checks: the sender's address travels as Reply-To.
    expect(page.body).toContain('the email carries it as its Reply-To address');
    // The honeypot: out of sight, out of the tab order, never autofilled.
    expect(page.body).toMatch(
      /<div class="visually-hidden" aria-hidden="true">[\s\S]*?name="website"[\s\S]*?autocomplete="off"[\s\S]*?tabindex="-1"/,
    );
    const sent = await send('sender', `/contact/practice/${practice.slug}`, {
      subject: 'Your language cafés',
      message: MESSAGE,
      website: '',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/contact/sent');
    const confirmation = await agents.sender.get('/contact/sent');
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('Your message was sent');

    await app.jobs.runDue(100);
    for (const who of ['proposer', 'orgAdmin'] as const) {
      const mail = await smtp.next(PEOPLE[who][0]);
      expect(header(mail, 'To')).toContain(PEOPLE[who][0]);
      expect(header(mail, 'Reply-To')).toContain('sender@example.org');
      expect(mail.subject).toBe('Person sender wrote to you: Your language cafés');
      expect(mail.text).toContain(MESSAGE);
      expect(mail.text).toContain('/contact/report/');
    }
    // Nobody else heard of it, and the sender got no copy.
    expect(smtp.messages.filter((m) => m.to === 'sender@example.org')).toEqual([]);
    const stored = await database.db
      .selectFrom('contact_messages')
      .selectAll()
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      sender_user_id: ids.sender,
      recipient_kind: 'practice',
      recipient_id: practice.id,
      subject: 'Your language cafés',
      body: MESSAGE,
      reported_at: null,
    });
  });

  it('relays a message to an organisation’s admins and to a person with a listed profile', async () => {
    const toOrganisation = await send('sender', `/contact/organisation/${organisation.slug}`, {
      subject: 'Partnership',
      message: MESSAGE,
    });
    expect(toOrganisation.statusCode).toBe(303);
    const toPerson = await send('sender', `/contact/person/${ids.person}`, {
      subject: 'Your talk',
      message: MESSAGE,
    });
    expect(toPerson.statusCode).toBe(303);
    await app.jobs.runDue(100);
    const admin = await smtp.next(PEOPLE.orgAdmin[0]);
    expect(admin.subject).toContain('Partnership');
    expect(header(admin, 'Reply-To')).toContain('sender@example.org');
    const person = await smtp.next(PEOPLE.person[0]);
    expect(person.subject).toContain('Your talk');
    expect(header(person, 'Reply-To')).toContain('sender@example.org');
    expect(header(person, 'To')).toContain(PEOPLE.person[0]);
  });

  it('answers 404 for unknown recipients and for people without a listed profile', async () => {
    for (const path of [
      `/contact/person/${ids.hidden}`,
      '/contact/person/999999',
      '/contact/person/not-a-number',
      '/contact/organisation/no-such-organisation',
      '/contact/practice/no-such-practice',
    ]) {
      const response = await agents.sender.get(path);
      expect(response.statusCode, path).toBe(404);
    }
    const posted = await agents.sender.post(
      '/contact/organisation/no-such-organisation',
      { subject: 'Hello', message: MESSAGE },
      { from: '/contact/sent' },
    );
    expect(posted.statusCode).toBe(404);
  });

  it('refuses bad input beside the field, keeping what was typed, and sends nothing', async () => {
    const before = { messages: await countMessages(), jobs: await countEmailJobs() };
    const empty = await send('sender', `/contact/practice/${practice.slug}`, {
      subject: '',
      message: 'Too short',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('id="field-subject-error"');
    expect(empty.body).toContain('Write at least 10 characters.');
    expect(empty.body).toContain('>Too short</textarea>');

    const links = await send('sender', `/contact/practice/${practice.slug}`, {
      subject: 'Cheap offers',
      message:
        'See https://a.example and http://b.example and www.c.example and https://d.example now',
    });
    expect(links.statusCode).toBe(400);
    expect(links.body).toContain('Include at most 3 web addresses.');
    expect(links.body).toContain('value="Cheap offers"');

    const three = await send('sender', `/contact/practice/${practice.slug}`, {
      subject: 'Three links',
      message: 'See https://a.example and http://b.example and www.c.example for details.',
    });
    expect(three.statusCode).toBe(303);
    expect(await countMessages()).toBe(before.messages + 1);
    expect(await countEmailJobs()).toBe(before.jobs + 2);
  });

  it('answers a filled honeypot as a success, and sends and keeps nothing', async () => {
    const before = { messages: await countMessages(), jobs: await countEmailJobs() };
    const response = await send('busy', `/contact/organisation/${organisation.slug}`, {
      subject: 'Great offer',
      message: MESSAGE,
      website: 'https://spam.example',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/contact/sent');
    expect(await countMessages()).toBe(before.messages);
    expect(await countEmailJobs()).toBe(before.jobs);
  });

  it('refuses the message past the hourly limit of its sender, with a message, and sends nothing', async () => {
    // The limit set low for this test, on an app of its own over the same database.
    const limited = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      contactRateLimitPerHour: 1,
    });
    const path = `/contact/organisation/${organisation.slug}`;
    try {
      const busy = new Agent(limited);
      await signIn(busy, PEOPLE.busy[0]);
      const ok = await busy.post(path, { subject: 'Question 1', message: MESSAGE });
      expect(ok.statusCode).toBe(303);
      const before = { messages: await countMessages(), jobs: await countEmailJobs() };
      const refused = await busy.post(path, { subject: 'One more', message: MESSAGE });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600);
      expect(refused.body).toContain('You have sent as many messages as allowed for now.');
      expect(refused.body).toMatch(/Try again in \d+ minutes?\./);
      expect(refused.body).toContain('value="One more"');
      expect(await countMessages()).toBe(before.messages);
      expect(await countEmailJobs()).toBe(before.jobs);

      // Someone else still writes.
      await createUser(database.db, 'another-sender@example.org', 'member', 'Another sender');
      const another = new Agent(limited);
      await signIn(another, 'another-sender@example.org');
      const theirs = await another.post(path, { subject: 'From someone else', message: MESSAGE });
      expect(theirs.statusCode).toBe(303);
      expect(await countMessages()).toBe(before.messages + 1);
    } finally {
      await limited.close();
    }
    // 0 lifts the limit, however many the sender has sent.
    await database.db
      .updateTable('throttles')
      .set({ count: 1000 })
      .where('key', 'in', [`contact:hour:${ids.busy}`, `contact:day:${ids.busy}`])
      .execute();
    const unlimited = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
      contactRateLimitPerHour: 0,
    });
    try {
      const busy = new Agent(unlimited);
      await signIn(busy, PEOPLE.busy[0]);
      const again = await busy.post(path, { subject: 'No limit', message: MESSAGE });
      expect(again.statusCode).toBe(303);
    } finally {
      await unlimited.close();
    }
  });

  it('enforces CSRF on every form', async () => {
    const before = await countMessages();
    for (const [path, fields] of [
      [`/contact/practice/${practice.slug}`, { subject: 'Hi', message: MESSAGE }],
      ['/account/contact', { accepts: 'no' }],
      [`/contact/organisation/${organisation.slug}/settings`, { accepts: 'no' }],
    ] as const) {
      const missing = await agents.sender.post(path, fields, { csrf: false });
      expect(missing.statusCode, path).toBe(403);
      const forged = await agents.sender.post(path, fields, { csrf: 'forged-token' });
      expect(forged.statusCode, path).toBe(403);
    }
    expect(await countMessages()).toBe(before);
    const preference = await database.db
      .selectFrom('contact_preferences')
      .selectAll()
      .where('user_id', '=', ids.sender)
      .executeTakeFirst();
    expect(preference).toBeUndefined();
  });

  it('lets a person switch messages off: the page says so, offers no form and refuses the message', async () => {
    const page = await agents.person.get('/account/contact');
    expect(page.statusCode).toBe(200);
    const bad = await agents.person.post('/account/contact', { accepts: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose yes or no.');
    const off = await agents.person.post('/account/contact', { accepts: 'no' });
    expect(off.statusCode).toBe(303);
    expect((await agents.person.get('/account/contact')).body).toMatch(/value="no"[^>]*checked/);

    const own = await agents.person.get(`/contact/person/${ids.person}`);
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('you cannot send a message to yourself');
    expect(own.body).not.toContain('name="subject"');

    const contact = await agents.sender.get(`/contact/person/${ids.person}`);
    expect(contact.statusCode).toBe(200);
    expect(contact.body).toContain('This recipient does not accept messages through the site.');
    expect(contact.body).not.toContain('name="subject"');
    const csrf = await agents.sender.csrfFrom('/contact/sent');
    const before = { messages: await countMessages(), jobs: await countEmailJobs() };
    const refused = await agents.sender.post(
      `/contact/person/${ids.person}`,
      { subject: 'Hello', message: MESSAGE },
      { csrf },
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('This recipient does not accept messages through the site.');
    expect(await countMessages()).toBe(before.messages);
    expect(await countEmailJobs()).toBe(before.jobs);

    expect((await agents.person.post('/account/contact', { accepts: 'yes' })).statusCode).toBe(303);
    expect((await agents.sender.get(`/contact/person/${ids.person}`)).body).toContain(
      'name="subject"',
    );
  });

  it('lets an organisation’s admins switch its messages off, and no one else', async () => {
    const path = `/contact/organisation/${organisation.slug}`;
    expect((await agents.sender.get(path)).body).not.toContain(`action="${path}/settings"`);
    const outsider = await agents.sender.post(
      `${path}/settings`,
      { accepts: 'no' },
      { from: '/contact/sent' },
    );
    expect(outsider.statusCode).toBe(403);

    const adminPage = await agents.orgAdmin.get(path);
    expect(adminPage.body).toContain(`action="${path}/settings"`);
    const off = await agents.orgAdmin.post(`${path}/settings`, { accepts: 'no' }, { from: path });
    expect(off.statusCode).toBe(303);
    const closed = await agents.sender.get(path);
    expect(closed.body).toContain('This recipient does not accept messages through the site.');
    expect(closed.body).not.toContain('name="subject"');

    // The practice led by it now reaches only its proposer.
    const before = await countEmailJobs();
    const sent = await send('sender', `/contact/practice/${practice.slug}`, {
      subject: 'Follow-up',
      message: MESSAGE,
    });
    expect(sent.statusCode).toBe(303);
    expect(await countEmailJobs()).toBe(before + 1);

    // With its proposer refusing too, the practice has no contact and offers its organisations.
    await agents.proposer.post('/account/contact', { accepts: 'no' });
    const nobody = await agents.sender.get(`/contact/practice/${practice.slug}`);
    expect(nobody.body).toContain('This practice has no contact');
    expect(nobody.body).toContain(`href="/organisations/${organisation.slug}"`);
    expect(nobody.body).not.toContain('name="subject"');
    // The practice's page says so itself, before anyone is sent to sign in or register.
    const notice = 'No one can receive messages about this practice';
    const practicePage = await agents.sender.get(`/practices/${practice.slug}`);
    expect(practicePage.body).toContain(notice);
    expect(practicePage.body).toContain(`href="/organisations/${organisation.slug}/claim"`);
    // A visitor who is not signed in sees it too, and following "contact" is told so rather
    // than sent to sign in or register.
    const visitor = newAgent();
    expect((await visitor.get(`/practices/${practice.slug}`)).body).toContain(notice);
    const told = await visitor.get(`/contact/practice/${practice.slug}`);
    expect(told.statusCode).toBe(200);
    expect(told.body).toContain(`<h1 id="practice-no-contact">${notice}</h1>`);
    expect(told.body).toContain(`href="/practices/${practice.slug}"`);
    expect(told.body).toContain(`href="/organisations/${organisation.slug}/claim"`);
    expect(told.body).not.toContain('name="subject"');
    const main = told.body.slice(told.body.indexOf('<main'), told.body.indexOf('</main>'));
    expect(main).not.toMatch(/href="\/account\/(login|register)/);
    expect((await visitor.get('/contact/practice/no-such-practice')).statusCode).toBe(404);

    await agents.proposer.post('/account/contact', { accepts: 'yes' });
    expect((await agents.sender.get(`/practices/${practice.slug}`)).body).not.toContain(notice);
    const reachable = await visitor.get(`/contact/practice/${practice.slug}`);
    expect(reachable.statusCode).toBe(303);
    expect(reachable.headers.location).toContain('/account/login?next=');
    await agents.orgAdmin.post(`${path}/settings`, { accepts: 'yes' }, { from: path });
    expect((await agents.sender.get(path)).body).toContain('name="subject"');
    await app.jobs.runDue(100);
  });

  it('takes a report from the email link without signing in, tells the editors, and lets them bar the sender', async () => {
    const sent = await send('rude', `/contact/person/${ids.person}`, {
      subject: 'You will regret this',
      message: 'An abusive message that goes on and on.',
    });
    expect(sent.statusCode).toBe(303);
    await app.jobs.runDue(100);
    const mail = await smtp.next(PEOPLE.person[0]);
    const link = reportLink(mail);

    const visitor = newAgent();
    const page = await visitor.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('You will regret this');
    const csrf = await visitor.csrfFrom(link);
    const reported = await visitor.post(link, {}, { csrf });
    expect(reported.statusCode).toBe(200);
    expect(reported.body).toContain('this message was reported');
    expect((await visitor.get('/contact/report/not-a-real-token-at-all')).statusCode).toBe(404);
    const row = await database.db
      .selectFrom('contact_messages')
      .select(['id', 'reported_at'])
      .where('sender_user_id', '=', ids.rude)
      .executeTakeFirstOrThrow();
    expect(row.reported_at).not.toBeNull();

    await app.jobs.runDue(100);
    const alert = await smtp.next(PEOPLE.editor[0]);
    expect(alert.subject).toBe('A message sent through the site was reported');
    expect(alert.text).toContain('/editor/contact-reports');
    // Reporting twice tells the editors once.
    expect((await visitor.post(link, {}, { csrf })).statusCode).toBe(200);
    await app.jobs.runDue(100);
    expect(smtp.messages.filter((m) => m.to === PEOPLE.editor[0])).toHaveLength(1);

    expect((await agents.sender.get('/editor/contact-reports')).statusCode).toBe(403);
    const reports = await agents.editor.get('/editor/contact-reports');
    expect(reports.statusCode).toBe(200);
    expect(reports.body).toContain('You will regret this');
    expect(reports.body).toContain('Person rude');
    const banned = await agents.editor.post(
      `/editor/contact-reports/${row.id}/ban`,
      {},
      {
        from: '/editor/contact-reports',
      },
    );
    expect(banned.statusCode).toBe(303);
    expect(
      await database.db
        .selectFrom('contact_bans')
        .select('user_id')
        .where('user_id', '=', ids.rude)
        .executeTakeFirst(),
    ).toEqual({ user_id: ids.rude });

    const barredPage = await agents.rude.get(`/contact/organisation/${organisation.slug}`);
    expect(barredPage.body).toContain('You can no longer send messages through the site');
    expect(barredPage.body).not.toContain('name="subject"');
    const before = { messages: await countMessages(), jobs: await countEmailJobs() };
    const refused = await agents.rude.post(
      `/contact/organisation/${organisation.slug}`,
      { subject: 'Again', message: MESSAGE },
      { from: '/contact/sent' },
    );
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('You can no longer send messages through the site');
    expect(await countMessages()).toBe(before.messages);
    expect(await countEmailJobs()).toBe(before.jobs);

    const lifted = await agents.editor.post(
      `/editor/contact-reports/${row.id}/unban`,
      {},
      {
        from: '/editor/contact-reports',
      },
    );
    expect(lifted.statusCode).toBe(303);
    expect((await agents.rude.get(`/contact/organisation/${organisation.slug}`)).body).toContain(
      'name="subject"',
    );
  });

  it('relays nothing about a practice to the admins of an unverified organisation that took its name and did not propose it', async () => {
    // A member takes the name of a real organisation before any practice names it.
    const squatted = await agents.squatter.post(
      '/organisations',
      {
        name: 'Mairie de Grenoble Accueil',
        type: 'municipality',
        country: 'FR',
        description_locale: 'fr',
        description: '',
      },
      { from: '/organisations/new' },
    );
    expect(squatted.statusCode).toBe(303);
    // Then a practice naming that organisation is published: it is matched by name.
    const [template] = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as Record<string, unknown>[];
    const report = await importPractices(
      database.db,
      (async function* () {
        yield {
          number: 1,
          value: {
            ...template,
            translations: {},
            external_id: 'contact-test-grenoble-welcome-desk',
            title: 'A welcome desk at the town hall of Grenoble',
            country: 'FR',
            level: 'local',
            organisations: [
              { name: 'Mairie de Grenoble Accueil', type: 'municipality', role: 'lead' },
            ],
          },
        };
      })(),
    );
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);
    const grenoble = await database.db
      .selectFrom('practices as p')
      .innerJoin('practice_organisations as po', 'po.practice_id', 'p.id')
      .innerJoin('organisations as o', 'o.id', 'po.organisation_id')
      .select(['p.id', 'p.slug', 'o.slug as organisationSlug'])
      .where('p.external_id', '=', 'contact-test-grenoble-welcome-desk')
      .executeTakeFirstOrThrow();
    expect(grenoble.organisationSlug).toBe(squatted.headers.location?.split('/').pop());

    await app.jobs.runDue(100);
    const before = smtp.messages.length;
    const sent = await send('curious', `/contact/practice/${grenoble.slug}`, {
      subject: 'Your welcome desk',
      message: MESSAGE,
    });
    expect(sent.statusCode).toBe(303);
    await app.jobs.runDue(100);
    // The editors receive it in place of the organisation, with the sender as Reply-To.
    const toEditor = await smtp.next(PEOPLE.editor[0]);
    expect(toEditor.subject).toContain('Your welcome desk');
    expect(header(toEditor, 'Reply-To')).toContain(PEOPLE.curious[0]);
    const received = smtp.messages.slice(before).map((m) => m.to);
    expect(received).not.toContain(PEOPLE.squatter[0]);

    // A practice its organisation's own member proposed reaches that organisation's admins.
    const now = new Date().toISOString();
    await database.db
      .insertInto('submissions')
      .values({
        practice_id: grenoble.id,
        author_user_id: ids.squatter,
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
    const proposed = await send('curious', `/contact/practice/${grenoble.slug}`, {
      subject: 'Your welcome desk, again',
      message: MESSAGE,
    });
    expect(proposed.statusCode).toBe(303);
    await app.jobs.runDue(100);
    const toProposer = await smtp.next(PEOPLE.squatter[0]);
    expect(toProposer.subject).toContain('Your welcome desk, again');
  });

  it('never showed an email address on any page it served', () => {
    expect(served.length).toBeGreaterThan(40);
    // One's own account page shows one's own address, to that person only.
    for (const { url, body } of served.filter((s) => s.url !== '/account'))
      for (const address of ADDRESSES) expect(body, `${address} on ${url}`).not.toContain(address);
  });
});
