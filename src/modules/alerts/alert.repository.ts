import type { Db } from '../../db/connect.ts';
import type { FollowKind, FollowRow, Frequency } from './alert.table.ts';

export async function listFollowsOf(db: Db, userId: number): Promise<FollowRow[]> {
  return db
    .selectFrom('follows')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Adds the follow unless it exists; true when it was added. */
export async function insertFollow(
  db: Db,
  row: { user_id: number; kind: FollowKind; target: string; label: string; created_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('follows')
    .values(row)
    .onConflict((oc) => oc.columns(['user_id', 'kind', 'target']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

export async function deleteFollow(
  db: Db,
  userId: number,
  kind: FollowKind,
  target: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('follows')
    .where('user_id', '=', userId)
    .where('kind', '=', kind)
    .where('target', '=', target)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function findSettings(db: Db, userId: number) {
  return db
    .selectFrom('alert_settings')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertSettingsIfMissing(
  db: Db,
  row: { user_id: number; last_sent_at: string; unsubscribe_token: string },
): Promise<void> {
  await db
    .insertInto('alert_settings')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export async function updateFrequency(db: Db, userId: number, frequency: Frequency) {
  await db.updateTable('alert_settings').set({ frequency }).where('user_id', '=', userId).execute();
}

/** Those whose period has passed: daily ones last sent before `dailyCutoff`, weekly before `weeklyCutoff`. */
export async function listDueSettings(
  db: Db,
  cutoffs: { daily: string; weekly: string },
  afterUserId: number,
  limit: number,
) {
  return db
    .selectFrom('alert_settings')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('frequency', '=', 'daily'), eb('last_sent_at', '<=', cutoffs.daily)]),
        eb.and([eb('frequency', '=', 'weekly'), eb('last_sent_at', '<=', cutoffs.weekly)]),
      ]),
    )
    .where('user_id', '>', afterUserId)
    .orderBy('user_id')
    .limit(limit)
    .execute();
}

/**
 * Moves a period on, only if no one else has since: false means another worker sent this period's
 * digest already.
 */
export async function advanceLastSent(
  db: Db,
  userId: number,
  from: string,
  to: string,
): Promise<boolean> {
  const result = await db
    .updateTable('alert_settings')
    .set({ last_sent_at: to })
    .where('user_id', '=', userId)
    .where('last_sent_at', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Followers of one organisation follow another (two organisations merged), once each. */
export async function moveOrganisationFollows(db: Db, fromId: number, intoId: number) {
  const [from, into] = [String(fromId), String(intoId)];
  await db
    .deleteFrom('follows')
    .where('kind', '=', 'organisation')
    .where('target', '=', from)
    .where(
      'user_id',
      'in',
      db
        .selectFrom('follows')
        .select('user_id')
        .where('kind', '=', 'organisation')
        .where('target', '=', into),
    )
    .execute();
  await db
    .updateTable('follows')
    .set({ target: into })
    .where('kind', '=', 'organisation')
    .where('target', '=', from)
    .execute();
}
