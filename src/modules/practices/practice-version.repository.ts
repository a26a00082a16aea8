import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { PracticeVersionTable } from './practice.table.ts';

/** The published versions of practices: what each publication looked like, numbered from 1. */

export async function listVersionsOf(db: Db, practiceId: number) {
  return db
    .selectFrom('practice_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select([
      'v.id',
      'v.version',
      'v.published_at',
      'v.submission_id',
      'u.name as published_by_name',
    ])
    .where('v.practice_id', '=', practiceId)
    .orderBy('v.version', 'desc')
    .execute();
}

export async function findVersion(db: Db, practiceId: number, version: number) {
  return db
    .selectFrom('practice_versions')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('version', '=', version)
    .executeTakeFirst();
}

export async function latestVersionNumber(db: Db, practiceId: number): Promise<number> {
  const row = await db
    .selectFrom('practice_versions')
    .select((eb) => eb.fn.max('version').as('latest'))
    .where('practice_id', '=', practiceId)
    .executeTakeFirst();
  return Number(row?.latest ?? 0);
}

export async function insertVersion(db: Db, row: Insertable<PracticeVersionTable>): Promise<void> {
  await db.insertInto('practice_versions').values(row).execute();
}
