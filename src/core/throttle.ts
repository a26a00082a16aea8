import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

/**
 * A counter in the database, so that every app process sees the same count (failed logins per
 * address, for instance). `hit` counts one event and says whether the limit is passed.
 *
 *   const t = await hitThrottle(db, `login:${addressHash}`, 20, 15 * 60_000)
 *   if (!t.allowed) reply.header('retry-after', t.retryAfterSeconds)
 */
export interface ThrottleState {
  count: number;
  allowed: boolean;
  retryAfterSeconds: number;
}

export async function hitThrottle(
  db: Db,
  key: string,
  limit: number,
  windowMs: number,
): Promise<ThrottleState> {
  const now = Date.now();
  const resetAt = new Date(now + windowMs).toISOString();
  // Start a new window when the old one has ended; otherwise count on.
  const row = await db
    .insertInto('throttles')
    .values({ key, count: 1, reset_at: resetAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql`case when throttles.reset_at <= ${new Date(now).toISOString()} then 1 else throttles.count + 1 end`,
        reset_at: sql`case when throttles.reset_at <= ${new Date(now).toISOString()} then ${resetAt} else throttles.reset_at end`,
      }),
    )
    .returning(['count', 'reset_at'])
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  return {
    count,
    allowed: count <= limit,
    retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(row.reset_at) - now) / 1000)),
  };
}

/**
 * `hitThrottle` for a limit an operator may turn off: a limit of 0 counts nothing and allows all.
 *
 *   const t = await hitLimit(db, `comment:${userId}`, config.commentRateLimitPerHour, 3600_000)
 */
export async function hitLimit(
  db: Db,
  key: string,
  limit: number,
  windowMs: number,
): Promise<ThrottleState> {
  if (limit <= 0) return { count: 0, allowed: true, retryAfterSeconds: 0 };
  return hitThrottle(db, key, limit, windowMs);
}

export async function peekThrottle(
  db: Db,
  key: string,
): Promise<{ count: number; retryAfterSeconds: number }> {
  const row = await db
    .selectFrom('throttles')
    .select(['count', 'reset_at'])
    .where('key', '=', key)
    .executeTakeFirst();
  const now = Date.now();
  if (!row || Date.parse(row.reset_at) <= now) return { count: 0, retryAfterSeconds: 0 };
  return {
    count: Number(row.count),
    retryAfterSeconds: Math.ceil((Date.parse(row.reset_at) - now) / 1000),
  };
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('throttles').where('key', '=', key).execute();
}

/** Forgets counters whose window ended before `before`, so the table holds only live ones. */
export async function purgeExpiredThrottles(db: Db, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('throttles')
    .where('reset_at', '<', before.toISOString())
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
