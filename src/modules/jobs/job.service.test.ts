import { hostname } from 'node:os';
import Fastify from 'fastify';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser } from '../../../test/helpers/users.ts';
import { translator } from '../../core/i18n/i18n.ts';
import type { OutgoingMessage } from '../../core/mail/mailer.ts';
import { createDb, type Db } from '../../db/connect.ts';
import { recipientOf } from '../accounts/profile.service.ts';
import {
  cancelJobs,
  createJobRunner,
  enqueueEmail,
  enqueueJob,
  getJobOverview,
  getQueueStats,
  type JobRunnerOptions,
  queueRunNow,
  retryJob,
} from './job.service.ts';
import type { JobRow } from './job.table.ts';
import jobsPlugin from './jobs.plugin.ts';

const PUBLIC_URL = 'http://clearinghouse.test';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const later = (ms: number, from = new Date()) => new Date(from.getTime() + ms);

describe.each(dialects)('background jobs on %s', (dialect: DialectName) => {
  let test: TestDatabase;
  let db: Db;
  let sent: OutgoingMessage[];
  let warnings: unknown[];
  let users = 0;

  const mailer = { send: async (m: OutgoingMessage) => void sent.push(m) };
  const log = { warn: (...args: unknown[]) => void warnings.push(args[0]) };
  const runner = (options: Partial<JobRunnerOptions> = {}) =>
    createJobRunner({
      db,
      mailer,
      publicUrl: PUBLIC_URL,
      recipientOf,
      log,
      workerId: 'worker-a',
      ...options,
    });
  const allJobs = () => db.selectFrom('jobs').selectAll().orderBy('id').execute();
  const job = (id: number) =>
    db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const onlyJob = async (): Promise<JobRow> => {
    const rows = await allJobs();
    expect(rows).toHaveLength(1);
    return rows[0] as JobRow;
  };
  /** A job row as a worker that died would have left it. */
  async function insertStale(kind: string, payload: unknown, attempts = 1): Promise<number> {
    const now = new Date();
    const row = await db
      .insertInto('jobs')
      .values({
        kind,
        payload: JSON.stringify(payload),
        dedupe_key: null,
        state: 'running',
        run_at: later(-10 * MINUTE, now).toISOString(),
        attempts,
        max_attempts: 5,
        locked_by: 'dead-worker',
        locked_until: later(-MINUTE, now).toISOString(),
        last_error: null,
        created_at: later(-10 * MINUTE, now).toISOString(),
        finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  const newUser = () => createUser(db, `person${++users}@example.org`, 'member', `Person ${users}`);

  beforeAll(async () => {
    test = await createPreparedDatabase(dialect);
    db = test.db;
  });
  afterAll(() => test.drop());
  beforeEach(async () => {
    await db.deleteFrom('jobs').execute();
    sent = [];
    warnings = [];
  });

  describe('enqueueing', () => {
    it('queues a run of a recurring job now each time it is asked, and runs it', async () => {
      const ran: unknown[] = [];
      const first = new Date();
      await queueRunNow(db, 'recurring', first);
      await queueRunNow(db, 'recurring', later(-1000, first));
      const rows = await allJobs();
      expect(rows).toHaveLength(2);
      for (const row of rows) expect(Date.parse(row.run_at)).toBeLessThanOrEqual(Date.now());
      const worker = runner();
      worker.register('recurring', async (payload) => void ran.push(payload), { idempotent: true });
      await worker.runDue();
      expect(ran).toHaveLength(2);
    });

    it('adds one job per dedupe key, and any number without a key', async () => {
      await enqueueJob(db, { kind: 'test', payload: { n: 1 }, dedupeKey: 'k:1' });
      await enqueueJob(db, { kind: 'test', payload: { n: 2 }, dedupeKey: 'k:1' });
      await enqueueJob(db, { kind: 'test', payload: { n: 3 } });
      await enqueueJob(db, { kind: 'test', payload: { n: 4 } });
      const rows = await allJobs();
      expect(rows.map((r) => JSON.parse(r.payload).n)).toEqual([1, 3, 4]);
      expect(rows[0]).toMatchObject({
        state: 'pending',
        attempts: 0,
        max_attempts: 5,
        dedupe_key: 'k:1',
      });
    });

    it('enqueues inside the caller’s transaction: nothing if it rolls back', async () => {
      await db.transaction().execute(async (trx) => {
        await enqueueJob(trx, { kind: 'test', payload: 'kept', dedupeKey: 'trx:1' });
        await enqueueJob(trx, { kind: 'test', payload: 'again', dedupeKey: 'trx:1' });
      });
      await expect(
        db.transaction().execute(async (trx) => {
          await enqueueJob(trx, { kind: 'test', payload: 'lost' });
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      expect((await allJobs()).map((r) => JSON.parse(r.payload))).toEqual(['kept']);
    });

    it('cancels pending jobs by key prefix, exactly (no wildcards, case counts)', async () => {
      for (const key of ['review:1:a', 'review:1:b', 'review:12:a', 'REVIEW:1:c', 'review_1:d'])
        await enqueueJob(db, { kind: 'test', payload: key, dedupeKey: key });
      await enqueueJob(db, { kind: 'test', payload: 'no key' });
      await db
        .updateTable('jobs')
        .set({ state: 'done' })
        .where('dedupe_key', '=', 'review:1:b')
        .execute();
      expect(await cancelJobs(db, 'review:1:')).toBe(1);
      expect((await allJobs()).map((r) => r.dedupe_key)).toEqual([
        'review:1:b',
        'review:12:a',
        'REVIEW:1:c',
        'review_1:d',
        null,
      ]);
      await expect(cancelJobs(db, '')).rejects.toThrow('non-empty');
    });
  });

  describe('running', () => {
    it('runs due jobs and leaves future ones until their time', async () => {
      const seen: unknown[] = [];
      const now = new Date();
      await enqueueJob(db, { kind: 'test', payload: 'now' });
      await enqueueJob(db, { kind: 'test', payload: 'later', runAt: later(3600_000, now) });
      const r = runner();
      r.register('test', async (payload) => void seen.push(payload), { idempotent: true });
      expect(await r.runDue()).toBe(1);
      expect(await r.runDue()).toBe(0);
      expect(seen).toEqual(['now']);

      const tomorrow = runner({ now: () => later(2 * 3600_000, now) });
      tomorrow.register('test', async (payload) => void seen.push(payload), { idempotent: true });
      expect(await tomorrow.runDue()).toBe(1);
      expect(seen).toEqual(['now', 'later']);
    });

    it('marks a job that succeeded done, with its attempt counted', async () => {
      await enqueueJob(db, { kind: 'test', payload: { a: [1, 'two'] } });
      const r = runner();
      let received: unknown;
      let attempt = 0;
      r.register<{ a: unknown[] }>(
        'test',
        async (payload, ctx) => {
          received = payload;
          attempt = ctx.job.attempts;
        },
        { idempotent: true },
      );
      expect(await r.runDue()).toBe(1);
      expect(received).toEqual({ a: [1, 'two'] });
      expect(attempt).toBe(1);
      const row = await onlyJob();
      expect(row).toMatchObject({ state: 'done', attempts: 1, last_error: null });
      expect(row.finished_at).not.toBeNull();
    });

    it('leaves kinds it has no handler for to other workers', async () => {
      await enqueueJob(db, { kind: 'unknown.kind', payload: null });
      expect(await runner().runDue()).toBe(0);
      expect((await onlyJob()).state).toBe('pending');
    });

    it('retries a failing job with a growing delay, then marks it failed', async () => {
      await enqueueJob(db, { kind: 'test', payload: { secret: 'payload' }, maxAttempts: 3 });
      let clock = later(MINUTE);
      const r = runner({ now: () => clock });
      let calls = 0;
      r.register(
        'test',
        async () => {
          calls++;
          throw new Error(`SMTP 550 <someone@example.org> refused ${'x'.repeat(600)}`);
        },
        { idempotent: true },
      );

      expect(await r.runDue()).toBe(1);
      let row = await onlyJob();
      expect(row).toMatchObject({ state: 'pending', attempts: 1, locked_by: null });
      expect(row.run_at).toBe(later(30_000, clock).toISOString());
      // The message only, truncated, with the address taken out.
      expect(row.last_error).toHaveLength(500);
      expect(row.last_error).toMatch(/^SMTP 550 <\[address\]> refused x+$/);

      expect(await r.runDue()).toBe(0);
      clock = later(30_000, clock);
      expect(await r.runDue()).toBe(1);
      row = await onlyJob();
      expect(row).toMatchObject({ state: 'pending', attempts: 2 });
      expect(row.run_at).toBe(later(60_000, clock).toISOString());

      clock = later(60_000, clock);
      expect(await r.runDue()).toBe(1);
      row = await onlyJob();
      expect(row).toMatchObject({ state: 'failed', attempts: 3 });
      expect(row.finished_at).toBe(clock.toISOString());

      clock = later(3600_000, clock);
      expect(await r.runDue()).toBe(0);
      expect(calls).toBe(3);
      // Logged with its id and kind, never the payload nor the message.
      expect(warnings).toEqual([
        { job: row.id, kind: 'test', attempts: 1, retry: true, reason: 'Error' },
        { job: row.id, kind: 'test', attempts: 2, retry: true, reason: 'Error' },
        { job: row.id, kind: 'test', attempts: 3, retry: false, reason: 'Error' },
      ]);
      expect(JSON.stringify(warnings)).not.toContain('payload');
    });

    it('says why a job failed, lists it while it waits to run again, and counts it', async () => {
      await enqueueJob(db, { kind: 'test', payload: {}, maxAttempts: 5 });
      const { id } = await onlyJob();
      const r = runner({ now: () => later(MINUTE) });
      r.register(
        'test',
        async () => {
          throw Object.assign(new Error("EACCES: permission denied, open '/data/outbox/1.eml'"), {
            code: 'EACCES',
          });
        },
        { idempotent: true },
      );
      expect(await r.runDue()).toBe(1);
      expect(warnings).toEqual([
        { job: id, kind: 'test', attempts: 1, retry: true, reason: 'EACCES' },
      ]);
      const overview = await getJobOverview(db);
      expect(overview.problems).toEqual([]);
      expect(overview.retrying).toEqual([
        expect.objectContaining({ id, kind: 'test', attempts: 1, maxAttempts: 5 }),
      ]);
      expect(overview.retrying[0]?.lastError).toContain('EACCES');
      expect((await getQueueStats(db)).retrying).toBe(1);
    });

    it('releases at once the jobs of a process of this machine that no longer exists', async () => {
      const userId = await newUser();
      const id = await insertStale('email', { userId, kind: 'verify', linkPath: '/account' });
      // Its lease has a long way to go, but its process is gone (no such pid).
      await db
        .updateTable('jobs')
        .set({
          locked_by: `${hostname()}:2147483646:dead`,
          locked_until: later(HOUR, new Date()).toISOString(),
        })
        .where('id', '=', id)
        .execute();
      const alive = `${hostname()}:${process.pid}:alive`;
      const living = await insertStale('email', { userId, kind: 'verify', linkPath: '/account' });
      await db
        .updateTable('jobs')
        .set({ locked_by: alive, locked_until: later(HOUR, new Date()).toISOString() })
        .where('id', '=', living)
        .execute();
      await runner({ workerId: undefined }).runDue();
      expect((await job(id)).state).toBe('uncertain');
      // A job held by a living process keeps its lease.
      expect((await job(living)).state).toBe('running');
      expect(sent).toEqual([]);
      await db.deleteFrom('jobs').where('id', 'in', [id, living]).execute();
    });

    it('marks an interrupted email uncertain and never sends it', async () => {
      const userId = await newUser();
      const id = await insertStale('email', { userId, kind: 'verify', linkPath: '/account' });
      expect(await runner().runDue()).toBe(0);
      expect(sent).toEqual([]);
      const row = await job(id);
      expect(row.state).toBe('uncertain');
      expect(row.last_error).toMatch(/^interrupted/);
      expect(await runner().runDue()).toBe(0);
      expect(sent).toEqual([]);

      // A person decides to send it anyway.
      expect(await getJobOverview(db)).toMatchObject({
        counts: { uncertain: 1, pending: 0 },
        problems: [{ id, kind: 'email', state: 'uncertain', attempts: 1 }],
      });
      expect(await retryJob(db, id)).toBe('retried');
      expect(await retryJob(db, id)).toBe('not_retryable');
      expect(await retryJob(db, id + 1000)).toBe('not_found');
      expect(await job(id)).toMatchObject({ state: 'pending', attempts: 0, last_error: null });
      expect(await runner().runDue()).toBe(1);
      expect(sent).toHaveLength(1);
      expect(await job(id)).toMatchObject({ state: 'done', attempts: 1 });
    });

    it('runs an interrupted idempotent job again, until its attempts are spent', async () => {
      const again = await insertStale('test.idempotent', 'again', 1);
      const spent = await insertStale('test.idempotent', 'spent', 5);
      const seen: unknown[] = [];
      const r = runner();
      r.register('test.idempotent', async (p) => void seen.push(p), { idempotent: true });
      expect(await r.runDue()).toBe(1);
      expect(seen).toEqual(['again']);
      expect(await job(again)).toMatchObject({ state: 'done', attempts: 2, locked_by: 'worker-a' });
      expect(await job(spent)).toMatchObject({ state: 'failed', attempts: 5 });
    });

    it('does not touch a running job whose lease has not passed', async () => {
      const id = await insertStale('email', { userId: 1, kind: 'verify' });
      await db
        .updateTable('jobs')
        .set({ locked_until: later(MINUTE).toISOString() })
        .where('id', '=', id)
        .execute();
      expect(await runner().runDue()).toBe(0);
      expect(await job(id)).toMatchObject({ state: 'running', locked_by: 'dead-worker' });
    });

    it('has each job claimed by exactly one of several racing workers', async () => {
      const count = 60;
      for (let n = 0; n < count; n++) await enqueueJob(db, { kind: 'test', payload: n });
      const second = createDb(test.config);
      try {
        const ran: { worker: string; n: number }[] = [];
        const runners = ['w1', 'w2', 'w3', 'w4'].map((workerId, i) => {
          const r = runner({ workerId, db: i % 2 === 0 ? db : second });
          r.register(
            'test',
            async (n: number) => {
              ran.push({ worker: workerId, n });
              // Let the other workers in while this one holds its claim.
              await new Promise((resolve) => setImmediate(resolve));
            },
            { idempotent: true },
          );
          return r;
        });
        const drain = async (r: (typeof runners)[number]) => {
          while ((await r.runDue(3)) > 0);
        };
        await Promise.all(runners.map(drain));
        expect(ran.map((r) => r.n).sort((a, b) => a - b)).toEqual(
          Array.from({ length: count }, (_, n) => n),
        );
        const rows = await allJobs();
        expect(rows.every((r) => r.state === 'done' && r.attempts === 1)).toBe(true);
        // Each row was finished by the worker that ran it.
        for (const row of rows)
          expect(row.locked_by).toBe(ran.find((r) => r.n === JSON.parse(row.payload))?.worker);
      } finally {
        await second.destroy();
      }
    });

    it('runs jobs in the background between start and stop', async () => {
      const r = runner({ pollMs: 5 });
      let release: (n: unknown) => void = () => undefined;
      const ran = new Promise((resolve) => {
        release = resolve;
      });
      r.register('test', async (payload) => release(payload), { idempotent: true });
      r.start();
      await enqueueJob(db, { kind: 'test', payload: 'background' });
      expect(await ran).toBe('background');
      await r.stop();
      expect((await onlyJob()).state).toBe('done');
    });
  });

  describe('emails', () => {
    async function recipient(changes: { locale?: string; name?: string; email?: string } = {}) {
      const id = await newUser();
      if (Object.keys(changes).length > 0)
        await db.updateTable('users').set(changes).where('id', '=', id).execute();
      return id;
    }

    it('looks the recipient up when sending, in their language', async () => {
      const userId = await recipient();
      await enqueueEmail(db, {
        userId,
        kind: 'verify',
        linkPath: '/account/verify',
        values: { name: 'not this one', extra: 3 },
        dedupeKey: `verify:${userId}`,
      });
      await enqueueEmail(db, { userId, kind: 'verify', dedupeKey: `verify:${userId}` });
      const row = await onlyJob();
      expect(row.kind).toBe('email');
      // The job holds no address.
      expect(row.payload).not.toContain('@');

      // Changed after the email was queued: the email follows.
      await db
        .updateTable('users')
        .set({ locale: 'fr', name: 'Zoé', email: 'zoe@example.org' })
        .where('id', '=', userId)
        .execute();
      expect(await runner().runDue()).toBe(1);
      expect(sent).toHaveLength(1);
      const message = sent[0] as OutgoingMessage;
      const link = `${PUBLIC_URL}/fr/account/verify`;
      expect(message.to).toBe('zoe@example.org');
      expect(message.subject).toBe(translator('fr')('email.verify.subject'));
      expect(message.text).toContain('Bonjour Zoé');
      expect(message.text).toContain(link);
      expect(message.html).toContain(`<a href="${link}">`);
      expect((await onlyJob()).state).toBe('done');
    });

    it('makes links without a locale prefix for English readers', async () => {
      const userId = await recipient();
      await enqueueEmail(db, { userId, kind: 'alreadyRegistered', linkPath: '/account/forgot' });
      await runner().runDue();
      expect(sent[0]?.subject).toBe(translator('en')('email.alreadyRegistered.subject'));
      expect(sent[0]?.text).toContain(`${PUBLIC_URL}/account/forgot\n`);
    });

    it('sends nothing to an unconfirmed or deleted account, and is done', async () => {
      const unconfirmed = await newUser();
      await db
        .updateTable('users')
        .set({ email_verified_at: null })
        .where('id', '=', unconfirmed)
        .execute();
      const deleted = await newUser();
      await enqueueEmail(db, { userId: unconfirmed, kind: 'verify', linkPath: '/account' });
      await enqueueEmail(db, { userId: deleted, kind: 'verify', linkPath: '/account' });
      await db.deleteFrom('users').where('id', '=', deleted).execute();
      expect(await runner().runDue()).toBe(2);
      expect(sent).toEqual([]);
      expect((await allJobs()).map((r) => r.state)).toEqual(['done', 'done']);
    });

    it('retries an email the mail server refused', async () => {
      const userId = await recipient();
      await enqueueEmail(db, { userId, kind: 'verify', linkPath: '/account' });
      const failing = {
        send: async () => {
          throw new Error('connection refused');
        },
      };
      expect(await runner({ mailer: failing }).runDue()).toBe(1);
      expect(await onlyJob()).toMatchObject({
        state: 'pending',
        attempts: 1,
        last_error: 'connection refused',
      });
      expect(await runner({ now: () => later(MINUTE) }).runDue()).toBe(1);
      expect(sent).toHaveLength(1);
      expect(await onlyJob()).toMatchObject({ state: 'done', attempts: 2 });
    });
  });

  describe('plugin', () => {
    it('decorates app.jobs and runs the worker while the app is open', async () => {
      const app = Fastify();
      let delivered: (m: OutgoingMessage) => void = () => undefined;
      const arrived = new Promise<OutgoingMessage>((resolve) => {
        delivered = resolve;
      });
      app.decorate('config', testConfig(test, { jobWorker: true, jobPollMs: 5 }));
      app.decorate('db', db);
      app.decorate('mailer', { send: async (m: OutgoingMessage) => delivered(m) });
      await app.register(jobsPlugin, { recipientOf });
      await app.ready();
      expect(typeof app.jobs.runDue).toBe('function');
      await enqueueEmail(db, { userId: await newUser(), kind: 'verify', linkPath: '/account' });
      expect((await arrived).subject).toBe(translator('en')('email.verify.subject'));
      await app.close();
      expect((await onlyJob()).state).toBe('done');
    });

    it('runs jobs only when asked to when JOB_WORKER is off', async () => {
      const app = Fastify();
      app.decorate('config', testConfig(test, { jobWorker: false }));
      app.decorate('db', db);
      app.decorate('mailer', mailer);
      await app.register(jobsPlugin, { recipientOf });
      await app.ready();
      await enqueueEmail(db, { userId: await newUser(), kind: 'verify', linkPath: '/account' });
      expect(await app.jobs.runDue()).toBe(1);
      expect(sent).toHaveLength(1);
      await app.close();
    });
  });
});
