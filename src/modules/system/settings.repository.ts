import { nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';

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
