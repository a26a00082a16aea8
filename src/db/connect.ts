import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './database.ts';
import { trackPool } from './pool-stats.ts';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

// COUNT(*) and other int8 values arrive as strings from pg; every count here fits in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function createDb(
  config: DatabaseConfig,
  options: { poolSize?: number; statementTimeoutMs?: number } = {},
): Db {
  if (config.dialect === 'sqlite') {
    if (config.filename !== ':memory:')
      mkdirSync(path.dirname(config.filename), { recursive: true });
    const database = new SQLite(config.filename);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 10000');
    // NORMAL is durable in WAL mode across application crashes; only a power loss can drop the last commits.
    database.pragma('synchronous = NORMAL');
    return new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(database) }),
    });
  }
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: options.poolSize ?? 10,
    application_name: 'clearinghouse',
    // A runaway query is cancelled by the server instead of holding a connection for ever.
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // An idle client can lose its connection (server restart); without a listener that kills the process.
  pool.on('error', () => undefined);
  return trackPool(
    new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) }),
    pool,
  );
}

/**
 * Kysely prepares every query anew; on SQLite preparing costs as much as running a small query.
 * Statements are reused by SQL text unless busy (a statement being iterated by a stream).
 */
function withStatementCache(database: SQLite.Database, size = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value = Reflect.get(target, property, receiver);
        // Native methods must be called on the real object, not the proxy.
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (source: string) => {
        const cached = cache.get(source);
        if (cached && !cached.busy) return cached;
        const statement = prepare(source);
        if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        cache.set(source, statement);
        return statement;
      };
    },
  });
}

// biome-ignore lint/suspicious/noExplicitAny: any database schema will do
export function dialectOf(db: Kysely<any>): Dialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}
