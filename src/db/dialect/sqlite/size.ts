import { sql } from 'kysely';
import type { Db } from '../../connect.ts';

/**
 * The database's size in bytes, from its pages (the main file; the WAL is not counted).
 *
 *   await databaseSizeBytes(db)  // 4718592
 */
export async function databaseSizeBytes(db: Db): Promise<number> {
  const { rows } = await sql<{
    bytes: number;
  }>`select page_count * page_size as bytes from pragma_page_count(), pragma_page_size()`.execute(
    db,
  );
  return Number(rows[0]?.bytes ?? 0);
}
