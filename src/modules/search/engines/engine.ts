import { type Db, dialectOf } from '../../../db/connect.ts';
import { postgresSearchIndex } from './postgres/full-text.ts';
import type { Collection, SearchIndex } from './search-index.ts';
import { sqliteSearchIndex } from './sqlite/full-text.ts';

/** The engine of the database `db` is on, for one collection. */
export function engineOf(db: Db, collection: Collection = 'practices'): SearchIndex {
  return (dialectOf(db) === 'postgres' ? postgresSearchIndex : sqliteSearchIndex)(collection);
}
