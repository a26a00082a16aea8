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
import { importPractices } from '../practices/practice-interchange.service.ts';
import { MODERATION_DIGEST_JOB } from './moderation-digest.service.ts';

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

/**
 * Moderation people can trust: editors learn of posts to approve and reports (on their dashboard,
 * on the page, and in one digest), and a reporter is told the report has arrived.
 */
describe.each(dialects)('moderation of the discussions on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let slug: string;
  const agents = {} as Record<'newcomer' | 'regular' | 'editor', Agent>;
  const email = (who: string) => `${who}@moderation.test`;

  const digestJobs = () =>
    database.db
      .selectFrom('jobs')
      .select(['id', 'run_at', 'state'])
      .where('kind', '=', MODERATION_DIGEST_JOB)
      .execute();
  // The digest waits for the end of its window: the test brings that moment forward. Real time
  // does not move on to the next window, so the digest sent is then cleared, as if it had.
  const runDigestNow = async () => {
    await database.db
      .updateTable('jobs')
      .set({ run_at: new Date(Date.now() - 1000).toISOString() })
      .where('kind', '=', MODERATION_DIGEST_JOB)
      .where('state', '=', 'pending')
      .execute();
    await app.jobs.runDue(100);
    await app.jobs.runDue(100);
    const sent = await digestJobs();
    await database.db
      .deleteFrom('jobs')
      .where('dedupe_key', 'like', `${MODERATION_DIGEST_JOB}:%`)
      .where('state', '=', 'done')
      .execute();
    return sent;
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 100_000,
      loginDelayMs: 1,
    });
    await importPractices(
      database.db,
      values([
        {
          external_id: 'moderation-1',
          title: 'Welcome desk for newcomers',
          language: 'en',
          summary: 'One place for every service a newcomer needs.',
          country: 'PT',
          city: 'Lisbon',
          themes: ['housing'],
          organisations: [{ name: 'City of Lisbon', role: 'lead' }],
          evidence_level: 'promising',
        },
      ]),
    );
    slug = (await database.db.selectFrom('practices').select('slug').executeTakeFirstOrThrow())
      .slug;
    for (const [who, role] of [
      ['newcomer', 'member'],
      ['regular', 'member'],
      ['editor', 'editor'],
    ] as const) {
      await createUser(database.db, email(who), role, `Person ${who}`);
      agents[who] = new Agent(app);
      await signIn(agents[who], email(who));
    }
  });
  afterAll(async () => {
    await app.close();
    await smtp.close();
    await database.drop();
  });

  const post = (who: 'newcomer' | 'regular' | 'editor', body: string) =>
    agents[who].post(
      `/discussions/practices/${slug}`,
      { kind: 'comment', body, language: 'en' },
      { from: `/practices/${slug}` },
    );

  it('tells the editors of first posts waiting: dashboard, page and one digest', async () => {
    expect((await post('newcomer', 'We did the same in Porto.')).statusCode).toBe(303);
    expect((await post('regular', 'How many staff did the desk need?')).statusCode).toBe(303);
    // Two posts held, one digest booked for the window.
    expect(await digestJobs()).toHaveLength(1);

    const dashboard = await agents.editor.get('/editor');
    expect(dashboard.body).toContain(
      '<a href="/editor/discussions" id="moderation-link">Discussions: 2 posts to approve, no comment reported</a>',
    );
    const practice = await agents.editor.get(`/practices/${slug}`);
    expect(practice.body).toContain(
      '2 posts on this page wait for approval in the moderation queue',
    );
    // Others see nothing of it.
    const other = await agents.regular.get(`/practices/${slug}`);
    expect(other.body).not.toContain('wait for approval in the moderation queue');

    expect((await runDigestNow()).map((j) => j.state)).toEqual(['done']);
    const mail = await smtp.next(email('editor'));
    expect(mail.subject).toBe('Discussions: 2 posts to approve, no comment reported');
    expect(mail.text).toContain('/editor/discussions');
    expect(mail.text).not.toContain('We did the same in Porto.');
  });

  it('confirms a report to its author on the page and by email, and puts it in the digest', async () => {
    const held = await database.db
      .selectFrom('comments')
      .select('id')
      .where('state', '=', 'held')
      .orderBy('id')
      .execute();
    for (const { id } of held)
      await agents.editor.post(
        `/editor/discussions/comments/${id}`,
        { action: 'approve' },
        { from: '/editor/discussions' },
      );
    const comment = held[0]?.id as number;
    const reported = await agents.regular.post(
      `/discussions/comments/${comment}/report`,
      { reason: 'spam' },
      { from: `/discussions/comments/${comment}/report` },
    );
    expect(reported.statusCode).toBe(303);
    const page = await agents.regular.get(String(reported.headers.location));
    expect(page.body).toContain('Thank you: your report has been received');
    expect(page.body).toContain(`href="/practices/${slug}#comment-${comment}"`);

    await app.jobs.runDue(100);
    let mail = await smtp.next(email('regular'));
    while (!mail.subject.startsWith('Your report')) mail = await smtp.next(email('regular'));
    expect(mail.subject).toBe('Your report on “Welcome desk for newcomers” has been received');
    expect(mail.text).toContain(`/practices/${slug}#comment-${comment}`);

    const dashboard = await agents.editor.get('/editor');
    expect(dashboard.body).toContain('Discussions: no post to approve, 1 comment reported');
    await runDigestNow();
    const digest = await smtp.next(email('editor'));
    expect(digest.subject).toBe('Discussions: no post to approve, 1 comment reported');
  });
});
