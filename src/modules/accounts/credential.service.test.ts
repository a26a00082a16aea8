import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DialectName, TestDatabase } from '../../../test/helpers/databases.ts';
import type { OutgoingMessage } from '../../core/mail/mailer.ts';
import type { Db } from '../../db/connect.ts';
import type { JobRunner } from '../jobs/job.service.ts';
import type { OrganisationLookup } from './account.ports.ts';
import type { AccountContext } from './credential.service.ts';

// The real hash, counted: registration must do the same work for a taken address as for a new one.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...actual, hash: vi.fn(actual.hash) };
});

// Test files share their worker's modules (vitest.config.ts): a file before this one may have
// loaded the account services with the real hash. Everything this file uses is loaded anew, as
// in a worker of its own, so that the services and the test see the same counted hash.
vi.resetModules();
const { hash } = await import('@node-rs/argon2');
const { createPreparedDatabase, dialects } = await import('../../../test/helpers/databases.ts');
const { createUser } = await import('../../../test/helpers/users.ts');
const { createJobRunner } = await import('../jobs/job.service.ts');
const { ACCOUNT_EMAIL_JOB, accountEmailHandler } = await import('./account-mail.service.ts');
const { register, requestPasswordReset } = await import('./credential.service.ts');
const { recipientOf } = await import('./profile.service.ts');

const PUBLIC_URL = 'http://clearinghouse.test';
const organisations: OrganisationLookup = {
  resolve: async () => {
    throw new Error('no organisation is named in these tests');
  },
  nameOf: async () => null,
};

describe.each(dialects)('account emails on %s', (dialect: DialectName) => {
  let test: TestDatabase;
  let db: Db;
  let sent: OutgoingMessage[];
  let ctx: AccountContext;
  let runner: JobRunner;

  beforeAll(async () => {
    test = await createPreparedDatabase(dialect);
    db = test.db;
    const mailer = { send: async (message: OutgoingMessage) => void sent.push(message) };
    ctx = { db, mailer, publicUrl: PUBLIC_URL, loginDelayMs: 1 };
    runner = createJobRunner({
      db,
      mailer,
      publicUrl: PUBLIC_URL,
      recipientOf,
      log: { warn: () => undefined },
      workerId: 'account-test',
    });
    runner.register(
      ACCOUNT_EMAIL_JOB,
      accountEmailHandler(() => ctx),
      { idempotent: false },
    );
  });
  afterAll(() => test.drop());
  beforeEach(async () => {
    await db.deleteFrom('jobs').execute();
    sent = [];
  });

  const queued = () => db.selectFrom('jobs').select(['kind', 'payload', 'state']).execute();

  it('hashes the password as often for a taken address as for a new one, and mails only from the queue', async () => {
    await createUser(db, `taken-${dialect}@example.org`);
    const attempt = async (email: string) => {
      vi.mocked(hash).mockClear();
      await register(
        ctx,
        { name: 'Someone', email, password: 'a long enough password' },
        organisations,
      );
      return vi.mocked(hash).mock.calls.length;
    };
    const forNew = await attempt(`new-${dialect}@example.org`);
    const forTaken = await attempt(`taken-${dialect}@example.org`);
    expect(forNew).toBeGreaterThan(0);
    expect(forTaken).toBe(forNew);

    // Nothing went out during either request: both emails wait in the queue.
    expect(sent).toEqual([]);
    const jobs = await queued();
    expect(jobs.map((j) => [j.kind, j.state])).toEqual([
      [ACCOUNT_EMAIL_JOB, 'pending'],
      [ACCOUNT_EMAIL_JOB, 'pending'],
    ]);
    // The queue holds neither the address nor a link.
    expect(JSON.stringify(jobs)).not.toMatch(/@|token|http/);

    expect(await runner.runDue()).toBe(2);
    expect(sent.map((m) => [m.to, m.subject])).toEqual([
      [`new-${dialect}@example.org`, 'Confirm your address'],
      [`taken-${dialect}@example.org`, 'You already have an account'],
    ]);
    expect(sent[0]?.text).toContain(`${PUBLIC_URL}/account/verify?token=`);
  });

  it('sends no reset email during the request: the link goes out when the job runs', async () => {
    await createUser(db, `forgot-${dialect}@example.org`);
    await requestPasswordReset(ctx, `forgot-${dialect}@example.org`);
    await requestPasswordReset(ctx, `nobody-${dialect}@example.org`);
    expect(sent).toEqual([]);
    expect((await queued()).map((j) => j.state)).toEqual(['pending']);
    const audit = await db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('action', '=', 'user.password_reset_requested')
      .execute();
    expect(audit).toHaveLength(2);

    expect(await runner.runDue()).toBe(1);
    expect(sent.map((m) => m.to)).toEqual([`forgot-${dialect}@example.org`]);
    expect(sent[0]?.text).toContain(`${PUBLIC_URL}/account/reset?token=`);
  });
});
