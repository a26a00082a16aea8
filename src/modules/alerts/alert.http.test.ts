import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp, TEST_PUBLIC_URL } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { startSmtpServer, type TestSmtp } from '../../../test/helpers/smtp.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { runDigests, scheduleDigests } from './digest.service.ts';

const DAY_MS = 24 * 3600_000;

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

/** Publishes a practice (as an import does) and returns its slug. */
async function publish(
  db: TestDatabase['db'],
  externalId: string,
  title: string,
  themes: string[],
) {
  const report = await importPractices(
    db,
    values([
      {
        external_id: externalId,
        title,
        language: 'en',
        summary: `What ${title} does.`,
        country: 'PT',
        city: 'Lisbon',
        themes,
        organisations: [{ name: 'City of Lisbon', role: 'lead' }],
        evidence_level: 'promising',
      },
    ]),
  );
  expect(report.problems).toEqual([]);
  const row = await db
    .selectFrom('practices')
    .select('slug')
    .where('external_id', '=', externalId)
    .executeTakeFirstOrThrow();
  return row.slug;
}

describe.each(dialects)('follows and alert digests on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let alice: Agent;
  let bob: Agent;
  let aliceId: number;
  let bobId: number;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
    aliceId = await createUser(database.db, 'alice@example.org', 'member', 'Alice Ames');
    bobId = await createUser(database.db, 'bob@example.org', 'member', 'Bob Brown');
    alice = new Agent(app);
    bob = new Agent(app);
    await signIn(alice, 'alice@example.org');
    await signIn(bob, 'bob@example.org');
    await publish(database.db, 'alerts-seed', 'An older housing practice', ['housing']);
    // Published long before anyone here followed anything.
    const longAgo = new Date(Date.now() - 60 * DAY_MS).toISOString();
    await database.db
      .updateTable('practices')
      .set({ created_at: longAgo, updated_at: longAgo })
      .where('external_id', '=', 'alerts-seed')
      .execute();
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  const followsOf = (userId: number) =>
    database.db
      .selectFrom('follows')
      .select(['kind', 'target', 'label'])
      .where('user_id', '=', userId)
      .orderBy('id')
      .execute();
  const settingsOf = (userId: number) =>
    database.db
      .selectFrom('alert_settings')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
  const rewind = (userId: number, ms: number) =>
    database.db
      .updateTable('alert_settings')
      .set({ last_sent_at: new Date(Date.now() - ms).toISOString() })
      .where('user_id', '=', userId)
      .execute();
  const digest = () => runDigests(app.db, new Date(), { publicUrl: TEST_PUBLIC_URL });
  const mailsTo = (to: string) => smtp.messages.filter((m) => m.to === to);

  it('offers a sign-in link to readers and a follow button to people signed in', async () => {
    const anonymous = await app.inject({ method: 'GET', url: '/themes/housing' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.body).toContain('Sign in to follow');
    expect(anonymous.body).toContain('/account/login?next=%2Fthemes%2Fhousing');
    expect(anonymous.body).not.toContain('/alerts/follow');

    const page = await alice.get('/themes/housing');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('private, no-store');
    expect(page.body).toMatch(/action="\/alerts\/follow"[\s\S]*name="target" value="housing"/);
    for (const url of ['/countries/PT', '/search?q=welcome&country=PT', '/organisations']) {
      const other = await alice.get(url);
      expect(other.statusCode, url).toBe(200);
    }
    expect((await alice.get('/search?q=desk&country=pt')).body).toContain('Follow this search');
    const practice = await database.db
      .selectFrom('practices')
      .select(['id', 'slug'])
      .where('external_id', '=', 'alerts-seed')
      .executeTakeFirstOrThrow();
    expect((await alice.get(`/practices/${practice.slug}`)).body).toContain(
      `name="kind" value="practice"/><input type="hidden" name="target" value="${practice.id}"`,
    );
    const organisation = await database.db
      .selectFrom('organisations')
      .select(['id', 'slug'])
      .where('name', '=', 'City of Lisbon')
      .executeTakeFirstOrThrow();
    expect((await alice.get(`/organisations/${organisation.slug}`)).body).toContain(
      `name="kind" value="organisation"/><input type="hidden" name="target" value="${organisation.id}"`,
    );
  });

  it('refuses to follow without a CSRF token or an account, and changes nothing', async () => {
    const noToken = await alice.post(
      '/alerts/follow',
      { kind: 'theme', target: 'housing' },
      { csrf: false },
    );
    expect(noToken.statusCode).toBe(403);
    const anonymous = new Agent(app);
    const token = await anonymous.csrfFrom('/account/login');
    const refused = await anonymous.post(
      '/alerts/follow',
      { kind: 'theme', target: 'housing' },
      { csrf: token },
    );
    expect(refused.statusCode).toBe(401);
    const unfollow = await alice.post(
      '/alerts/unfollow',
      { kind: 'theme', target: 'housing' },
      { csrf: false },
    );
    expect(unfollow.statusCode).toBe(403);
    expect(await followsOf(aliceId)).toEqual([]);
  });

  it('refuses an unknown kind or target with a message, and stores nothing', async () => {
    const kind = await alice.post(
      '/alerts/follow',
      { kind: 'planet', target: 'mars', next: '/themes/housing' },
      { from: '/account/alerts' },
    );
    expect(kind.statusCode).toBe(400);
    expect(kind.body).toContain('Choose what to follow');
    for (const [k, target] of [
      ['theme', 'no-such-theme'],
      ['country', 'XX'],
      ['practice', '999999'],
      ['practice', 'not-a-number'],
      ['organisation', '424242'],
      ['search', '?country=XX'],
      ['search', '?theme=no-such-theme&q=housing'],
    ]) {
      const response = await alice.post(
        '/alerts/follow',
        { kind: k as string, target: target as string },
        { from: '/account/alerts' },
      );
      expect(response.statusCode, `${k} ${target}`).toBe(400);
      expect(response.body).toContain('There is nothing to follow at this address.');
    }
    expect(await followsOf(aliceId)).toEqual([]);
  });

  it('follows and unfollows a theme, a country, a practice and a search', async () => {
    const followed = await alice.post(
      '/alerts/follow',
      { kind: 'theme', target: 'housing', next: '/themes/housing' },
      { from: '/themes/housing' },
    );
    expect(followed.statusCode).toBe(303);
    expect(followed.headers.location).toBe('/themes/housing');
    const page = await alice.get('/themes/housing');
    expect(page.body).toContain('You follow this.');
    expect(page.body).toMatch(/action="\/alerts\/unfollow"/);
    // Following twice keeps one follow.
    await alice.post(
      '/alerts/follow',
      { kind: 'theme', target: 'housing' },
      { from: '/themes/housing' },
    );

    const search = await alice.post(
      '/alerts/follow',
      { kind: 'search', target: '?country=pt&q=  welcome   desk&page=3', next: '//evil.example/' },
      { from: '/search?q=desk' },
    );
    expect(search.statusCode).toBe(303);
    expect(search.headers.location).toBe('/account/alerts');
    await alice.post(
      '/alerts/follow',
      { kind: 'country', target: 'pt' },
      { from: '/countries/PT' },
    );
    const { id: practiceId } = await database.db
      .selectFrom('practices')
      .select('id')
      .where('external_id', '=', 'alerts-seed')
      .executeTakeFirstOrThrow();
    await alice.post(
      '/alerts/follow',
      { kind: 'practice', target: String(practiceId) },
      { from: '/account/alerts' },
    );
    expect(await followsOf(aliceId)).toEqual([
      { kind: 'theme', target: 'housing', label: expect.any(String) },
      { kind: 'search', target: '?q=welcome+desk&country=PT', label: '“welcome desk” · Portugal' },
      { kind: 'country', target: 'PT', label: 'Portugal' },
      { kind: 'practice', target: String(practiceId), label: 'An older housing practice' },
    ]);
    expect((await alice.get('/search?country=PT&q=welcome%20desk')).body).toContain(
      'You follow this.',
    );

    const list = await alice.get('/account/alerts');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('href="/countries/PT"');
    expect(list.body).toContain('href="/search?q=welcome+desk&country=PT"');

    const removed = await alice.post(
      '/alerts/unfollow',
      { kind: 'country', target: 'PT', next: '/account/alerts' },
      { from: '/account/alerts' },
    );
    expect(removed.statusCode).toBe(303);
    await alice.post(
      '/alerts/unfollow',
      { kind: 'search', target: '?country=PT&q=welcome+desk' },
      { from: '/account/alerts' },
    );
    await alice.post(
      '/alerts/unfollow',
      { kind: 'practice', target: String(practiceId) },
      { from: '/account/alerts' },
    );
    expect(await followsOf(aliceId)).toEqual([
      { kind: 'theme', target: 'housing', label: expect.any(String) },
    ]);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_user_id', '=', aliceId)
      .where('action', 'like', 'alerts.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'alerts.followed',
      'alerts.followed',
      'alerts.followed',
      'alerts.followed',
      'alerts.unfollowed',
      'alerts.unfollowed',
      'alerts.unfollowed',
    ]);
  });

  it('sends one digest with what is new, once, and never shows another address', async () => {
    await bob.post(
      '/alerts/follow',
      { kind: 'theme', target: 'health' },
      { from: '/themes/health' },
    );
    // Both followed a week and a day ago; only Alice's theme gets something new.
    await rewind(aliceId, 8 * DAY_MS);
    await rewind(bobId, 8 * DAY_MS);
    const slug = await publish(database.db, 'alerts-new', 'Rooms for newcomers', ['housing']);
    smtp.messages.length = 0;

    // The job itself: this hour's run is due at once.
    await scheduleDigests(app.db, new Date());
    await app.jobs.runDue(100);
    await app.jobs.runDue(100);
    const mail = await smtp.next('alice@example.org');
    expect(mail.subject).toBe('1 new item on what you follow');
    expect(mail.text).toContain('Rooms for newcomers');
    expect(mail.text).toContain(`${TEST_PUBLIC_URL}/practices/${slug}`);
    expect(mail.text).not.toContain('An older housing practice');
    expect(mail.text).toContain(`${TEST_PUBLIC_URL}/account/alerts`);
    expect(mail.raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(mail.raw).not.toContain('bob@example.org');
    expect(mailsTo('bob@example.org')).toEqual([]);

    // Again: nothing new, no second email.
    expect(await digest()).toBe(0);
    await app.jobs.runDue(100);
    expect(mailsTo('alice@example.org')).toHaveLength(1);
    expect(
      (await settingsOf(aliceId)).last_sent_at > new Date(Date.now() - DAY_MS).toISOString(),
    ).toBe(true);
  });

  it('waits a week for weekly digests and a day for daily ones', async () => {
    smtp.messages.length = 0;
    await rewind(aliceId, 2 * DAY_MS);
    await publish(database.db, 'alerts-daily', 'Housing advice desk', ['housing']);
    expect(await digest()).toBe(0);

    const bad = await alice.post('/account/alerts', { frequency: 'hourly' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Choose once a day, once a week or never.');
    expect((await settingsOf(aliceId)).frequency).toBe('weekly');

    const saved = await alice.post('/account/alerts', { frequency: 'daily' });
    expect(saved.statusCode).toBe(200);
    expect(saved.body).toContain('Your alert settings are saved.');
    expect(await digest()).toBe(1);
    await app.jobs.runDue(100);
    expect((await smtp.next('alice@example.org')).text).toContain('Housing advice desk');
    // A day later at the earliest.
    await rewind(aliceId, 12 * 3600_000);
    await publish(database.db, 'alerts-daily-2', 'Housing first pilot', ['housing']);
    expect(await digest()).toBe(0);
    await rewind(aliceId, DAY_MS + 60_000);
    expect(await digest()).toBe(1);
  });

  it('unsubscribes signed out through the link, in one click too, and refuses a wrong token', async () => {
    const { unsubscribe_token: token } = await settingsOf(aliceId);
    const visitor = new Agent(app);
    const wrong = `/alerts/unsubscribe/${aliceId}/${'x'.repeat(token.length)}`;
    expect((await visitor.get(wrong)).statusCode).toBe(404);
    expect((await visitor.post(wrong, {}, { csrf: false })).statusCode).toBe(404);
    expect((await visitor.get(`/alerts/unsubscribe/${bobId}/${token}`)).statusCode).toBe(404);
    expect((await visitor.get('/alerts/unsubscribe/nobody/x')).statusCode).toBe(404);
    expect((await settingsOf(aliceId)).frequency).toBe('daily');

    const url = `/alerts/unsubscribe/${aliceId}/${token}`;
    const confirm = await visitor.get(url);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain(`action="${url}"`);
    // Looking is not unsubscribing (mail scanners open links).
    expect((await settingsOf(aliceId)).frequency).toBe('daily');
    const done = await visitor.post(url, {}, { csrf: false });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('you will get no more alert emails');
    expect((await settingsOf(aliceId)).frequency).toBe('off');
    await rewind(aliceId, 30 * DAY_MS);
    expect(await digest()).toBe(0);

    // RFC 8058: the mail client posts List-Unsubscribe=One-Click, with no cookie at all.
    const bobToken = (await settingsOf(bobId)).unsubscribe_token;
    const oneClick = await app.inject({
      method: 'POST',
      url: `/alerts/unsubscribe/${bobId}/${bobToken}`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(oneClick.statusCode).toBe(200);
    expect((await settingsOf(bobId)).frequency).toBe('off');
  });
});
