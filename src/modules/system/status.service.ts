import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { ForbiddenError } from '../../core/errors.ts';
import {
  checkReplica,
  type Db,
  type Dialect,
  dialectOf,
  type ReplicaCheck,
} from '../../db/connect.ts';
import { latestMigrationName } from '../../db/migrate.ts';
import { getFileTotals } from '../files/index.ts';
import { getQueueStats, type QueueStats } from '../jobs/index.ts';
import { getLastBackup, type LastBackup } from './backup.service.ts';
import { databaseSizeBytes } from './status.repository.ts';

/**
 * What an administrator checks first when something seems wrong: this process, the database,
 * the job queue, the disk and the last backup (the page `/admin/status`).
 *
 *   const loop = startLoopMonitor();
 *   await getSystemStatus(db, actor, { dataDir: '/srv/data', loop })
 *   // { version: '0.1.0', node: 'v20.20.2', database: { dialect: 'sqlite', sizeBytes: 4718592, … }, … }
 */

/** The version in package.json, read once. */
export const APP_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

export interface LoopDelay {
  meanMs: number;
  p99Ms: number;
  maxMs: number;
  /** The length of the window the figures cover, in seconds. */
  windowSeconds: number;
}

export interface LoopMonitor {
  /** The last full window's delays, or the current window's before the first one ends. */
  read(): LoopDelay | undefined;
  stop(): void;
}

const RESOLUTION_MS = 20;

/**
 * Measures the event loop's delay in windows of `windowMs` (a minute by default). The figures
 * leave out the sampling interval itself, so an idle loop reads close to 0 ms.
 */
export function startLoopMonitor(windowMs = 60_000): LoopMonitor {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let windowStart = Date.now();
  let last: LoopDelay | undefined;
  const current = (): LoopDelay | undefined => {
    if (histogram.count === 0) return undefined;
    const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
    return {
      meanMs: ms(histogram.mean),
      p99Ms: ms(histogram.percentile(99)),
      maxMs: ms(histogram.max),
      windowSeconds: (Date.now() - windowStart) / 1000,
    };
  };
  const timer = setInterval(() => {
    last = current() ?? last;
    histogram.reset();
    windowStart = Date.now();
  }, windowMs);
  timer.unref();
  return {
    read: () => last ?? current(),
    stop() {
      clearInterval(timer);
      histogram.disable();
    },
  };
}

/** The database's size in bytes (SQLite: pages × page size; PostgreSQL: pg_database_size). */
export function getDatabaseSize(db: Db): Promise<number> {
  return databaseSizeBytes(db);
}

export interface DiskSpace {
  /** Bytes this process may still write. */
  freeBytes: number;
  totalBytes: number;
  /** The directory measured: DATA_DIR, or its nearest existing parent. */
  path: string;
}

/** Free and total space of the file system holding `dir`; undefined when it cannot be read. */
export async function getDiskSpace(dir: string): Promise<DiskSpace | undefined> {
  let target = path.resolve(dir);
  for (;;) {
    try {
      const stats = await statfs(target);
      return {
        freeBytes: stats.bavail * stats.bsize,
        totalBytes: stats.blocks * stats.bsize,
        path: target,
      };
    } catch (error) {
      const parent = path.dirname(target);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === target) return undefined;
      target = parent;
    }
  }
}

export interface SystemStatus {
  checkedAt: string;
  version: string;
  node: string;
  uptimeSeconds: number;
  memory: { rssBytes: number; heapUsedBytes: number; heapLimitBytes: number };
  eventLoop: LoopDelay | undefined;
  database: { dialect: Dialect; sizeBytes: number; migration: string | null };
  /** The read replica public pages use; undefined when there is none (reads go to the primary). */
  replica: ReplicaCheck | undefined;
  jobs: QueueStats;
  disk: DiskSpace | undefined;
  files: { count: number; bytes: number };
  lastBackup: LastBackup | undefined;
}

export async function getSystemStatus(
  db: Db,
  actor: Actor,
  options: { dataDir: string; loop: LoopMonitor; readDb?: Db },
): Promise<SystemStatus> {
  if (!can(actor, 'system.status')) throw new ForbiddenError();
  const [sizeBytes, migration, jobs, disk, files, lastBackup, replica] = await Promise.all([
    databaseSizeBytes(db),
    latestMigrationName(db),
    getQueueStats(db),
    getDiskSpace(options.dataDir),
    getFileTotals(db),
    getLastBackup(db),
    options.readDb ? checkReplica(options.readDb) : undefined,
  ]);
  const memory = process.memoryUsage();
  return {
    checkedAt: new Date().toISOString(),
    version: APP_VERSION,
    node: process.version,
    uptimeSeconds: process.uptime(),
    memory: {
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      heapLimitBytes: getHeapStatistics().heap_size_limit,
    },
    eventLoop: options.loop.read(),
    database: { dialect: dialectOf(db), sizeBytes, migration },
    replica,
    jobs,
    disk,
    files,
    lastBackup,
  };
}
