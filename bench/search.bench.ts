// npm run bench:search [-- --large] [--sizes 10000,100000] [--engines sqlite,postgres] [--rounds 5]
//
// Loads synthetic practices (10k, then 100k; 1M with --large), runs a fixed mix of queries with
// facets through the search service, and reports p50/p95/p99 (repeated searches: answers kept in
// memory) next to the engine's floor (a bare full-text match of the same words on the same data),
// the same searches uncached, and the first search after a write that changes one practice, on
// SQLite and on PostgreSQL. Then the search page's requests per second against a hello-world
// route on the same machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createDb, type Db, dialectOf } from '../src/db/connect.ts';
import { importPractices } from '../src/modules/practices/practice-interchange.service.ts';
import { FACETS } from '../src/modules/search/facet-store.ts';
import { type SearchFilters, search } from '../src/modules/search/practice-search.service.ts';
import { fold } from '../src/modules/search/text-analysis.ts';
import { backupDatabase, restoreDatabase } from '../src/modules/system/backup.service.ts';
import { prepareDatabase } from '../src/modules/system/setup.service.ts';
import { findPostgresBin, startPgCluster } from '../test/setup/pg-cluster.ts';
import { load, startServer } from './harness.ts';
import { createGenerator } from './synthetic-practices.ts';

const { values } = parseArgs({
  options: {
    large: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    rounds: { type: 'string', default: '5' },
    duration: { type: 'string', default: '10' },
  },
});
const sizes = (values.sizes ?? (values.large ? '10000,100000,1000000' : '10000,100000'))
  .split(',')
  .map(Number);
const engines = values.engines.split(',');
const rounds = Number(values.rounds);

const NONE = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchFilters;
const f = (filters: Partial<SearchFilters>): SearchFilters => ({ ...NONE, ...filters });

/** A fixed mix: the six languages, concepts, phrases, exclusions, prefixes, typos, facets. */
const MIX: { q: string; filters: SearchFilters; sort?: 'newest' }[] = [
  { q: '', filters: f({}) },
  { q: '', filters: f({ theme: ['housing'] }) },
  { q: '', filters: f({ region: ['150'], type: ['programme', 'service'] }), sort: 'newest' },
  { q: 'refugees', filters: f({}) },
  { q: 'vivienda para refugiados', filters: f({}) },
  { q: 'language courses women', filters: f({ region: ['150'] }) },
  { q: '难民住房', filters: f({}) },
  { q: '就业培训', filters: f({ country: ['CN'] }) },
  { q: 'السكن للاجئين', filters: f({}) },
  { q: 'توظيف المهاجرين', filters: f({ evidence: ['emerging', 'promising'] }) },
  { q: 'жильё для беженцев', filters: f({}) },
  { q: 'языковые курсы', filters: f({ decade: ['2010'] }) },
  { q: 'intégration professionnelle', filters: f({}) },
  { q: 'lutte contre les discriminations', filters: f({ policy_area: ['legal-political'] }) },
  { q: 'integration', filters: f({ type: ['programme'], evidence: ['promising'] }) },
  { q: '"social cohesion"', filters: f({}) },
  { q: 'employment -youth', filters: f({ target_group: ['refugees'] }) },
  { q: 'integr*', filters: f({}) },
  { q: 'housng', filters: f({}) },
  { q: 'Colombia migrants', filters: f({}) },
  { q: 'health', filters: f({ country: ['DE'], status: ['ongoing'] }) },
  { q: 'community centre neighbours', filters: f({ actor_type: ['municipality'] }) },
  { q: 'municipal services newcomers', filters: f({ region: ['019'] }) },
  {
    q: 'training',
    filters: f({ theme: ['employment', 'education'], region: ['002'] }),
    sort: 'newest',
  },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/** The engine's floor: a bare match of the query's words, nothing else (no facets, no ranking in JS). */
async function floorQuery(db: Db, q: string): Promise<void> {
  const words = (q.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => fold(w)).filter((w) => w.length > 1);
  if (words.length === 0) return;
  if (dialectOf(db) === 'sqlite') {
    await sql`select rowid, bm25(practice_fts) from practice_fts where practice_fts match ${words.map((w) => `"${w}"`).join(' OR ')}`.execute(
      db,
    );
  } else {
    await sql`select practice_id, ts_rank(tsv, q) from search_documents, to_tsquery('simple', ${words.map((w) => `'${w}'`).join(' | ')}) q where tsv @@ q`.execute(
      db,
    );
  }
}

async function measure(db: Db) {
  const service: number[] = [];
  const floor: number[] = [];
  const run = async (item: (typeof MIX)[number] & { debug?: boolean }) =>
    search(db, {
      debug: item.debug,
      q: item.q,
      filters: item.filters,
      page: 1,
      perPage: 20,
      sort: item.sort ?? 'relevance',
      locale: 'en',
      log: true,
    });
  // The first run of each query is cold: the in-memory state is built on the first search, but
  // no word or concept of the query has been matched yet.
  await run({ q: '', filters: NONE });
  const cold: number[] = [];
  for (const item of MIX) {
    const started = performance.now();
    await run(item);
    cold.push(performance.now() - started);
  }
  for (let round = 0; round < rounds; round++) {
    for (const item of MIX) {
      let started = performance.now();
      await run(item);
      service.push(performance.now() - started);
      if (item.q) {
        started = performance.now();
        await floorQuery(db, item.q);
        floor.push(performance.now() - started);
      }
    }
  }
  // Searched afresh (debug=1 bypasses the cache of answers) against the same search right after
  // a write, which changes one practice: the in-memory state follows that practice alone.
  const uncached: number[] = [];
  const afterWrite: number[] = [];
  const generate = createGenerator(1);
  for (let round = 0; round < rounds; round++) {
    for (const item of MIX.filter((m) => m.q)) {
      let started = performance.now();
      await run({ ...item, debug: true });
      uncached.push(performance.now() - started);
      const original = generate(round + 1);
      const edited = { ...original, title: `${original.title} ${round} ${item.q.length}` };
      const report = await importPractices(
        db,
        (async function* () {
          yield { number: 1, value: edited };
        })(),
      );
      if (!report.committed) throw new Error(`edit failed: ${JSON.stringify(report.problems[0])}`);
      started = performance.now();
      await run({ ...item, debug: true });
      afterWrite.push(performance.now() - started);
    }
  }
  return {
    cold: summary(cold),
    service: summary(service),
    floor: summary(floor),
    uncached: summary(uncached),
    afterWrite: summary(afterWrite),
  };
}

async function generateInto(db: Db, from: number, to: number) {
  const generate = createGenerator(1);
  for (let first = from; first <= to; first += 5000) {
    const last = Math.min(to, first + 4999);
    const report = await importPractices(
      db,
      (async function* () {
        for (let n = first; n <= last; n++) yield { number: n, value: generate(n) };
      })(),
    );
    if (!report.committed)
      throw new Error(`generation failed: ${JSON.stringify(report.problems[0])}`);
    process.stderr.write(`\r  generated ${last}/${to}`);
  }
  process.stderr.write('\n');
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-search-'));
const results: string[] = [];
const cluster =
  engines.includes('postgres') && findPostgresBin()
    ? await startPgCluster(findPostgresBin() as string)
    : undefined;
try {
  const sqliteConfig = loadConfig({ DATABASE_URL: `sqlite:${dir}/bench.db` }).database;
  const sqliteDb = createDb(sqliteConfig);
  await prepareDatabase(sqliteDb, { demo: false });
  let loaded = 0;
  for (const size of sizes) {
    const started = performance.now();
    await generateInto(sqliteDb, loaded + 1, size);
    loaded = size;
    const loadSeconds = (performance.now() - started) / 1000;
    const heapBefore = process.memoryUsage().heapUsed;
    if (engines.includes('sqlite')) {
      const m = await measure(sqliteDb);
      results.push(
        row('sqlite', size, m, loadSeconds, process.memoryUsage().heapUsed - heapBefore),
      );
      console.log(results.at(-1));
    }
    if (cluster) {
      // Copy the same data: a backup restored into an empty PostgreSQL database (batched), indexed there.
      const backup = path.join(dir, `bench-${size}.backup`);
      await backupDatabase(sqliteDb, backup);
      const name = `bench_${size}`;
      const admin = createDb({
        dialect: 'postgres',
        connectionString: cluster.url,
        url: cluster.url,
      });
      await sql.raw(`create database ${name}`).execute(admin);
      await admin.destroy();
      const url = cluster.url.replace(/\/[^/]*$/, `/${name}`);
      const pgDb = createDb({ dialect: 'postgres', connectionString: url, url });
      const restoreStarted = performance.now();
      await restoreDatabase(pgDb, backup);
      await sql`analyze`.execute(pgDb);
      const m = await measure(pgDb);
      results.push(
        row('postgres', size, m, (performance.now() - restoreStarted) / 1000, Number.NaN),
      );
      console.log(results.at(-1));
      await pgDb.destroy();
    }
  }
  await sqliteDb.destroy();

  // The search page over HTTP on the largest SQLite database, against a hello-world route.
  if (engines.includes('sqlite')) {
    const paths = MIX.filter((m) => m.q).map((m) => {
      const params = new URLSearchParams({ q: m.q });
      for (const facet of FACETS) for (const v of m.filters[facet]) params.append(facet, v);
      return `/search?${params}`;
    });
    const pageLoad = async (env: Record<string, string>) => {
      const app = await startServer('app', {
        DATABASE_URL: `sqlite:${dir}/bench.db`,
        CLEARINGHOUSE_DEMO: '0',
        ...env,
      });
      const base = `http://127.0.0.1:${app.port}`;
      // Each query once before measuring: the first search builds the in-memory state.
      for (const p of paths) await (await fetch(`${base}${p}`)).text();
      const result = await load(
        paths.map((p) => `${base}${p}`),
        { duration: Number(values.duration) },
      );
      app.child.kill();
      return result;
    };
    const page = await pageLoad({});
    const uncached = await pageLoad({ PAGE_CACHE: '0' });
    const hello = await startServer('ceiling', { BYTES: '13' });
    const ceiling = await load(`http://127.0.0.1:${hello.port}/`, {
      duration: Number(values.duration),
    });
    hello.child.kill();
    results.push(
      `search page (${loaded} practices, ${paths.length} different queries, 50 connections): ${page.requestsPerSecond.toFixed(0)} req/s, p50 ${page.latencyP50} ms, p99 ${page.latencyP99} ms, ${page.non2xx + page.errors} failed; without the page cache ${uncached.requestsPerSecond.toFixed(0)} req/s, p50 ${uncached.latencyP50} ms, ${uncached.non2xx + uncached.errors} failed; hello-world ${ceiling.requestsPerSecond.toFixed(0)} req/s; ratio ${((100 * page.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1)}% (uncached ${((100 * uncached.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(2)}%)`,
    );
    console.log(results.at(-1));
  }
} finally {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}

function row(
  engine: string,
  size: number,
  m: Awaited<ReturnType<typeof measure>>,
  loadSeconds: number,
  heap: number,
) {
  const ms = (x: number) => x.toFixed(1).padStart(6);
  return `${engine.padEnd(8)} ${String(size).padStart(8)} practices | search p50 ${ms(m.service.p50)} p95 ${ms(m.service.p95)} p99 ${ms(m.service.p99)} ms | first run p50 ${ms(m.cold.p50)} p95 ${ms(m.cold.p95)} ms | bare FTS p50 ${ms(m.floor.p50)} p95 ${ms(m.floor.p95)} p99 ${ms(m.floor.p99)} ms | uncached p50 ${ms(m.uncached.p50)} p95 ${ms(m.uncached.p95)} ms | first after a write p50 ${ms(m.afterWrite.p50)} p95 ${ms(m.afterWrite.p95)} ms (${(m.afterWrite.p50 / m.uncached.p50).toFixed(2)}× uncached) | loaded in ${loadSeconds.toFixed(0)} s${Number.isNaN(heap) ? '' : ` | heap +${(heap / 1e6).toFixed(0)} MB`}`;
}
