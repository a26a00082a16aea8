// npm run bench:load — a mixed workload over loopback, bounded in time:
//   (a) SQLite, one app process, 50 and 200 connections;
//   (b) PostgreSQL, two app processes on the same database (one autocannon per process, run at
//       the same time, connections split between them, figures summed), 50 and 200 connections.
// Each run is compared with a bare Fastify route (the ceiling) answering the mix's average
// response size, in the same topology and at the same connection count, measured in this run.
//
// The mix, per 100 requests: home 10, search pages with facets 20, practice pages 46, practice
// list API 8, search API 10, sign-ins 3 (real POST /account/login with a valid password and a
// reused CSRF cookie + token), submissions 3 (POST /api/v1/submissions with a write token).
// Anonymous pages come from the page cache once rendered; the JSON API and sign-ins (Argon2id,
// ~30 ms of CPU each) are computed every time, and dominate the CPU spent.
//
// Environment: BENCH_DURATION (seconds per run, default 60), BENCH_CEILING_DURATION (default
// min(15, BENCH_DURATION)), BENCH_CONNECTIONS (default 50,200), BENCH_ENGINES (default
// sqlite,postgres), BENCH_KEEP=1 keeps the temporary folder (databases and server logs),
// BENCH_CPU_PROF=DIR writes a CPU profile of every app process there.
//
// Target: zero unexpected 5xx (every 5xx but a 503 carrying Retry-After, the deliberate answer
// of overload shedding). Record results in docs/benchmarks.md.

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../src/config.ts';
import { createDb, type Db } from '../src/db/connect.ts';
import { prepareDatabase } from '../src/modules/system/setup.service.ts';
import { findPostgresBin, type PgCluster, startPgCluster } from '../test/setup/pg-cluster.ts';
import {
  type BenchAccounts,
  createBenchAccounts,
  csrfPair,
  PASSWORD,
  submissionBody,
  waitUntilServing,
} from './fixtures.ts';
import { startServer } from './harness.ts';
import { randomSource } from './synthetic-practices.ts';

const duration = Number(process.env.BENCH_DURATION ?? 60);
const ceilingDuration = Number(process.env.BENCH_CEILING_DURATION ?? Math.min(15, duration));
const connectionCounts = (process.env.BENCH_CONNECTIONS ?? '50,200').split(',').map(Number);
const engines = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',');
if (!(duration > 0) || connectionCounts.some((c) => !(c >= 2)))
  throw new Error('BENCH_DURATION must be > 0 and BENCH_CONNECTIONS at least 2 each');

/** Limits that would refuse a load from one address are lifted; the sign-in throttle stays. */
const APP_ENV = {
  AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
  SEARCH_RATE_LIMIT_PER_MINUTE: '1000000',
  // One benchmark account sends every submission of the run.
  SUBMISSION_RATE_LIMIT_PER_HOUR: '0',
  LOGIN_DELAY_MS: '1',
  CLEARINGHOUSE_DEMO: '1',
  BENCH_LOG_LEVEL: 'warn',
};

const SEARCH_PAGES = [
  '/practices?q=housing&theme=housing&region=150',
  '/search?q=refugees&type=programme',
  '/practices?theme=employment&region=019',
  '/search?q=vivienda+para+refugiados',
  '/practices?region=150&type=programme&type=service&sort=newest',
  '/search?q=language+courses&target_group=refugees',
  '/practices?evidence=promising&evidence=effective',
  '/search?q=integration&country=DE&status=ongoing',
  '/practices?actor_type=municipality&decade=2010',
  '/search?q=%E9%9A%BE%E6%B0%91',
];
const API_SEARCHES = [
  '/api/v1/search?q=housing',
  '/api/v1/search?q=employment&theme=employment',
  '/api/v1/search?q=refugiados',
  '/api/v1/search?q=language&region=150',
  '/api/v1/search?q=health+migrants',
];
const API_LISTS = [
  '/api/v1/practices',
  '/api/v1/practices?page=2',
  '/api/v1/practices?per_page=50',
];

// ───────────────────────────── Counting answers ─────────────────────────────

interface Sent {
  label: string;
  sentAt: number;
}

interface Tally {
  byRoute: Map<string, Map<number, number>>;
  shed503: number;
  /** A few bodies of unexpected 5xx answers, per route and status. */
  samples: Map<string, string>;
  latencies: number[];
  latenciesByRoute: Map<string, number[]>;
  /**
   * Requests sent and not (yet) answered: a connection's context is replaced for each request,
   * so the context of a request that timed out stays here. Counted per route after the run.
   */
  unanswered: Set<Sent>;
  timeoutsByRoute: Map<string, number>;
  /** The label of the answer being counted: onResponse runs just before the 'response' event. */
  lastLabel: string;
  errors: number;
  timeouts: number;
  requestsPerSecond: number;
}

function newTally(): Tally {
  return {
    byRoute: new Map(),
    shed503: 0,
    samples: new Map(),
    latencies: [],
    latenciesByRoute: new Map(),
    unanswered: new Set(),
    timeoutsByRoute: new Map(),
    lastLabel: '?',
    errors: 0,
    timeouts: 0,
    requestsPerSecond: 0,
  };
}

function record(
  tally: Tally,
  label: string,
  status: number,
  body: string,
  headers: Record<string, unknown> | undefined,
) {
  tally.lastLabel = label;
  const route = tally.byRoute.get(label) ?? new Map<number, number>();
  route.set(status, (route.get(status) ?? 0) + 1);
  tally.byRoute.set(label, route);
  if (status < 500) return;
  const retryAfter = Object.entries(headers ?? {}).some(([k]) => k.toLowerCase() === 'retry-after');
  if (status === 503 && retryAfter) {
    tally.shed503++;
    return;
  }
  const key = `${label} ${status}${status === 503 ? ' (no Retry-After)' : ''}`;
  if (!tally.samples.has(key)) tally.samples.set(key, body.slice(0, 300));
}

interface Summary {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  ok: number;
  clientErrors: number;
  shed503: number;
  unexpected5xx: number;
  errors: number;
  timeouts: number;
}

function percentiles(latencies: number[]) {
  const sorted = Float64Array.from(latencies).sort();
  const at = (p: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p99: at(0.99) };
}

function summarise(tally: Tally): Summary {
  const { p50, p99 } = percentiles(tally.latencies);
  let total = 0;
  let ok = 0;
  let clientErrors = 0;
  let all5xx = 0;
  for (const statuses of tally.byRoute.values())
    for (const [status, count] of statuses) {
      total += count;
      if (status < 400) ok += count;
      else if (status < 500) clientErrors += count;
      else all5xx += count;
    }
  return {
    requestsPerSecond: tally.requestsPerSecond,
    p50,
    p99,
    total,
    ok,
    clientErrors,
    shed503: tally.shed503,
    unexpected5xx: all5xx - tally.shed503,
    errors: tally.errors - tally.timeouts,
    timeouts: tally.timeouts,
  };
}

// ───────────────────────────── The workload ─────────────────────────────

interface MixContext {
  slugs: string[];
  accounts: BenchAccounts;
  csrf: { cookie: string; token: string };
  /** Shared across connections and processes: every submission gets its own title. */
  counter: { submissions: number };
}

type Entry = {
  label: string;
  weight: number;
  paths?: string[];
  request?: () => autocannon.Request;
};

function mixEntries(ctx: MixContext): Entry[] {
  const loginBody = new URLSearchParams({
    _csrf: ctx.csrf.token,
    email: ctx.accounts.memberEmail,
    password: PASSWORD,
    next: '/account',
  }).toString();
  return [
    { label: 'home /', weight: 10, paths: ['/'] },
    { label: 'search page', weight: 20, paths: SEARCH_PAGES },
    { label: 'practice page', weight: 46, paths: ctx.slugs.map((s) => `/practices/${s}`) },
    { label: 'API practices', weight: 8, paths: API_LISTS },
    { label: 'API search', weight: 10, paths: API_SEARCHES },
    {
      label: 'login POST',
      weight: 3,
      request: () => ({
        method: 'POST',
        path: '/account/login',
        headers: { cookie: ctx.csrf.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: loginBody,
      }),
    },
    {
      label: 'submission POST',
      weight: 3,
      request: () => ({
        method: 'POST',
        path: '/api/v1/submissions',
        headers: {
          authorization: `Bearer ${ctx.accounts.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(submissionBody(`Load test submission ${++ctx.counter.submissions}`)),
      }),
    },
  ];
}

/** The next request of the mix and its label, for whichever connection asks. */
type Next = () => { label: string; request: autocannon.Request };

/**
 * One sequence shared by every connection (and both processes): 100 slots in a fixed shuffled
 * order, each entry's paths in turn, so that the mix holds exactly over a run of any length.
 */
function mixSequence(ctx: MixContext): Next {
  const random = randomSource(7);
  const slots: Entry[] = [];
  for (const entry of mixEntries(ctx)) for (let i = 0; i < entry.weight; i++) slots.push(entry);
  for (let i = slots.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [slots[i], slots[j]] = [slots[j] as Entry, slots[i] as Entry];
  }
  const turns = new Map<string, number>();
  let position = 0;
  return () => {
    const entry = slots[position++ % slots.length] as Entry;
    if (entry.request) return { label: entry.label, request: entry.request() };
    const turn = turns.get(entry.label) ?? 0;
    turns.set(entry.label, turn + 1);
    const paths = entry.paths as string[];
    return {
      label: entry.label,
      request: {
        method: 'GET',
        path: paths[turn % paths.length],
        headers: {},
        body: undefined,
      },
    };
  };
}

/**
 * autocannon's request list for one instance: a single entry that asks the sequence for the next
 * request each time. The label travels in the connection's context (reset before every request,
 * since the list has one entry) to the answer. While the clients are being made, every one builds
 * the same request (`first`): autocannon keeps the built request on the shared entry, and sends
 * the last one built as each connection's first.
 */
function mixRequests(next: Next, tally: Tally, building: { now: boolean }): autocannon.Request[] {
  const first = { label: 'home /', request: { method: 'GET', path: '/', headers: {} } } as const;
  return [
    {
      setupRequest: (req, context) => {
        const { label, request } = building.now ? first : next();
        Object.assign(context, { label, sentAt: performance.now() });
        tally.unanswered.add(context as Sent);
        return { ...req, ...request } as autocannon.Request;
      },
      onResponse: (status, body, context, headers) => {
        tally.unanswered.delete(context as Sent);
        record(
          tally,
          (context as { label?: string }).label ?? '?',
          status,
          body ?? '',
          headers as Record<string, unknown>,
        );
      },
    },
  ];
}

/** Every distinct request once, on each server, checking the answers; returns the mix's mean size. */
async function warmUp(ports: number[], ctx: MixContext): Promise<number> {
  let weightedBytes = 0;
  let weights = 0;
  for (const port of ports) {
    for (const entry of mixEntries(ctx)) {
      const requests = entry.request
        ? [entry.request()]
        : (entry.paths as string[]).map((p) => ({ method: 'GET', path: p }) as autocannon.Request);
      let bytes = 0;
      for (const r of requests) {
        const response = await fetch(`http://127.0.0.1:${port}${r.path}`, {
          method: r.method,
          headers: r.headers as Record<string, string>,
          body: r.body as string | undefined,
          redirect: 'manual',
        });
        const text = await response.text();
        if (response.status >= 400)
          throw new Error(
            `warm-up: ${r.method} ${r.path} answered ${response.status}: ${text.slice(0, 300)}`,
          );
        bytes += Buffer.byteLength(text);
      }
      weightedBytes += (bytes / requests.length) * entry.weight;
      weights += entry.weight;
    }
  }
  return Math.round(weightedBytes / weights);
}

/** One autocannon per port, at the same time, `connections` split between them. */
async function hammer(
  ports: number[],
  connections: number,
  seconds: number,
  requestsFor: (tally: Tally, building: { now: boolean }) => autocannon.Request[],
): Promise<Tally> {
  const tally = newTally();
  const results = await Promise.all(
    ports.map(
      (port, i) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const share =
            Math.floor(connections / ports.length) + (i < connections % ports.length ? 1 : 0);
          const building = { now: true };
          // autocannon makes its clients (and builds their first requests) synchronously.
          const instance = autocannon(
            {
              url: `http://127.0.0.1:${port}`,
              connections: share,
              duration: seconds,
              requests: requestsFor(tally, building),
            },
            (error, result) => (error ? reject(error) : resolve(result)),
          );
          building.now = false;
          instance.on('response', (_client, _status, _bytes, responseTime: number) => {
            tally.latencies.push(responseTime);
            const route = tally.latenciesByRoute.get(tally.lastLabel) ?? [];
            route.push(responseTime);
            tally.latenciesByRoute.set(tally.lastLabel, route);
          });
        }),
    ),
  );
  // autocannon gives up on a request after 10 s; those still in flight at the end are not counted.
  const end = performance.now();
  for (const sent of tally.unanswered)
    if (end - sent.sentAt > 10_000)
      tally.timeoutsByRoute.set(sent.label, (tally.timeoutsByRoute.get(sent.label) ?? 0) + 1);
  tally.unanswered.clear();
  for (const result of results) {
    tally.requestsPerSecond += result.requests.average;
    tally.errors += result.errors;
    tally.timeouts += result.timeouts;
  }
  return tally;
}

// ───────────────────────────── Servers ─────────────────────────────

interface Engine {
  name: 'sqlite' | 'postgres';
  url: string;
  processes: number;
  dataDir: string;
}

interface Started {
  ports: number[];
  children: ChildProcess[];
  logs: string[];
}

async function startApps(engine: Engine, label: string, dir: string): Promise<Started> {
  const started: Started = { ports: [], children: [], logs: [] };
  // One after the other: each runs prepareDatabase (a no-op by then) before it listens.
  for (let i = 0; i < engine.processes; i++) {
    const logFile = path.join(dir, `server-${label}-${i + 1}.log`);
    const server = await startServer(
      'app',
      { ...APP_ENV, DATABASE_URL: engine.url, DATA_DIR: engine.dataDir },
      {
        logFile,
        // BENCH_CPU_PROF=DIR: a CPU profile of each app process, written when it stops.
        execArgv: process.env.BENCH_CPU_PROF
          ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF]
          : [],
      },
    );
    started.ports.push(server.port);
    started.children.push(server.child);
    started.logs.push(logFile);
  }
  return started;
}

async function stop(children: ChildProcess[]): Promise<(number | null)[]> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<number | null>((resolve) => {
          if (child.exitCode !== null) return resolve(child.exitCode);
          child.once('exit', (code) => resolve(code));
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** The warnings and errors a server logged (pino JSON), grouped by message. */
function logSummary(files: string[]): string[] {
  const counts = new Map<string, number>();
  for (const file of files) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let key: string;
      try {
        const entry = JSON.parse(line) as {
          level?: number;
          msg?: string;
          err?: { type?: string; message?: string };
          error?: string;
          req?: { method?: string; path?: string };
          res?: { statusCode?: number };
        };
        if ((entry.level ?? 0) < 40) continue;
        key = [
          entry.level === 40 ? 'WARN' : 'ERROR',
          entry.req ? `${entry.req.method} ${entry.req.path}` : '',
          entry.msg ?? '',
          entry.err ? `${entry.err.type}: ${entry.err.message}` : (entry.error ?? ''),
        ]
          .filter(Boolean)
          .join(' | ');
      } catch {
        key = `raw | ${line.slice(0, 200)}`;
      }
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts].map(([key, n]) => `${String(n).padStart(6)} × ${key.slice(0, 400)}`);
}

/** Waits (at most 30 s) until every server answers /healthz within 20 ms, twice in a row. */
async function settle(ports: number[]): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (const port of ports) {
    let prompt = 0;
    while (prompt < 2 && Date.now() < deadline) {
      const started = performance.now();
      await (await fetch(`http://127.0.0.1:${port}/healthz`)).arrayBuffer();
      prompt = performance.now() - started < 20 ? prompt + 1 : 0;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function submittedCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('submissions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'submitted')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

// ───────────────────────────── Main ─────────────────────────────

interface Row {
  run: string;
  measured: Summary;
  ceiling: Summary;
  bytes: number;
  tally: Tally;
  logLines: string[];
  exitCodes: (number | null)[];
  submissionsAcked: number;
  submissionsStored: number;
  /** 503s answered while the freshly started processes were waited for (before the run). */
  startupShed: number;
  loadAverage: string;
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function printRow(row: Row) {
  const m = row.measured;
  console.log(
    `\n${row.run}: ${fmt(m.requestsPerSecond)} req/s (ceiling ${fmt(row.ceiling.requestsPerSecond)} req/s at ${fmt(row.bytes)} B → ${fmt((100 * m.requestsPerSecond) / row.ceiling.requestsPerSecond, 1)}%), p50 ${m.p50} ms, p99 ${m.p99} ms; ${fmt(m.total)} answers: ${fmt(m.ok)} 2xx/3xx, ${m.clientErrors} 4xx, ${m.shed503} 503 shed, ${m.unexpected5xx} other 5xx; ${m.errors} connection errors, ${m.timeouts} timeouts`,
  );
  for (const [label, statuses] of row.tally.byRoute) {
    const parts = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`);
    const { p50, p99 } = percentiles(row.tally.latenciesByRoute.get(label) ?? []);
    const timeouts = row.tally.timeoutsByRoute.get(label);
    console.log(
      `    ${label.padEnd(16)} p50 ${String(p50).padStart(7)} ms  p99 ${String(p99).padStart(7)} ms  ${parts.join(' ')}${timeouts ? `  timed out ×${timeouts}` : ''}`,
    );
  }
  // Stored ≥ answered: requests still in flight when autocannon stops are committed unanswered.
  console.log(
    `    submissions: ${row.submissionsAcked} answered 201, ${row.submissionsStored} more rows in state 'submitted'${row.submissionsStored < row.submissionsAcked ? '  ✗ FEWER STORED THAN ACKNOWLEDGED' : ''}`,
  );
  console.log(
    `    load average before the run: ${row.loadAverage}; 503s while the new processes started: ${row.startupShed}`,
  );
  for (const [key, body] of row.tally.samples) console.log(`    ✗ ${key}: ${body}`);
  if (row.exitCodes.some((c) => c !== 0))
    console.log(`    ✗ server exit codes: ${row.exitCodes.join(', ')} (0 expected after SIGTERM)`);
  if (row.logLines.length > 0) {
    console.log('    server log, warnings and errors:');
    for (const line of row.logLines.slice(0, 12)) console.log(`    ${line}`);
    if (row.logLines.length > 12) console.log(`    … ${row.logLines.length - 12} more kinds`);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-load-'));
const rows: Row[] = [];
let cluster: PgCluster | undefined;
try {
  console.log(
    `machine: ${process.platform} ${process.arch}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${duration} s per run, ceiling ${ceilingDuration} s; folder ${dir}`,
  );
  for (const name of engines) {
    let engine: Engine;
    if (name === 'sqlite') {
      engine = {
        name: 'sqlite',
        url: `sqlite:${dir}/load.db`,
        processes: 1,
        dataDir: path.join(dir, 'data-sqlite'),
      };
    } else if (name === 'postgres') {
      const bin = findPostgresBin();
      if (!bin) {
        console.log('\npostgres: no PostgreSQL server binaries (PG_BIN); skipped');
        continue;
      }
      cluster = await startPgCluster(bin);
      engine = {
        name: 'postgres',
        url: cluster.url,
        processes: 2,
        dataDir: path.join(dir, 'data-pg'),
      };
    } else throw new Error(`unknown engine ${name}`);

    const db = createDb(loadConfig({ DATABASE_URL: engine.url }).database);
    await prepareDatabase(db, { demo: true });
    const accounts = await createBenchAccounts(db, `load-${engine.name}`);
    const counter = { submissions: 0 };

    for (const connections of connectionCounts) {
      const label = `${engine.name}-${connections}`;
      const apps = await startApps(engine, label, dir);
      // A process just started may shed its first requests (503): wait until each one serves.
      let startupShed = 0;
      for (const port of apps.ports)
        startupShed += (await waitUntilServing(`http://127.0.0.1:${port}/`)).shed;
      const first = `http://127.0.0.1:${apps.ports[0]}`;
      const list = (await (await fetch(`${first}/api/v1/practices?per_page=50`)).json()) as {
        results: { slug: string }[];
      };
      const ctx: MixContext = {
        slugs: list.results.map((r) => r.slug),
        accounts,
        csrf: await csrfPair(`${first}/account/login`),
        counter,
      };
      const bytes = await warmUp(apps.ports, ctx);
      // A short unrecorded run so that both sides are warm (JIT, caches, pools).
      await hammer(apps.ports, connections, Math.min(3, duration), (t, b) =>
        mixRequests(mixSequence(ctx), t, b),
      );
      // The warm-up's connections are gone, but the servers still work off what they had
      // accepted; the measured run starts once they answer promptly again.
      await settle(apps.ports);
      // Other work on the machine skews the figures: the load average is printed with them.
      const loadAverage = loadavg()
        .map((n) => n.toFixed(1))
        .join(' ');
      const before = await submittedCount(db);
      // One sequence for both processes' load generators.
      const next = mixSequence(ctx);
      const tally = await hammer(apps.ports, connections, duration, (t, b) =>
        mixRequests(next, t, b),
      );
      const after = await submittedCount(db);
      const exitCodes = await stop(apps.children);

      const ceilings = await Promise.all(
        apps.ports.map(() => startServer('ceiling', { BYTES: String(bytes) })),
      );
      const ceilingTally = await hammer(
        ceilings.map((c) => c.port),
        connections,
        ceilingDuration,
        (t) => [
          {
            method: 'GET',
            path: '/',
            onResponse: (s: number, b: string, _c: object, h?: object) =>
              record(t, 'ceiling', s, b ?? '', h as Record<string, unknown>),
          },
        ],
      );
      await stop(ceilings.map((c) => c.child));

      const row: Row = {
        run: `${engine.name === 'sqlite' ? 'SQLite, 1 process' : 'PostgreSQL, 2 processes'}, ${connections} connections`,
        measured: summarise(tally),
        ceiling: summarise(ceilingTally),
        bytes,
        tally,
        logLines: logSummary(apps.logs),
        exitCodes,
        submissionsAcked: tally.byRoute.get('submission POST')?.get(201) ?? 0,
        submissionsStored: after - before,
        startupShed,
        loadAverage,
      };
      rows.push(row);
      printRow(row);
    }
    await db.destroy();
    if (cluster) {
      cluster.stop();
      cluster = undefined;
    }
  }

  console.log(
    `\n| run | req/s | p50 ms | p99 ms | conn. errors | timeouts | 5xx (not 503) | 503 shed | 4xx | ceiling req/s | ratio |`,
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const m = row.measured;
    console.log(
      `| ${row.run} | ${fmt(m.requestsPerSecond)} | ${m.p50} | ${m.p99} | ${m.errors} | ${m.timeouts} | ${m.unexpected5xx} | ${m.shed503} | ${m.clientErrors} | ${fmt(row.ceiling.requestsPerSecond)} | ${fmt((100 * m.requestsPerSecond) / row.ceiling.requestsPerSecond, 1)}% |`,
    );
  }
  const unexpected = rows.reduce((n, r) => n + r.measured.unexpected5xx, 0);
  console.log(
    unexpected === 0
      ? '\nno unexpected 5xx'
      : `\n✗ ${unexpected} unexpected 5xx answers (see the routes and server log above)`,
  );
  const lostSubmissions = rows.filter((r) => r.submissionsStored < r.submissionsAcked).length;
  if (lostSubmissions > 0)
    console.log(`✗ ${lostSubmissions} runs stored fewer submissions than were acknowledged`);
  if (unexpected > 0 || lostSubmissions > 0) process.exitCode = 1;
} finally {
  cluster?.stop();
  if (process.env.BENCH_KEEP === '1') console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
