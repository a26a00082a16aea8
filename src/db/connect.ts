import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { DatabaseConfig } from '../config.ts';
import type { Database } from './database.ts';
import { pgPoolOf, trackPool } from './pool-stats.ts';
import { ReadPoolWithFallback, type ReplicaState } from './read-fallback.ts';

export type Db = Kysely<Database>;
export type Dialect = 'sqlite' | 'postgres';

// COUNT(*) and other int8 values arrive as strings from pg; every count here fits in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export interface DbOptions {
  poolSize?: number;
  /** Enforced by the server: a runaway query is cancelled instead of holding a connection. */
  statementTimeoutMs?: number;
  /** How long to wait for a connection to a server that does not answer (stopped, frozen, unreachable). */
  connectTimeoutMs?: number;
  /** This database is a read replica of `primary`: reads go there when the replica cannot be reached. */
  primary?: Db;
}

// Beyond the server's statement timeout, the time a stuck server or network may take before the
// client gives up on its own (the server cannot cancel a query it is not running).
const CLIENT_TIMEOUT_MARGIN_MS = 2000;

export function createDb(config: DatabaseConfig, options: DbOptions = {}): Db {
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
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    ...(options.statementTimeoutMs
      ? {
          statement_timeout: options.statementTimeoutMs,
          query_timeout: options.statementTimeoutMs + CLIENT_TIMEOUT_MARGIN_MS,
        }
      : {}),
  });
  // A connection can be lost at any time (a server restart, a replica stopped). Without a
  // listener, node-postgres raises the loss as an uncaught error and the process exits: on an
  // idle client through the pool, on a checked-out one through the client itself. The query
  // that was running, if any, fails on its own and is answered as an outage.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const primaryPool = options.primary ? pgPoolOf(options.primary) : undefined;
  const readPool = primaryPool ? new ReadPoolWithFallback(pool, primaryPool) : undefined;
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: readPool ?? pool, cursor: Cursor }),
  });
  if (readPool) replicaStates.set(db, readPool.state);
  return trackPool(db, pool);
}

const replicaStates = new WeakMap<Db, ReplicaState>();

/** Whether reads reach the replica, for a database made with `primary`; undefined otherwise. */
export function replicaStateOf(db: Db): ReplicaState | undefined {
  return replicaStates.get(db);
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

export interface ReplicaCheck {
  up: boolean;
  /** Seconds since the last transaction the replica replayed; null when it has replayed none. */
  lagSeconds?: number | null;
}

/**
 * Asks the replica itself, not through the fallback to the primary: whether it answers, and how
 * far it lags. Undefined for a database that is not a replica.
 */
export async function checkReplica(db: Db): Promise<ReplicaCheck | undefined> {
  const pool = replicaStates.has(db) ? pgPoolOf(db) : undefined;
  if (!pool) return undefined;
  try {
    const result = await pool.query<{ lag: number | null }>(
      'select extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 as lag',
    );
    return { up: true, lagSeconds: result.rows[0]?.lag ?? null };
  } catch {
    return { up: false };
  }
}
