import type { Db } from '../../db/connect.ts';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { hitThrottle, peekThrottle, purgeExpiredThrottles } from '../throttle.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

/** One request in this many also clears expired counters, so no separate sweeper is needed. */
const PURGE_EVERY = 500;
/** After a failure to reach the database, count in memory this long before trying it again. */
const DATABASE_RETRY_MS = 5000;
/** Counters kept in memory during an outage; beyond that they start again (a bound, not a limit). */
const MEMORY_KEYS = 100_000;

/**
 * A store for @fastify/rate-limit that keeps its counters in the database (the `throttles`
 * table), so every app process behind the load balancer counts the same requests: with N
 * processes, a client gets the limit, not N times the limit.
 *
 *   await app.register(rateLimit, { store: databaseRateLimitStore(db), max: 600, timeWindow: '1 minute' })
 */
export function databaseRateLimitStore(db: Db, options: { now?: () => number } = {}) {
  let calls = 0;
  const now = options.now ?? Date.now;
  // While the primary cannot be reached, requests are counted in this process instead (reads
  // from a replica must not fail because a counter cannot be written), and the database is left
  // alone for a few seconds so that a stuck primary does not cost every request a timeout.
  const memory = new Map<string, { count: number; resetAt: number }>();
  let databaseDownUntil = 0;
  const countInMemory = (key: string, timeWindow: number) => {
    const at = now();
    let entry = memory.get(key);
    if (!entry || entry.resetAt <= at) {
      if (memory.size >= MEMORY_KEYS) memory.clear();
      entry = { count: 0, resetAt: at + timeWindow };
      memory.set(key, entry);
    }
    entry.count += 1;
    return { current: entry.count, ttl: entry.resetAt - at };
  };
  return class DatabaseRateLimitStore {
    private readonly prefix: string;

    // The plugin constructs the store with its options; only a route's own store has a prefix.
    constructor(_options?: unknown, prefix = 'rate:') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      if (++calls % PURGE_EVERY === 0)
        void purgeExpiredThrottles(db, new Date()).catch(() => undefined);
      const counter = this.prefix + key;
      if (now() < databaseDownUntil) {
        callback(null, countInMemory(counter, timeWindow));
        return;
      }
      hitThrottle(db, counter, max, timeWindow).then(
        (state) => callback(null, { current: state.count, ttl: state.retryAfterSeconds * 1000 }),
        (error: Error) => {
          if (!isDatabaseUnavailable(error)) return callback(error);
          databaseDownUntil = now() + DATABASE_RETRY_MS;
          callback(null, countInMemory(counter, timeWindow));
        },
      );
    }

    read(key: string, callback: Callback): void {
      peekThrottle(db, this.prefix + key).then(
        (state) => callback(null, { current: state.count, ttl: state.retryAfterSeconds * 1000 }),
        (error: Error) =>
          isDatabaseUnavailable(error) ? callback(null, { current: 0, ttl: 0 }) : callback(error),
      );
    }

    /** A route with its own limit counts apart from the others. */ child(
      params: object,
    ): DatabaseRateLimitStore {
      // The plugin passes the route's merged options, which name the route in `routeInfo`.
      const route = (params as RouteParams).routeInfo;
      const method = [route?.method ?? ''].flat().join(',');
      return new DatabaseRateLimitStore(undefined, `rate:${method} ${route?.url ?? ''}:`);
    }
  };
}

/**
 * The `rateLimit` option of a route with its own, tighter limit per minute. Like the general
 * limit, 0 turns it off: the route then counts against the general limit like any other.
 */
export function routeRateLimit(
  config: { rateLimitPerMinute: number },
  perMinute: number,
): { max: number; timeWindow: string } | false {
  if (perMinute > 0) return { max: perMinute, timeWindow: '1 minute' };
  return config.rateLimitPerMinute > 0
    ? { max: config.rateLimitPerMinute, timeWindow: '1 minute' }
    : false;
}
