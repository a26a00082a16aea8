import type { Db } from '../../db/connect.ts';
import { hitThrottle, peekThrottle, purgeExpiredThrottles } from '../throttle.ts';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

interface RouteParams {
  routeInfo?: { method?: string | string[]; url?: string };
}

/** One request in this many also clears expired counters, so no separate sweeper is needed. */
const PURGE_EVERY = 500;

/**
 * A store for @fastify/rate-limit that keeps its counters in the database (the `throttles`
 * table), so every app process behind the load balancer counts the same requests: with N
 * processes, a client gets the limit, not N times the limit.
 *
 *   await app.register(rateLimit, { store: databaseRateLimitStore(db), max: 600, timeWindow: '1 minute' })
 */
export function databaseRateLimitStore(db: Db) {
  let calls = 0;
  return class DatabaseRateLimitStore {
    private readonly prefix: string;

    // The plugin constructs the store with its options; only a route's own store has a prefix.
    constructor(_options?: unknown, prefix = 'rate:') {
      this.prefix = prefix;
    }

    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      if (++calls % PURGE_EVERY === 0)
        void purgeExpiredThrottles(db, new Date()).catch(() => undefined);
      hitThrottle(db, this.prefix + key, max, timeWindow).then(
        (state) => callback(null, { current: state.count, ttl: state.retryAfterSeconds * 1000 }),
        (error: Error) => callback(error),
      );
    }

    read(key: string, callback: Callback): void {
      peekThrottle(db, this.prefix + key).then(
        (state) => callback(null, { current: state.count, ttl: state.retryAfterSeconds * 1000 }),
        (error: Error) => callback(error),
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
