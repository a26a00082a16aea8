// npm run bench:relevance [-- --sizes 5000,50000] [--engines sqlite,postgres] [--positions]
//
// The held-out relevance set (test/fixtures/relevance-heldout: 105 real practices, the judged
// questions of queries.json, queries-set2.json and queries-set3.json where it exists) hidden
// among N synthetic practices, scored through the search service (recall@10, nDCG@10, as the
// relevance test scores it) and, in the same run on the same data, by plain any-word BM25: the
// engine alone over the same index (SQLite FTS5 bm25(), PostgreSQL ts_rank), the query's words
// OR-ed, with no concepts, no translation and no typo correction. Only held-out practices count
// as relevant; a generated one never does. The same figures on the held-out set alone (no
// generated practices) are printed for comparison, and the search service's p50/p95 at each size.
// With --positions, where the search put each judged answer: in the first ten, further down, or
// not among its results at all (every result is ranked: slow at 50,000).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createDb, type Db } from '../src/db/connect.ts';
import { importPractices } from '../src/modules/practices/practice-interchange.service.ts';
import { engineOf } from '../src/modules/search/engines/engine.ts';
import type { TextExpr } from '../src/modules/search/engines/search-index.ts';
import { FACETS } from '../src/modules/search/facet-store.ts';
import { type SearchFilters, search } from '../src/modules/search/practice-search.service.ts';
import { termVariants, words } from '../src/modules/search/text-analysis.ts';
import { backupDatabase, restoreDatabase } from '../src/modules/system/backup.service.ts';
import { prepareDatabase } from '../src/modules/system/setup.service.ts';
import {
  importCorpus,
  type Judged,
  mean,
  ndcgAt,
  recallAt,
  scoreQueries,
} from '../test/helpers/relevance.ts';
import { findPostgresBin, type PgCluster, startPgCluster } from '../test/setup/pg-cluster.ts';
import { createGenerator } from './synthetic-practices.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '5000' },
    engines: { type: 'string', default: 'sqlite' },
    positions: { type: 'boolean', default: false },
  },
});
const sizes = values.sizes
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
if (sizes.some((n) => !Number.isInteger(n) || n < 1))
  throw new Error(`--sizes: whole numbers above 0, comma-separated (got ${values.sizes})`);
const engines = values.engines.split(',');
for (const engine of engines)
  if (engine !== 'sqlite' && engine !== 'postgres')
    throw new Error(`--engines: sqlite and/or postgres (got ${engine})`);

const FIXTURES = new URL('../test/fixtures/relevance-heldout/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));
const practices = fixture('practices.json') as { external_id: string }[];
const SETS: { name: string; queries: Judged[] }[] = [
  { name: 'set 1', queries: fixture('queries.json') },
  { name: 'set 2', queries: fixture('queries-set2.json') },
  ...(existsSync(new URL('queries-set3.json', FIXTURES))
    ? [{ name: 'set 3', queries: fixture('queries-set3.json') as Judged[] }]
    : []),
];

const NONE = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchFilters;

/**
 * The baseline's query: every word of the question as the index holds it (folded, CJK runs as
 * bigrams), any of them matching. `stems` adds each word's stems in the five stemmed languages,
 * as a second, stronger baseline; the plain one is the issue's measure.
 */
function anyWord(q: string, stems: boolean): TextExpr {
  const tokens = new Set<string>();
  for (const w of words(q)) {
    tokens.add(w.folded);
    if (stems && !w.unspaced) for (const v of termVariants(w.original)) tokens.add(v);
  }
  return { op: 'or', items: [...tokens].map((token) => ({ op: 'token' as const, token })) };
}

/** The ten best practices by the engine's own score (ties by id), as external ids. */
async function bm25Top10(db: Db, q: string, stems: boolean, externalIds: Map<number, string>) {
  const scores = await engineOf(db).match(db, anyWord(q, stems));
  return [...scores]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 10)
    .map(([id]) => externalIds.get(id) as string);
}

interface Figures {
  recall: number;
  ndcg: number;
}
interface Measured {
  sets: { name: string; count: number; ours: Figures; bm25: Figures; bm25Stems: Figures }[];
  search: { p50: number; p95: number };
  bm25: { p50: number; p95: number };
  positions?: string;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}
const spread = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
};
const figures = (scores: { recall: number; ndcg: number }[]): Figures => ({
  recall: mean(scores.map((s) => s.recall)),
  ndcg: mean(scores.map((s) => s.ndcg)),
});

async function measure(db: Db): Promise<Measured> {
  const externalIds = new Map(
    (await db.selectFrom('practices').select(['id', 'external_id']).execute()).map((r) => [
      r.id,
      r.external_id,
    ]),
  );
  const all = { ours: [] as Figures[], bm25: [] as Figures[], bm25Stems: [] as Figures[] };
  const sets: Measured['sets'] = [];
  for (const set of SETS) {
    // Our search, scored exactly as the relevance test scores it (a typo on its suggestion).
    const ours = await scoreQueries(db, set.queries);
    const bm25: Figures[] = [];
    const bm25Stems: Figures[] = [];
    for (const query of set.queries) {
      for (const [stems, into] of [
        [false, bm25],
        [true, bm25Stems],
      ] as const) {
        const ranked = await bm25Top10(db, query.query, stems, externalIds);
        into.push({
          recall: recallAt(ranked, query.relevant, 10),
          ndcg: ndcgAt(ranked, query.relevant, 10, query.grades),
        });
      }
    }
    all.ours.push(...ours);
    all.bm25.push(...bm25);
    all.bm25Stems.push(...bm25Stems);
    sets.push({
      name: set.name,
      count: set.queries.length,
      ours: figures(ours),
      bm25: figures(bm25),
      bm25Stems: figures(bm25Stems),
    });
  }
  if (SETS.length > 1)
    sets.push({
      name: 'all',
      count: all.ours.length,
      ours: figures(all.ours),
      bm25: figures(all.bm25),
      bm25Stems: figures(all.bm25Stems),
    });
  // Time: each question once more through the service, uncached (debug bypasses the kept
  // answers), and once through the baseline.
  const searchTimes: number[] = [];
  const bm25Times: number[] = [];
  for (const query of SETS.flatMap((s) => s.queries)) {
    let started = performance.now();
    await search(db, {
      q: query.query,
      filters: NONE,
      page: 1,
      perPage: 10,
      sort: 'relevance',
      locale: 'en',
      log: false,
      debug: true,
    });
    searchTimes.push(performance.now() - started);
    started = performance.now();
    await bm25Top10(db, query.query, false, externalIds);
    bm25Times.push(performance.now() - started);
  }
  return {
    sets,
    search: spread(searchTimes),
    bm25: spread(bm25Times),
    positions: values.positions ? await positions(db, externalIds) : undefined,
  };
}

/**
 * Where the search puts each judged answer, over every question: in the first ten, ranked
 * below them, or not among the results (a query's words are all required unless few practices
 * have them all); and how many of the first ten are generated practices.
 */
async function positions(db: Db, externalIds: Map<number, string>): Promise<string> {
  let top = 0;
  let below = 0;
  let absent = 0;
  let generatedInTop = 0;
  const questions = SETS.flatMap((s) => s.queries);
  const heldOut = new Set(practices.map((p) => p.external_id));
  const run = (q: string) =>
    search(db, {
      q,
      filters: NONE,
      page: 1,
      perPage: externalIds.size,
      sort: 'relevance',
      locale: 'en',
      log: false,
      debug: true,
    });
  for (const query of questions) {
    let result = await run(query.query);
    if (query.kind === 'typo' && result.didYouMean) result = await run(result.didYouMean);
    const ranked = result.hits.map((h) => externalIds.get(h.card.id) as string);
    generatedInTop += ranked.slice(0, 10).filter((id) => !heldOut.has(id)).length;
    for (const id of query.relevant) {
      const at = ranked.indexOf(id);
      if (at < 0) absent++;
      else if (at < 10) top++;
      else below++;
    }
  }
  const answers = top + below + absent;
  const share = (n: number) => `${n} (${((100 * n) / answers).toFixed(0)}%)`;
  return `judged answers ${answers}: in the first ten ${share(top)}, ranked below ${share(below)}, not found ${share(absent)}; generated practices in the first ten ${(generatedInTop / questions.length).toFixed(1)} on average`;
}

function table(title: string, hidden: Measured, alone: Measured): string {
  const n = (x: number) => x.toFixed(3);
  const ratio = (a: number, b: number) => (b === 0 ? '  ∞  ' : `${(a / b).toFixed(2)}×`);
  const lines = [
    title,
    `  ${''.padEnd(10)} | ${'ours R@10 nDCG'.padEnd(16)}| ${'BM25 R@10 nDCG'.padEnd(16)}| ${'ratio R  nDCG'.padEnd(15)}| ${'+stems R@10 nDCG'.padEnd(17)}|| alone: ours R@10 nDCG | BM25 R@10 nDCG | ratio R  nDCG`,
  ];
  for (const [i, s] of hidden.sets.entries()) {
    const a = alone.sets[i] as Measured['sets'][number];
    lines.push(
      `  ${`${s.name} (${s.count})`.padEnd(10)} | ${n(s.ours.recall)} ${n(s.ours.ndcg)}     | ${n(s.bm25.recall)} ${n(s.bm25.ndcg)}     | ${ratio(s.ours.recall, s.bm25.recall).padEnd(6)} ${ratio(s.ours.ndcg, s.bm25.ndcg).padEnd(7)}| ${n(s.bm25Stems.recall)} ${n(s.bm25Stems.ndcg)}      ||        ${n(a.ours.recall)} ${n(a.ours.ndcg)}    | ${n(a.bm25.recall)} ${n(a.bm25.ndcg)}    | ${ratio(a.ours.recall, a.bm25.recall).padEnd(6)} ${ratio(a.ours.ndcg, a.bm25.ndcg)}`,
    );
  }
  const ms = (x: number) => x.toFixed(1);
  lines.push(
    `  search p50 ${ms(hidden.search.p50)} ms, p95 ${ms(hidden.search.p95)} ms (uncached); plain BM25 p50 ${ms(hidden.bm25.p50)} ms, p95 ${ms(hidden.bm25.p95)} ms | alone: search p50 ${ms(alone.search.p50)} ms, p95 ${ms(alone.search.p95)} ms`,
  );
  if (hidden.positions) lines.push(`  hidden: ${hidden.positions}`);
  if (alone.positions) lines.push(`  alone:  ${alone.positions}`);
  return lines.join('\n');
}

/** One generator for the whole run, so that a larger size adds practices not seen before. */
const generate = createGenerator(1);
async function generateInto(db: Db, from: number, to: number) {
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
    process.stderr.write(`  generated ${last}/${to} (${seconds()} s)\n`);
  }
}

const runStarted = performance.now();
const seconds = () => ((performance.now() - runStarted) / 1000).toFixed(0);

const dir = mkdtempSync(path.join(tmpdir(), 'bench-relevance-'));
let cluster: PgCluster | undefined;
if (engines.includes('postgres')) {
  const bin = findPostgresBin();
  if (!bin) throw new Error('--engines postgres: no PostgreSQL binaries found (set PG_BIN)');
  cluster = await startPgCluster(bin);
}

/** The same data in PostgreSQL: a backup of the SQLite database restored into a new database. */
async function copyToPostgres(sqliteDb: Db, name: string): Promise<Db> {
  const pgCluster = cluster as PgCluster;
  const backup = path.join(dir, `${name}.backup`);
  await backupDatabase(sqliteDb, backup);
  const admin = createDb({
    dialect: 'postgres',
    connectionString: pgCluster.url,
    url: pgCluster.url,
  });
  await sql.raw(`create database ${name}`).execute(admin);
  await admin.destroy();
  const url = pgCluster.url.replace(/\/[^/]*$/, `/${name}`);
  const pgDb = createDb({ dialect: 'postgres', connectionString: url, url });
  await restoreDatabase(pgDb, backup);
  await sql`analyze`.execute(pgDb);
  rmSync(backup, { force: true });
  return pgDb;
}

try {
  // The held-out set alone, on each engine: the figures without generated practices.
  const alone = new Map<string, Measured>();
  const aloneDb = createDb(loadConfig({ DATABASE_URL: `sqlite:${dir}/alone.db` }).database);
  await prepareDatabase(aloneDb, { demo: false });
  const report = await importCorpus(aloneDb, practices);
  if (!report.committed || report.created !== practices.length)
    throw new Error(`held-out import failed: ${JSON.stringify(report.problems[0])}`);
  if (engines.includes('sqlite')) alone.set('sqlite', await measure(aloneDb));
  if (cluster) {
    const pgDb = await copyToPostgres(aloneDb, 'relevance_alone');
    alone.set('postgres', await measure(pgDb));
    await pgDb.destroy();
  }
  await aloneDb.destroy();
  process.stderr.write(`held-out set alone measured (${seconds()} s)\n`);

  // The generated practices first, then the held-out set among them; a larger size adds more
  // generated practices to the same database.
  const db = createDb(loadConfig({ DATABASE_URL: `sqlite:${dir}/bench.db` }).database);
  await prepareDatabase(db, { demo: false });
  let loaded = 0;
  const results: string[] = [];
  for (const size of sizes) {
    const started = performance.now();
    await generateInto(db, loaded + 1, size);
    if (loaded === 0) {
      const imported = await importCorpus(db, practices);
      if (!imported.committed || imported.created !== practices.length)
        throw new Error(`held-out import failed: ${JSON.stringify(imported.problems[0])}`);
    }
    const loadSeconds = (performance.now() - started) / 1000;
    loaded = size;
    const questions = SETS.reduce((sum, s) => sum + s.queries.length, 0);
    const title = (engine: string, extra: string) =>
      `${engine}: the 105 held-out practices among ${size} generated ones, ${questions} questions${extra}`;
    if (engines.includes('sqlite')) {
      results.push(
        table(
          title('sqlite', ` (generated and indexed in ${loadSeconds.toFixed(0)} s)`),
          await measure(db),
          alone.get('sqlite') as Measured,
        ),
      );
      console.log(results.at(-1));
    }
    if (cluster) {
      const copyStarted = performance.now();
      const pgDb = await copyToPostgres(db, `relevance_${size}`);
      const copySeconds = (performance.now() - copyStarted) / 1000;
      results.push(
        table(
          title('postgres', ` (restored and indexed in ${copySeconds.toFixed(0)} s)`),
          await measure(pgDb),
          alone.get('postgres') as Measured,
        ),
      );
      console.log(results.at(-1));
      await pgDb.destroy();
    }
    process.stderr.write(`size ${size} done (${seconds()} s)\n`);
  }
  await db.destroy();
} finally {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
