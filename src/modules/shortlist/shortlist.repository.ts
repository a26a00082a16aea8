import type { Db } from '../../db/connect.ts';

export async function listShortlistIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('shortlist_items')
    .select('practice_id')
    .where('user_id', '=', userId)
    .orderBy('added_at')
    .orderBy('practice_id')
    .execute();
  return rows.map((r) => r.practice_id);
}

/** Adds the practices not yet on the list; those already there keep their place. */
export async function insertShortlistItems(
  db: Db,
  userId: number,
  practiceIds: number[],
  addedAt: string,
): Promise<void> {
  if (practiceIds.length === 0) return;
  await db
    .insertInto('shortlist_items')
    .values(practiceIds.map((id) => ({ user_id: userId, practice_id: id, added_at: addedAt })))
    .onConflict((oc) => oc.columns(['user_id', 'practice_id']).doNothing())
    .execute();
}

export async function deleteShortlistItem(db: Db, userId: number, practiceId: number) {
  await db
    .deleteFrom('shortlist_items')
    .where('user_id', '=', userId)
    .where('practice_id', '=', practiceId)
    .execute();
}

export async function deleteShortlist(db: Db, userId: number) {
  await db.deleteFrom('shortlist_items').where('user_id', '=', userId).execute();
}
