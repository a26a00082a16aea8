import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { CallTable } from './review.table.ts';

/** Calls for practices, and the practices published in answer to one. */

export async function insertCall(db: Db, call: Insertable<CallTable>): Promise<number> {
  const row = await db.insertInto('calls').values(call).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCall(db: Db, id: number, changes: Updateable<CallTable>) {
  await db.updateTable('calls').set(changes).where('id', '=', id).execute();
}

export async function findCallById(db: Db, id: number) {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCallBySlug(db: Db, slug: string) {
  return db.selectFrom('calls').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function callSlugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('calls').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

export async function listCalls(db: Db) {
  return db.selectFrom('calls').selectAll().orderBy('closes_at', 'desc').orderBy('id').execute();
}

export async function listPublishedPracticeIdsOfCall(db: Db, callId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('submissions')
    .innerJoin('practices', 'practices.id', 'submissions.practice_id')
    .select('practices.id')
    .distinct()
    .where('submissions.call_id', '=', callId)
    .where('submissions.state', '=', 'published')
    .where('practices.archived_at', 'is', null)
    .orderBy('practices.id', 'desc')
    .execute();
  return rows.map((r) => r.id);
}
