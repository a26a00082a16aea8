// npm run bench:search-api [-- --requests 600] [--profile-to file.cpuprofile] [--load] [--duration 10]
//
// `/api/v1/search` over the demo content with distinct queries, none asked twice, so that no
// whole answer can come from a cache: what a search costs before it is popular.
// - In process (default): CPU milliseconds per request through `app.inject`, cold (the first
//   N queries after start) and again over N other queries. `--profile-to` records a CPU profile
//   of the searches alone and prints the functions that take the most time, by self and by
//   total time (`--profile file` prints those of a profile already recorded).
// - `--load`: requests per second of the served app against a hello-world route, same run.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/connect.ts';
import { prepareDatabase } from '../src/modules/system/setup.service.ts';
import { load, startServer } from './harness.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '600' },
    duration: { type: 'string', default: '10' },
    load: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'profile-to': { type: 'string' },
  },
});

/** Words of the demo practices' subjects in the six languages, paired two by two. */
const WORDS = [
  'refugees',
  'housing',
  'employment',
  'language',
  'women',
  'youth',
  'health',
  'school',
  'training',
  'integration',
  'mentoring',
  'city',
  'newcomers',
  'asylum',
  'welcome',
  'jobs',
  'vivienda',
  'empleo',
  'refugiados',
  'mujeres',
  'salud',
  'escuela',
  'migrantes',
  'jóvenes',
  'logement',
  'emploi',
  'réfugiés',
  'femmes',
  'santé',
  'école',
  'accueil',
  'insertion',
  'жильё',
  'беженцы',
  'работа',
  'мигранты',
  'язык',
  'школа',
  'здоровье',
  'женщины',
  'السكن',
  'اللاجئين',
  'العمل',
  'المهاجرين',
  'اللغة',
  'الصحة',
  'التعليم',
  'النساء',
  '难民',
  '住房',
  '就业',
  '移民',
  '语言',
  '教育',
  '健康',
  '妇女',
  'discrimination',
  'volunteers',
  'community',
  'legal',
  'children',
  'orientation',
  'digital',
];

/**
 * `count` distinct queries from `from` on: two words, then three words with a page or a
 * language now and then (the first 3,969 are the same from run to run).
 */
function queries(from: number, count: number): string[] {
  const out: string[] = [];
  const n = WORDS.length;
  for (let k = from; k < from + count; k++) {
    const a = WORDS[k % n] as string;
    const b = WORDS[Math.floor(k / n) % n] as string;
    const round = Math.floor(k / (n * n));
    const q = round === 0 ? (a === b ? a : `${a} ${b}`) : `${a} ${b} ${WORDS[round % n]}`;
    const params = new URLSearchParams({ q });
    if (round % 3 === 1) params.set('page', '2');
    if (round % 3 === 2) params.set('lang', 'fr');
    out.push(`/api/v1/search?${params}`);
  }
  return out;
}

function topOfProfile(file: string): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: {
      id: number;
      children?: number[];
      callFrame: { functionName: string; url: string; lineNumber: number };
    }[];
    samples: number[];
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const nameOf = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    const where = frame?.url ? frame.url.replace(/^.*\/(node_modules|src)\//, '$1/') : '';
    return `${frame?.functionName || '(anonymous)'} ${where}`.trim();
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const id of profile.samples) {
    self.set(nameOf(id), (self.get(nameOf(id)) ?? 0) + 1);
    // Each function on the stack once, however deep its recursion.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at))
      seen.add(nameOf(at));
    for (const name of seen) total.set(name, (total.get(name) ?? 0) + 1);
  }
  const count = profile.samples.length;
  const top = (map: Map<string, number>, n: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((100 * v) / count).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  return `self time:\n${top(self, 25)}\n\ntotal time (with callees), our code:\n${top(
    new Map([...total].filter(([k]) => k.includes('src/'))),
    25,
  )}`;
}

const sizeOf = (f: string) => statSync(path.join(values.profile as string, f)).size;

if (values.profile) {
  const file = values.profile.endsWith('.cpuprofile')
    ? values.profile
    : path.join(
        values.profile,
        // The main thread's profile is the largest (tsx writes one per loader thread too).
        readdirSync(values.profile)
          .filter((f) => f.endsWith('.cpuprofile'))
          .sort((a, b) => sizeOf(b) - sizeOf(a))[0] ?? '',
      );
  console.log(topOfProfile(file));
  process.exit(0);
}

const dir = mkdtempSync(path.join(tmpdir(), 'bench-search-api-'));
try {
  const env = {
    DATABASE_URL: `sqlite:${dir}/bench.db`,
    PAGE_CACHE: '0',
    SEARCH_RATE_LIMIT_PER_MINUTE: '0',
  };
  const requests = Number(values.requests);
  if (!values.load) {
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' });
    const db = createDb(config.database);
    await prepareDatabase(db, { demo: true });
    const app = await buildApp(config, { db, closeDb: true, logger: false });
    await app.ready();
    const run = async (paths: string[]) => {
      const cpu = process.cpuUsage();
      const started = performance.now();
      for (const url of paths) {
        const response = await app.inject({ method: 'GET', url });
        if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
      }
      const used = process.cpuUsage(cpu);
      return {
        cpuMs: (used.user + used.system) / 1000 / paths.length,
        wallMs: (performance.now() - started) / paths.length,
      };
    };
    await run(['/api/v1/search?q=warm']);
    // Only the searches are profiled, not the start (migrations, demo import, indexing).
    const session = new Session();
    if (values['profile-to']) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 200 });
      await session.post('Profiler.start');
    }
    const first = await run(queries(0, requests));
    const second = await run(queries(requests, requests));
    if (values['profile-to']) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(values['profile-to'], JSON.stringify(profile));
      session.disconnect();
      console.log(topOfProfile(values['profile-to']));
    }
    console.log(
      `/api/v1/search, demo content, ${requests} distinct queries: first ${first.cpuMs.toFixed(2)} ms CPU (${first.wallMs.toFixed(2)} ms wall) per request; next ${requests} distinct ${second.cpuMs.toFixed(2)} ms CPU (${second.wallMs.toFixed(2)} ms wall)`,
    );
    await app.close();
  } else {
    const app = await startServer('app', { ...env, CLEARINGHOUSE_DEMO: '1' });
    const base = `http://127.0.0.1:${app.port}`;
    await (await fetch(`${base}/api/v1/search?q=warm`)).text();
    // More distinct queries than a run of ten seconds sends here: none is asked twice.
    const paths = queries(0, 20_000).map((p) => `${base}${p}`);
    const search = await load(paths, { duration: Number(values.duration) });
    app.child.kill();
    const hello = await startServer('ceiling', { BYTES: '13' });
    const ceiling = await load(`http://127.0.0.1:${hello.port}/`, {
      duration: Number(values.duration),
    });
    hello.child.kill();
    console.log(
      `/api/v1/search, demo content, distinct queries, 50 connections: ${search.requestsPerSecond.toFixed(0)} req/s, p50 ${search.latencyP50} ms, p99 ${search.latencyP99} ms, ${search.non2xx + search.errors} failed; hello-world ${ceiling.requestsPerSecond.toFixed(0)} req/s; ratio ${((100 * search.requestsPerSecond) / ceiling.requestsPerSecond).toFixed(1)}%`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
