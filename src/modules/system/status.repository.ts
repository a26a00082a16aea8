import { type Db, dialectOf } from '../../db/connect.ts';
import * as postgres from '../../db/dialect/postgres/size.ts';
import * as sqlite from '../../db/dialect/sqlite/size.ts';

/** The database's size in bytes, measured the way its engine can. */
export function databaseSizeBytes(db: Db): Promise<number> {
  return dialectOf(db) === 'postgres'
    ? postgres.databaseSizeBytes(db)
    : sqlite.databaseSizeBytes(db);
}
