import { sql } from 'kysely';
import type { Db } from '../../connect.ts';

/**
 * The current database's size in bytes, tables, indexes and TOAST included.
 *
 *   await databaseSizeBytes(db)  // 9437184
 */
export async function databaseSizeBytes(db: Db): Promise<number> {
  const { rows } = await sql<{
    bytes: number;
  }>`select pg_database_size(current_database()) as bytes`.execute(db);
  return Number(rows[0]?.bytes ?? 0);
}
