import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from './database.ts';
import { poolStatsOf, trackPool } from './pool-stats.ts';

describe('poolStatsOf', () => {
  it('reads the counts of the pool tracked for a database, and nothing for another', async () => {
    // Nothing connects: a pool opens connections only when a query asks for one.
    const pool = new pg.Pool({ connectionString: 'postgres://127.0.0.1:9/none', max: 2 });
    const db = trackPool(new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), pool);
    const other = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      expect(poolStatsOf(db)).toEqual({ total: 0, idle: 0, waiting: 0 });
      expect(poolStatsOf(other)).toBeUndefined();
    } finally {
      await db.destroy();
    }
  });
});
