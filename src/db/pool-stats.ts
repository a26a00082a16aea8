import type { Kysely } from 'kysely';
import type pg from 'pg';

/**
 * The PostgreSQL connection pool behind a Kysely instance, for metrics. Kysely keeps its pool in
 * a private field, so `createDb` records it here:
 *
 *   return trackPool(new Kysely<Database>({ dialect: new PostgresDialect({ pool, … }) }), pool);
 *   poolStatsOf(db)  // { total: 4, idle: 3, waiting: 0 }; undefined on SQLite
 */
export interface PoolStats {
  /** Open connections, idle or in use. */
  total: number;
  idle: number;
  /** Queries waiting for a connection. */
  waiting: number;
}

const pools = new WeakMap<object, pg.Pool>();

// biome-ignore lint/suspicious/noExplicitAny: any database schema will do
export function trackPool<K extends Kysely<any>>(db: K, pool: pg.Pool): K {
  pools.set(db, pool);
  return db;
}

/** The pool's counts now; undefined for a database without a tracked pool (SQLite). */
export function poolStatsOf(db: object): PoolStats | undefined {
  const pool = pools.get(db);
  if (!pool) return undefined;
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** The PostgreSQL pool behind a database (to read through it with another pool's fallback). */
export function pgPoolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}
