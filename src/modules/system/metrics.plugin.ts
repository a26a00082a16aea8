import { createHash, timingSafeEqual } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { onSearchTimed } from '../../core/timing.ts';
import { checkReplica, type ReplicaCheck } from '../../db/connect.ts';
import { poolStatsOf } from '../../db/pool-stats.ts';
import { getQueueStats, JOB_STATES, type QueueStats } from '../jobs/index.ts';
import { getLastBackup, type LastBackup } from './backup.service.ts';
import { type DiskSpace, getDatabaseSize, getDiskSpace } from './status.service.ts';

/**
 * `GET /metrics` in Prometheus text format, for a scraper on the same machine or one holding
 * METRICS_TOKEN:
 *
 *   curl -H 'Authorization: Bearer $METRICS_TOKEN' https://clearinghouse.example/metrics
 *   # http_requests_total{method="GET",route="/practices/:slug",status="200"} 42
 *
 * Labels hold route patterns, methods and status codes only: never a raw URL, an address or
 * anything a person typed. Each app has its own registry (tests build several apps in one
 * process); Node's own metrics (CPU, memory, event loop lag) describe the process and are
 * collected once per process, into a registry of their own that every app's page includes.
 */

const PREFIX = 'clearinghouse_';
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
// A request that came through a proxy on this machine arrives from loopback too.
const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: PREFIX });
  }
  return processRegistry;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether the Authorization header carries the token, compared in constant time: both sides are
 * hashed first, so the buffers have equal lengths and the token's length leaks nothing either.
 */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  return timingSafeEqual(digest(match[1] as string), digest(token));
}

/** Loopback and not relayed by a proxy: X-Forwarded-For is never trusted to grant access. */
function fromThisMachine(request: FastifyRequest): boolean {
  return (
    LOOPBACK.has(request.socket.remoteAddress ?? '') &&
    FORWARDING_HEADERS.every((name) => request.headers[name] === undefined)
  );
}

interface Snapshot {
  queue: QueueStats;
  sizeBytes: number;
  lastBackup: LastBackup | undefined;
  disk: DiskSpace | undefined;
}

async function metricsPlugin(app: FastifyInstance) {
  const own = new Registry();
  const registers = [own];

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers,
  });
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method and route pattern.',
    labelNames: ['method', 'route'] as const,
    registers,
  });
  const searches = new Histogram({
    name: `${PREFIX}search_duration_seconds`,
    help: 'Time to run one search (cached result pages do not search).',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  // Searches run on the read replica when there is one, else on the primary.
  const stopTiming = onSearchTimed(({ db, seconds }) => {
    if (db === app.readDb || db === app.db) searches.observe(seconds);
  });

  // The database's figures, read once per scrape (before the registry collects) and shared by the
  // gauges below; undefined when the database did not answer.
  let current: Snapshot | undefined;
  const readSnapshot = async (): Promise<Snapshot | undefined> => {
    try {
      const [queue, sizeBytes, lastBackup, disk] = await Promise.all([
        getQueueStats(app.db),
        getDatabaseSize(app.db),
        getLastBackup(app.db),
        getDiskSpace(app.config.dataDir),
      ]);
      return { queue, sizeBytes, lastBackup, disk };
    } catch (error) {
      app.log.warn({ err: error }, 'metrics: the database did not answer');
      return undefined;
    }
  };

  new Gauge({
    name: `${PREFIX}database_up`,
    help: 'Whether the database answered the last scrape (1) or not (0).',
    registers,
    collect() {
      this.set(current ? 1 : 0);
    },
  });
  new Gauge({
    name: `${PREFIX}database_size_bytes`,
    help: 'Size of the database (SQLite: its file; PostgreSQL: pg_database_size).',
    registers,
    collect() {
      if (current) this.set(current.sizeBytes);
      else this.reset();
    },
  });
  new Gauge({
    name: `${PREFIX}jobs`,
    help: 'Background jobs by state.',
    labelNames: ['state'] as const,
    registers,
    collect() {
      this.reset();
      if (current) for (const state of JOB_STATES) this.set({ state }, current.queue.counts[state]);
    },
  });
  new Gauge({
    name: `${PREFIX}jobs_retrying`,
    help: 'Pending jobs that have failed at least once and wait to run again (their last error is in `clearinghouse jobs`).',
    registers,
    collect() {
      if (current) this.set(current.queue.retrying);
      else this.reset();
    },
  });
  new Gauge({
    name: `${PREFIX}jobs_oldest_due_seconds`,
    help: 'How long the longest-waiting due job has waited (0 when none waits).',
    registers,
    collect() {
      if (current) this.set(current.queue.oldestDueSeconds ?? 0);
      else this.reset();
    },
  });
  new Gauge({
    name: `${PREFIX}last_backup_timestamp_seconds`,
    help: 'When the last successful backup was made (Unix time); 0 when none was recorded.',
    registers,
    collect() {
      this.reset();
      if (current?.lastBackup) this.set(Date.parse(current.lastBackup.at) / 1000);
    },
  });
  const disk = (name: string, help: string, pick: 'freeBytes' | 'totalBytes') =>
    new Gauge({
      name: `${PREFIX}${name}`,
      help,
      registers,
      collect() {
        this.reset();
        if (current?.disk) this.set(current.disk[pick]);
      },
    });
  disk(
    'data_dir_free_bytes',
    'Space this process may still use on the disk of DATA_DIR.',
    'freeBytes',
  );
  disk('data_dir_size_bytes', 'Size of the disk holding DATA_DIR.', 'totalBytes');

  // The replica, asked directly (reads fall back to the primary, so the pages do not show it).
  let replica: ReplicaCheck | undefined;
  let dataDirWritable = true;
  if (app.readDb !== app.db) {
    new Gauge({
      name: `${PREFIX}replica_up`,
      help: 'Whether the read replica answered the last scrape (1) or not (0).',
      registers,
      collect() {
        this.set(replica?.up ? 1 : 0);
      },
    });
    new Gauge({
      name: `${PREFIX}replication_lag_seconds`,
      help: 'Seconds since the last transaction the replica replayed (grows while nothing is written).',
      registers,
      collect() {
        this.reset();
        if (typeof replica?.lagSeconds === 'number') this.set(replica.lagSeconds);
      },
    });
  }
  new Gauge({
    name: `${PREFIX}data_dir_writable`,
    help: 'Whether this process can write to DATA_DIR (uploads, exports, the mail outbox).',
    registers,
    collect() {
      this.set(dataDirWritable ? 1 : 0);
    },
  });

  // PostgreSQL: the connection pools, when createDb tracked them (see db/pool-stats.ts).
  const pools = [
    { database: 'primary', db: app.db },
    ...(app.readDb === app.db ? [] : [{ database: 'replica', db: app.readDb }]),
  ].filter((p) => poolStatsOf(p.db) !== undefined);
  if (pools.length > 0) {
    const pool = (name: string, help: string, pick: 'total' | 'idle' | 'waiting') =>
      new Gauge({
        name: `${PREFIX}${name}`,
        help,
        labelNames: ['database'] as const,
        registers,
        collect() {
          for (const { database, db } of pools) {
            const stats = poolStatsOf(db);
            if (stats) this.set({ database }, stats[pick]);
          }
        },
      });
    pool('db_pool_connections', 'Open connections in a database pool.', 'total');
    pool('db_pool_idle_connections', 'Idle connections in a database pool.', 'idle');
    pool(
      'db_pool_waiting_clients',
      'Queries waiting for a connection of a database pool.',
      'waiting',
    );
  }

  // The page: the process's metrics and this app's (merge copies the list, so it comes last).
  const registry = Registry.merge([processMetrics(), own]);

  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const pattern = request.routeOptions.url;
    if (pattern === '/metrics') return;
    const labels = {
      method: METHODS.has(request.method) ? request.method : 'other',
      route: request.is404 || pattern === undefined ? 'not_found' : pattern,
    };
    requests.inc({ ...labels, status: String(reply.statusCode) });
    durations.observe(labels, reply.elapsedTime / 1000);
  });

  app.addHook('onClose', async () => {
    stopTiming();
    own.clear();
  });

  app.get(
    '/metrics',
    {
      // Not the general rate limit (a scraper asks every few seconds); the Authorization header
      // holds the metrics token, not an API token; refusals look like any unknown address.
      config: { access: 'public', rateLimit: false, ownAuthorization: true },
      schema: { hide: true },
      logLevel: 'warn',
    },
    async (request, reply) => {
      const token = app.config.metricsToken;
      const allowed =
        token === undefined
          ? fromThisMachine(request)
          : bearerMatches(request.headers.authorization, token);
      if (!allowed) return reply.callNotFound();
      [current, replica, dataDirWritable] = await Promise.all([
        readSnapshot(),
        checkReplica(app.readDb),
        access(app.config.dataDir, fsConstants.W_OK).then(
          () => true,
          () => false,
        ),
      ]);
      const body = await registry.metrics();
      return reply.header('cache-control', 'no-store').type(registry.contentType).send(body);
    },
  );
}

export default fp(metricsPlugin, {
  name: 'metrics',
  dependencies: ['access', 'session'],
  decorators: { fastify: ['config', 'db', 'readDb'] },
});
