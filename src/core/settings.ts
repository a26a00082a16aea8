import type { Db } from '../db/connect.ts';
import { nowIso } from './text.ts';

/**
 * Site settings: one value per key, kept in the database (the versions of the reference data
 * loaded, the last backup). Reference modules and system read and write them.
 */

export async function findSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function upsertSetting(db: Db, key: string, value: string): Promise<void> {
  const updated_at = nowIso();
  await db
    .insertInto('settings')
    .values({ key, value, updated_at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at }))
    .execute();
}
