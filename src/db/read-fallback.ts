import type pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.ts';

/** What the read side is doing, for health checks and metrics. */
export interface ReplicaState {
  /** False while reads go to the primary because the replica could not be reached. */
  up: boolean;
  /** The last error that sent reads to the primary, if any. */
  lastError?: string;
  /** How many times reads have fallen back to the primary since the process started. */
  fallbacks: number;
}

type Client = pg.PoolClient;
type Submittable = { submit: unknown };

/**
 * The pool of a read replica, as Kysely sees it: it hands out replica connections, and primary
 * connections when the replica cannot be reached (refused, timed out, shutting down). After a
 * failure the replica is left alone for `retryMs`, so a stopped or frozen replica costs one
 * connection timeout, not one per request. A read that fails mid-way because the replica went
 * away is run again on the primary: everything sent here is a read, so running it twice is safe.
 */
export class ReadPoolWithFallback {
  readonly state: ReplicaState = { up: true, fallbacks: 0 };
  private downUntil = 0;

  constructor(
    private readonly replica: pg.Pool,
    private readonly primary: pg.Pool,
    private readonly retryMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  async connect(): Promise<Client> {
    if (this.now() >= this.downUntil) {
      try {
        const client = await this.replica.connect();
        this.state.up = true;
        return this.withRetryOnPrimary(client);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        this.markDown(error);
      }
    }
    return this.primary.connect();
  }

  async end(): Promise<void> {
    // The primary's pool belongs to the primary's database, which ends it.
    await this.replica.end();
  }

  private markDown(error: unknown) {
    this.state.up = false;
    this.state.fallbacks += 1;
    this.state.lastError = error instanceof Error ? error.message : String(error);
    this.downUntil = this.now() + this.retryMs;
  }

  private withRetryOnPrimary(replicaClient: Client): Client {
    let current: Client = replicaClient;
    let released = false;
    const query = (...args: unknown[]): unknown => {
      const [first] = args;
      // A cursor streams rows as they come: it cannot be replayed half-read.
      if (typeof first === 'object' && first !== null && 'submit' in (first as Submittable))
        return (current.query as (...a: unknown[]) => unknown)(...args);
      const run = (client: Client) =>
        (client.query as (...a: unknown[]) => Promise<unknown>)(...args);
      return run(current).catch(async (error: unknown) => {
        if (current !== replicaClient || !isDatabaseUnavailable(error)) throw error;
        this.markDown(error);
        // The broken connection leaves the pool now; the primary's is released by Kysely, if
        // one could be had.
        released = true;
        replicaClient.release(error instanceof Error ? error : true);
        current = await this.primary.connect();
        released = false;
        return run(current);
      });
    };
    return new Proxy(replicaClient, {
      get(target, property) {
        if (property === 'query') return query;
        if (property === 'release')
          return (error?: Error | boolean) => {
            if (released) return;
            released = true;
            current.release(error);
          };
        const value = Reflect.get(current === target ? target : current, property);
        return typeof value === 'function' ? value.bind(current) : value;
      },
    });
  }
}
