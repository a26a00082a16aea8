// npm run bench:weight: what a first visit to each page type costs, as Chromium loads it with an
// empty cache: bytes transferred (compressed, headers excluded), requests, and requests to any other
// host. Each figure is printed with its ratio to the 60 KB budget; record them in docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../test/helpers/browser.ts';
import { machine, startServer } from './harness.ts';

const BUDGET_BYTES = 60 * 1024;

const dir = mkdtempSync(path.join(tmpdir(), 'bench-weight-'));
const server = await startServer('app', { DATABASE_URL: `sqlite:${dir}/bench.db` });
const base = `http://127.0.0.1:${server.port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});

async function firstOf(apiPath: string, key: string): Promise<string | undefined> {
  const response = await fetch(`${base}${apiPath}`);
  if (!response.ok) return undefined;
  const body = (await response.json()) as { results?: Record<string, unknown>[] };
  const value = body.results?.[0]?.[key];
  return value === undefined ? undefined : String(value);
}

let failures = 0;
try {
  const practice = await firstOf('/api/v1/practices?per_page=1', 'slug');
  const resource = await firstOf('/api/v1/resources?per_page=1', 'slug');
  const event = await firstOf('/api/v1/events?when=past&per_page=1', 'slug');
  const news = await firstOf('/api/v1/news?per_page=1', 'slug');
  const organisation = await firstOf('/api/v1/organisations?per_page=1', 'slug');
  const recommendation = await firstOf('/api/v1/recommendations?per_page=1', 'slug');
  // A city with a practice: the first practice that names one.
  const located = (await (await fetch(`${base}/api/v1/practices?per_page=100`)).json()) as {
    results: { slug: string; city: string | null }[];
  };
  const withCity = located.results.find((r) => r.city !== null)?.slug;
  const practicePage = await (await fetch(`${base}/practices/${withCity}`)).text();
  const city = /href="\/cities\/(\d+)"/.exec(practicePage)?.[1];
  // A published self-assessment result, the latest in the open list.
  const assessed = (await (await fetch(`${base}/api/v1/assessments?per_page=1`)).json()) as {
    results: { url: string }[];
  };
  const assessment = new URL(assessed.results[0]?.url ?? `${base}/self-assessment/method`).pathname;
  const pages: [string, string][] = [
    ['home', '/'],
    ['practice list', '/practices'],
    ['search', '/search?q=housing'],
    ['practice', `/practices/${practice}`],
    ['practice history', `/practices/${practice}/history`],
    ['themes', '/themes'],
    ['theme', '/themes/housing'],
    ['regions', '/regions'],
    ['region', '/regions/150'],
    ['country', '/countries/CA'],
    ['evidence', '/evidence'],
    ['about', '/about'],
    ['calls', '/calls'],
    ['open data', '/exports'],
    ['API documentation', '/api/docs'],
    ['sign in', '/account/login'],
    ['events', '/events?when=past'],
    ['event', `/events/${event}`],
    ['press room', '/press'],
    ['press release', `/press/${news}`],
    ['recommendations', '/recommendations'],
    ['recommendations matrix', '/recommendations/matrix'],
    ['resource library', '/resources?q=integration'],
    ['resource', `/resources/${resource}`],
    ['organisations', '/organisations'],
    ['organisation', `/organisations/${organisation}`],
    ['city', `/cities/${city}`],
    ['cities like mine', `/cities/${city}/peers`],
    ['coverage', '/coverage'],
    ['assessment method', '/self-assessment/method'],
    ['assessment result', assessment],
    ['assessment (Arabic)', `/ar${assessment}`],
    ['experts', '/experts'],
    ['recommendation', `/recommendations/${recommendation}`],
    ['shortlist brief', `/practices/${practice}/brief`],
    ['home (Arabic)', '/ar/'],
    ['search (Arabic)', '/ar/search?q=%D8%B3%D9%83%D9%86'],
    ['practice (Arabic)', `/ar/practices/${practice}`],
  ];
  console.log(`machine: ${machine()}; Chromium, empty cache, gzip as the browser asks for it\n`);
  console.log('page                     requests  other hosts   bytes   of budget');
  for (const [name, pagePath] of pages) {
    // A new context per page: an empty cache, as on a first visit.
    const context = await browser.newContext();
    const page = await context.newPage();
    const responses: Promise<{ url: string; bytes: number }>[] = [];
    page.on('requestfinished', (request) => {
      responses.push(
        request.sizes().then((s) => ({ url: request.url(), bytes: s.responseBodySize })),
      );
    });
    page.on('requestfailed', (request) =>
      responses.push(Promise.resolve({ url: request.url(), bytes: 0 })),
    );
    await page.goto(`${base}${pagePath}`, { waitUntil: 'networkidle' });
    const loaded = await Promise.all(responses);
    await context.close();
    const bytes = loaded.reduce((sum, r) => sum + r.bytes, 0);
    const otherHosts = loaded.filter((r) => !r.url.startsWith(base) && !r.url.startsWith('data:'));
    const ratio = bytes / BUDGET_BYTES;
    const over = ratio > 1 || otherHosts.length > 0;
    if (over) failures++;
    console.log(
      `${name.padEnd(24)} ${String(loaded.length).padStart(8)}  ${String(otherHosts.length).padStart(11)}  ${String(bytes).padStart(6)}   ${ratio.toFixed(2)}${over ? '  OVER' : ''}`,
    );
  }
  console.log(
    failures === 0
      ? '\nevery page type is within the budget, with no request to another host'
      : `\n${failures} page type(s) over the budget or calling another host`,
  );
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failures === 0 ? 0 : 1;
