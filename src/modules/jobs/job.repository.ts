import type { Insertable } from 'kysely';
import { type Db, dialectOf } from '../../db/connect.ts';
import type { JobRow, JobState, JobTable } from './job.table.ts';

/** Adds a job; a job whose dedupe_key is already taken adds nothing. True when a row was added. */
export async function insertJob(db: Db, job: Insertable<JobTable>): Promise<boolean> {
  const result = await db
    .insertInto('jobs')
    .values(job)
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/**
 * Deletes the pending jobs whose dedupe_key starts with `prefix` (compared exactly: no LIKE, whose
 * case and wildcards differ between the two databases).
 */
export async function deletePendingJobsByKeyPrefix(db: Db, prefix: string): Promise<number> {
  const result = await db
    .deleteFrom('jobs')
    .where('state', '=', 'pending')
    .where((eb) =>
      eb(eb.fn('substr', ['dedupe_key', eb.val(1), eb.val([...prefix].length)]), '=', prefix),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Claims up to `limit` due jobs of the given kinds for one worker, in one statement, and returns
 * them. On PostgreSQL the due rows are locked with `FOR UPDATE SKIP LOCKED` inside a materialized
 * CTE (evaluated once), so that concurrent workers never claim the same job; on SQLite a write
 * statement holds the database's write lock from its start, which makes it atomic by itself.
 *
 *   with due as materialized (select id from jobs where state = 'pending' and run_at <= $1
 *     and kind in (…) order by run_at, id limit $n for update skip locked)
 *   update jobs set state = 'running', locked_by = …, locked_until = …, attempts = attempts + 1
 *   where id in (select id from due) returning *
 */
export async function claimDueJobs(
  db: Db,
  claim: { workerId: string; now: string; lockedUntil: string; kinds: string[]; limit: number },
): Promise<JobRow[]> {
  if (claim.kinds.length === 0 || claim.limit < 1) return [];
  const postgres = dialectOf(db) === 'postgres';
  const rows = await db
    .with(
      (cte) => cte('due').materialized(),
      (qb) =>
        qb
          .selectFrom('jobs')
          .select('id')
          .where('state', '=', 'pending')
          .where('run_at', '<=', claim.now)
          .where('kind', 'in', claim.kinds)
          .orderBy('run_at')
          .orderBy('id')
          .limit(claim.limit)
          .$if(postgres, (q) => q.forUpdate().skipLocked()),
    )
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      locked_by: claim.workerId,
      locked_until: claim.lockedUntil,
      attempts: eb('attempts', '+', 1),
    }))
    .where('id', 'in', (eb) => eb.selectFrom('due').select('id'))
    .returningAll()
    .execute();
  // UPDATE … RETURNING gives no order: run them in the order they fell due.
  return rows.sort((a, b) => (a.run_at < b.run_at ? -1 : a.run_at > b.run_at ? 1 : a.id - b.id));
}

/**
 * Running jobs whose lease has passed (their worker died): those of the `requeue` kinds go back to
 * pending while attempts remain (failed otherwise); every other kind becomes 'uncertain', since it
 * may have had its effect (an email may have gone out). Returns how many rows changed, per outcome.
 */
export async function releaseStaleJobs(
  db: Db,
  stale: { now: string; requeueKinds: string[]; error: string },
): Promise<{ requeued: number; failed: number; uncertain: number }> {
  const base = db
    .updateTable('jobs')
    .where('state', '=', 'running')
    .where('locked_until', '<', stale.now);
  let requeued = 0;
  let failed = 0;
  if (stale.requeueKinds.length > 0) {
    const again = await base
      .set({ state: 'pending', locked_by: null, locked_until: null, last_error: stale.error })
      .where('kind', 'in', stale.requeueKinds)
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
      .executeTakeFirst();
    requeued = Number(again.numUpdatedRows);
    const exhausted = await base
      .set({ state: 'failed', locked_until: null, last_error: stale.error, finished_at: stale.now })
      .where('kind', 'in', stale.requeueKinds)
      .executeTakeFirst();
    failed = Number(exhausted.numUpdatedRows);
  }
  const unsure = await base
    .set({
      state: 'uncertain',
      locked_until: null,
      last_error: stale.error,
      finished_at: stale.now,
    })
    .$if(stale.requeueKinds.length > 0, (q) => q.where('kind', 'not in', stale.requeueKinds))
    .executeTakeFirst();
  return { requeued, failed, uncertain: Number(unsure.numUpdatedRows) };
}

/**
 * The worker that claimed a job records its success. A job another worker meanwhile judged
 * 'uncertain' (this one outlived its lease) is done after all.
 */
export async function markJobDone(
  db: Db,
  id: number,
  workerId: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ state: 'done', locked_until: null, finished_at: now })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('state', 'in', ['running', 'uncertain'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The worker that claimed a job records its failure: pending again at `retryAt`, or failed. */
export async function markJobFailed(
  db: Db,
  id: number,
  workerId: string,
  outcome: { retryAt: string | null; error: string; now: string },
): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set(
      outcome.retryAt === null
        ? {
            state: 'failed',
            locked_until: null,
            last_error: outcome.error,
            finished_at: outcome.now,
          }
        : {
            state: 'pending',
            run_at: outcome.retryAt,
            locked_by: null,
            locked_until: null,
            last_error: outcome.error,
          },
    )
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('state', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countJobsByState(db: Db): Promise<{ state: JobState; count: number }[]> {
  const rows = await db
    .selectFrom('jobs')
    .select((eb) => ['state', eb.fn.countAll<number>().as('count')])
    .groupBy('state')
    .execute();
  return rows.map((r) => ({ state: r.state, count: Number(r.count) }));
}

/** When the longest-waiting pending job fell due, among those due by `now`; undefined when none is. */
export async function findOldestDueRunAt(db: Db, now: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min('run_at').as('run_at'))
    .where('state', '=', 'pending')
    .where('run_at', '<=', now)
    .executeTakeFirst();
  return row?.run_at ?? undefined;
}

/** Jobs in the given states, the most recent first; never the payload (it may hold personal data). */
export async function listJobsInStates(db: Db, states: JobState[], limit: number) {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'state', 'attempts', 'max_attempts', 'last_error', 'created_at'])
    .where('state', 'in', states)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Jobs waiting to run again after a failure, the most recent first. */
export async function listRetryingJobs(db: Db, limit: number) {
  return db
    .selectFrom('jobs')
    .select(['id', 'kind', 'state', 'attempts', 'max_attempts', 'last_error', 'created_at'])
    .where('state', '=', 'pending')
    .where('last_error', 'is not', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function countRetryingJobs(db: Db): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('state', '=', 'pending')
    .where('last_error', 'is not', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Puts a failed or uncertain job back in the queue, from scratch. */
export async function requeueJob(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({
      state: 'pending',
      run_at: now,
      attempts: 0,
      locked_by: null,
      locked_until: null,
      last_error: null,
      finished_at: null,
    })
    .where('id', '=', id)
    .where('state', 'in', ['failed', 'uncertain'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The workers holding running jobs, to find those of processes that died on this machine. */
export async function listRunningWorkers(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('jobs')
    .select('locked_by')
    .distinct()
    .where('state', '=', 'running')
    .where('locked_by', 'is not', null)
    .execute();
  return rows.map((r) => r.locked_by as string);
}

/** Ends the leases of workers known to be gone, so their jobs are released at once. */
export async function expireLeasesOf(db: Db, workerIds: string[], now: string): Promise<void> {
  if (workerIds.length === 0) return;
  await db
    .updateTable('jobs')
    .set({ locked_until: now })
    .where('state', '=', 'running')
    .where('locked_by', 'in', workerIds)
    .execute();
}
