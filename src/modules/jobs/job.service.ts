import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { ANONYMOUS } from '../../core/actor.ts';
import { localePath } from '../../core/http/locale.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { composeEmail } from '../../core/mail/compose.ts';
import type { Mailer } from '../../core/mail/mailer.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import * as jobs from './job.repository.ts';
import { JOB_STATES, type JobRow, type JobState } from './job.table.ts';

/**
 * Background work that survives a restart, in the `jobs` table of the same database.
 *
 *   await enqueueEmail(trx, { userId: 7, kind: 'reviewReminder', linkPath: '/review', dedupeKey: 'review:12:reminder' })
 *   // …committed with the caller's transaction; a worker sends it in the user's language.
 *
 * A job is claimed by one worker at a time (FOR UPDATE SKIP LOCKED on PostgreSQL). A job whose
 * worker died while running it is run again if its kind is idempotent, and otherwise marked
 * 'uncertain' and left to a person (`clearinghouse jobs`): an email is sent at most once.
 */

/** Lease of a claimed job: past it, the worker is presumed dead. */
const DEFAULT_LEASE_MS = 5 * 60_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3600_000;
const DEFAULT_BATCH = 10;
const ERROR_MAX_CHARS = 500;
/** How long the outcome of a finished job is retried while the database is away (a restart). */
const RECORD_PATIENCE_MS = 30_000;
const RECORD_RETRY_MS = 250;
const INTERRUPTED = 'interrupted: the worker stopped while running this job';

// ───────────────────────────── Enqueueing ─────────────────────────────

export interface JobInput {
  kind: string;
  payload: unknown;
  /** Not before this moment; now by default. */
  runAt?: Date;
  /** At most one job per key, ever: a second enqueue with the same key adds nothing. */
  dedupeKey?: string;
  maxAttempts?: number;
}

/** Adds a job; `db` may be the caller's transaction, so the job exists exactly when the change does. */
export async function enqueueJob(db: Db, input: JobInput): Promise<void> {
  const maxAttempts = input.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error(`maxAttempts must be a whole number of at least 1, got ${maxAttempts}`);
  if (input.runAt !== undefined && Number.isNaN(input.runAt.getTime()))
    throw new Error('runAt is not a valid date');
  const now = new Date().toISOString();
  await jobs.insertJob(db, {
    kind: input.kind,
    payload: JSON.stringify(input.payload ?? null),
    dedupe_key: input.dedupeKey ?? null,
    state: 'pending',
    run_at: input.runAt?.toISOString() ?? now,
    attempts: 0,
    max_attempts: maxAttempts,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: now,
    finished_at: null,
  });
}

/**
 * Queues a run of a recurring job now, besides its schedule (the command line's `jobs --run`),
 * for a job whose handler does the work due at the moment it runs, whatever its payload.
 */
export async function queueRunNow(db: Db, kind: string, now = new Date()): Promise<void> {
  await enqueueJob(db, {
    kind,
    payload: { requested: now.toISOString() },
    runAt: now,
    dedupeKey: `${kind}:now:${now.toISOString()}`,
    maxAttempts: 3,
  });
}

/** The email kinds in the catalogue: `email.<kind>.subject` (and `.body`). */
export type EmailKind = MessageKey extends infer K
  ? K extends `email.${infer E}.subject`
    ? E
    : never
  : never;

export interface EmailPayload {
  userId: number;
  kind: EmailKind;
  values?: Record<string, string | number>;
  /** A path on the site, made a link in the recipient's language: `{link}` in the message. */
  linkPath?: string;
  /**
   * A message relayed from another user: their address (looked up when it is sent, like the
   * recipient's) becomes the Reply-To, so it reaches the recipient's mailbox but no page.
   */
  replyToUserId?: number;
  /** A path on the site that unsubscribes without signing in (List-Unsubscribe, RFC 8058). */
  unsubscribePath?: string;
}

/**
 * Queues an email to a user. The address, name and language are looked up when it is sent, so
 * the job holds no address, and a user deleted or not yet confirmed by then gets nothing.
 */
export async function enqueueEmail(
  db: Db,
  input: EmailPayload & { runAt?: Date; dedupeKey?: string },
): Promise<void> {
  const payload: EmailPayload = { userId: input.userId, kind: input.kind };
  if (input.values !== undefined) payload.values = input.values;
  if (input.linkPath !== undefined) payload.linkPath = input.linkPath;
  if (input.replyToUserId !== undefined) payload.replyToUserId = input.replyToUserId;
  if (input.unsubscribePath !== undefined) payload.unsubscribePath = input.unsubscribePath;
  await enqueueJob(db, {
    kind: 'email',
    payload,
    ...(input.runAt ? { runAt: input.runAt } : {}),
    ...(input.dedupeKey !== undefined ? { dedupeKey: input.dedupeKey } : {}),
  });
}

/**
 * Deletes the pending jobs whose dedupe key starts with the prefix, e.g. the reminders of a
 * review once it is submitted: `cancelJobs(trx, 'review:12:')`. Returns how many.
 */
export async function cancelJobs(db: Db, dedupeKeyPrefix: string): Promise<number> {
  if (dedupeKeyPrefix === '') throw new Error('cancelJobs needs a non-empty prefix');
  return jobs.deletePendingJobsByKeyPrefix(db, dedupeKeyPrefix);
}

// ───────────────────────────── Running ─────────────────────────────

export interface JobContext {
  db: Db;
  job: { id: number; kind: string; attempts: number; maxAttempts: number };
}

export type JobHandler<P = unknown> = (payload: P, ctx: JobContext) => Promise<void>;

export interface JobRunner {
  /**
   * Says how to run a kind of job. `idempotent`: running it twice does no harm, so a job
   * interrupted by a crash is run again; otherwise it is marked 'uncertain' and never rerun.
   */
  register<P>(kind: string, handler: JobHandler<P>, options: { idempotent: boolean }): void;
  /** Runs the jobs due now (up to `limit`, default 10), one after the other; returns how many ran. */
  runDue(limit?: number): Promise<number>;
  /** Polls for due jobs until stopped. */
  start(): void;
  /** Stops polling and waits for the run in progress. */
  stop(): Promise<void>;
  readonly workerId: string;
}

export interface EmailRecipient {
  email: string;
  name: string;
  locale: Locale;
}

/**
 * Where and in which language to write to a user, or nothing for a deleted or unconfirmed
 * account. The users belong to accounts, above jobs, so app.ts hands its lookup in.
 */
export type RecipientLookup = (db: Db, userId: number) => Promise<EmailRecipient | undefined>;

export interface JobRunnerOptions {
  db: Db;
  mailer: Mailer;
  publicUrl: string;
  recipientOf: RecipientLookup;
  log: Pick<Logger, 'warn'>;
  workerId?: string;
  /** Pause between polls when no job is due; 1000 ms by default (JOB_POLL_MS). */
  pollMs?: number;
  /** How long a claimed job may run before its worker is presumed dead. */
  leaseMs?: number;
  /** The clock (tests move it forward instead of waiting). */
  now?: () => Date;
}

/** Pause before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min, … at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_MAX_MS);
}

/**
 * The message of an error, for the jobs table: no stack, at most 500 characters, and email
 * addresses (an SMTP server may quote the recipient) replaced.
 */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .replace(/[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+\.[^\s<>()[\]\\,;:"@]+/gu, '[address]')
    .slice(0, ERROR_MAX_CHARS);
}

export function createJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, mailer, publicUrl, recipientOf, log } = options;
  const workerId =
    options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const pollMs = options.pollMs ?? 1000;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const clock = options.now ?? (() => new Date());
  const handlers = new Map<string, { handler: JobHandler; idempotent: boolean }>();

  async function sendEmail(payload: EmailPayload, ctx: JobContext): Promise<void> {
    const recipient = await recipientOf(ctx.db, payload.userId);
    // Deleted, or the address not confirmed: nothing to send, and nothing to retry.
    if (!recipient) return;
    const link =
      payload.linkPath === undefined
        ? undefined
        : `${publicUrl}${localePath(recipient.locale, payload.linkPath)}`;
    const message = composeEmail(recipient.locale, payload.kind, recipient.email, {
      ...payload.values,
      name: recipient.name,
      ...(link === undefined ? {} : { link }),
    });
    if (payload.replyToUserId !== undefined) {
      // The sender has since been deleted or lost their address: the message cannot be answered.
      const sender = await recipientOf(ctx.db, payload.replyToUserId);
      if (!sender) return;
      message.replyTo = sender.email;
    }
    if (payload.unsubscribePath !== undefined)
      message.unsubscribeUrl = `${publicUrl}${payload.unsubscribePath}`;
    // The last step: the runner marks the job done as soon as this resolves.
    await mailer.send(message);
  }

  function register<P>(kind: string, handler: JobHandler<P>, opts: { idempotent: boolean }) {
    handlers.set(kind, { handler: handler as JobHandler, idempotent: opts.idempotent });
  }
  register('email', sendEmail, { idempotent: false });

  async function runJob(job: JobRow): Promise<void> {
    const entry = handlers.get(job.kind);
    let failure: unknown;
    let succeeded = false;
    try {
      if (!entry) throw new Error(`no handler for jobs of kind "${job.kind}"`);
      await entry.handler(JSON.parse(job.payload), {
        db,
        job: { id: job.id, kind: job.kind, attempts: job.attempts, maxAttempts: job.max_attempts },
      });
      succeeded = true;
    } catch (error) {
      failure = error;
    }
    const now = clock();
    if (succeeded) {
      // Should this write fail for good, the job stays 'running' until its lease passes and is
      // then treated as interrupted: never as failed, which would run a non-idempotent job again.
      await recordOutcome(() => jobs.markJobDone(db, job.id, workerId, now.toISOString()));
      return;
    }
    const retry = job.attempts < job.max_attempts;
    await recordOutcome(() =>
      jobs.markJobFailed(db, job.id, workerId, {
        retryAt: retry ? new Date(now.getTime() + retryDelayMs(job.attempts)).toISOString() : null,
        error: describeError(failure),
        now: now.toISOString(),
      }),
    );
    // Never the payload nor the message (either may hold personal data): the kind of error
    // (EACCES, ECONNREFUSED, a status) says what broke; the message is in jobs.last_error.
    log.warn(
      { job: job.id, kind: job.kind, attempts: job.attempts, retry, reason: reasonOf(failure) },
      retry ? 'job failed, will retry' : 'job failed for good',
    );
  }

  /**
   * The work is done (an email sent): losing the record of it to a database restart would leave
   * the job in doubt for a person to settle, so the write is tried again until the database is
   * back, for a while. Any other error is a bug and is not retried.
   */
  async function recordOutcome<T>(save: () => Promise<T>): Promise<T> {
    const giveUpAt = Date.now() + RECORD_PATIENCE_MS;
    for (;;) {
      try {
        return await save();
      } catch (error) {
        if (!isDatabaseUnavailable(error) || Date.now() >= giveUpAt) throw error;
        await new Promise((resolve) => setTimeout(resolve, RECORD_RETRY_MS));
      }
    }
  }

  /**
   * Jobs held by a process of this machine that no longer exists (killed, crashed) need not
   * wait for their lease to end: the process is gone, so they are released now.
   */
  async function expireLeasesOfDeadProcesses(now: Date) {
    const host = `${hostname()}:`;
    const dead = (await jobs.listRunningWorkers(db)).filter((worker) => {
      if (!worker.startsWith(host) || worker === workerId) return false;
      const pid = Number(worker.slice(host.length).split(':')[0]);
      if (!Number.isInteger(pid) || pid <= 0) return false;
      try {
        process.kill(pid, 0);
        return false;
      } catch (error) {
        return (error as NodeJS.ErrnoException).code === 'ESRCH';
      }
    });
    // Ended a moment ago: the release below takes leases that ended before now.
    await jobs.expireLeasesOf(db, dead, new Date(now.getTime() - 1).toISOString());
  }

  async function runOnce(limit: number): Promise<number> {
    const now = clock();
    const kinds = [...handlers.keys()];
    if (!options.workerId) await expireLeasesOfDeadProcesses(now);
    const released = await jobs.releaseStaleJobs(db, {
      now: now.toISOString(),
      requeueKinds: kinds.filter((k) => handlers.get(k)?.idempotent),
      error: INTERRUPTED,
    });
    if (released.uncertain > 0 || released.failed > 0)
      log.warn(released, 'jobs interrupted by a stopped worker');
    // One job claimed at a time: if this process is killed, only the job it was running is left
    // in doubt, not a whole batch it had claimed and not yet begun.
    let ran = 0;
    while (ran < limit) {
      const claimedAt = clock();
      const [job] = await jobs.claimDueJobs(db, {
        workerId,
        now: claimedAt.toISOString(),
        lockedUntil: new Date(claimedAt.getTime() + leaseMs).toISOString(),
        kinds,
        limit: 1,
      });
      if (!job) break;
      ran++;
      try {
        await runJob(job);
      } catch (error) {
        // The database failed while recording the outcome; the lease will expire.
        log.warn({ job: job.id, kind: job.kind, error: describeError(error) }, 'job not recorded');
      }
    }
    return ran;
  }

  // One run at a time per runner, whether started by the poller or called directly.
  let current: Promise<unknown> = Promise.resolve();
  function runDue(limit = DEFAULT_BATCH): Promise<number> {
    const run = current.then(() => runOnce(limit));
    current = run.catch(() => undefined);
    return run;
  }

  let stopped = true;
  let timer: NodeJS.Timeout | undefined;
  function schedule(delayMs: number) {
    timer = setTimeout(poll, delayMs);
    timer.unref();
  }
  async function poll() {
    timer = undefined;
    let ran = 0;
    try {
      ran = await runDue(DEFAULT_BATCH);
    } catch (error) {
      log.warn({ error: describeError(error) }, 'job poll failed');
    }
    // A full batch suggests more are due: look again at once.
    if (!stopped) schedule(ran === DEFAULT_BATCH ? 0 : pollMs);
  }

  return {
    workerId,
    register,
    runDue,
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
  };
}

// ───────────────────────────── Operating (the `jobs` command) ─────────────────────────────

export interface JobOverview {
  counts: Record<JobState, number>;
  /** Failed and uncertain jobs, the most recent first. */
  problems: JobProblem[];
  /** Jobs that failed and wait to run again, with their last error, the most recent first. */
  retrying: JobProblem[];
}

export interface JobProblem {
  id: number;
  kind: string;
  state: JobState;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
}

const toProblem = (r: Awaited<ReturnType<typeof jobs.listJobsInStates>>[number]): JobProblem => ({
  id: r.id,
  kind: r.kind,
  state: r.state,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  lastError: r.last_error,
  createdAt: r.created_at,
});

export async function getJobOverview(db: Db, limit = 100): Promise<JobOverview> {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const row of await jobs.countJobsByState(db)) counts[row.state] = row.count;
  const [rows, retrying] = await Promise.all([
    jobs.listJobsInStates(db, ['failed', 'uncertain'], limit),
    jobs.listRetryingJobs(db, limit),
  ]);
  return { counts, problems: rows.map(toProblem), retrying: retrying.map(toProblem) };
}

export interface QueueStats {
  counts: Record<JobState, number>;
  /** Pending jobs that have failed at least once and wait to run again. */
  retrying: number;
  /** How long the longest-waiting due job has waited, in seconds; null when none is waiting. */
  oldestDueSeconds: number | null;
}

/**
 * The queue's depth by state and the wait of its oldest due job (metrics, status page).
 *
 *   await getQueueStats(db)  // { counts: { pending: 2, running: 0, done: 40, … }, oldestDueSeconds: 3.2 }
 */
export async function getQueueStats(db: Db, now = new Date()): Promise<QueueStats> {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  const [rows, oldest, retrying] = await Promise.all([
    jobs.countJobsByState(db),
    jobs.findOldestDueRunAt(db, now.toISOString()),
    jobs.countRetryingJobs(db),
  ]);
  for (const row of rows) counts[row.state] = row.count;
  return {
    counts,
    retrying,
    oldestDueSeconds:
      oldest === undefined ? null : Math.max(0, (now.getTime() - Date.parse(oldest)) / 1000),
  };
}

/** Puts a failed or uncertain job back in the queue with its attempts reset (command line). */
export async function retryJob(
  db: Db,
  id: number,
): Promise<'retried' | 'not_found' | 'not_retryable'> {
  const outcome = await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      const job = await jobs.findJob(trx, id);
      if (!job) return { outcome: 'not_found' as const };
      if (!(await jobs.requeueJob(trx, id, new Date().toISOString())))
        return { outcome: 'not_retryable' as const };
      return { outcome: 'retried' as const, job };
    },
    {
      audit: (done) =>
        done.outcome === 'retried'
          ? {
              action: 'job.retried',
              subject: { type: 'job', id },
              details: { from: done.job.state, kind: done.job.kind, by: 'command line' },
            }
          : null,
    },
  );
  return outcome.outcome;
}

/** What kind of failure, without its message: an error code, an HTTP or SMTP status, or its class. */
function reasonOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return typeof error;
  const { code, responseCode, status, name } = error as Record<string, unknown>;
  for (const value of [code, responseCode, status])
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  return typeof name === 'string' ? name : 'Error';
}
