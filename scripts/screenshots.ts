// npm run screenshots: every page type at phone (360 px) and desktop (1280 px) widths, in English
// and Arabic, as PNG files under screenshots/ (or the folder given), to look at after a change of
// design. Runs its own server on a throwaway database with the demo content.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../bench/harness.ts';
import { CHROMIUM } from '../test/helpers/browser.ts';

const outDir = path.resolve(process.argv[2] ?? 'screenshots');
mkdirSync(outDir, { recursive: true });
const dir = mkdtempSync(path.join(tmpdir(), 'screenshots-'));
const server = await startServer('app', { DATABASE_URL: `sqlite:${dir}/shots.db` });
const base = `http://127.0.0.1:${server.port}`;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});

async function first(apiPath: string, key: string): Promise<string> {
  const body = (await (await fetch(`${base}${apiPath}`)).json()) as {
    results: Record<string, unknown>[];
  };
  return String(body.results[0]?.[key]);
}

try {
  const practice = await first('/api/v1/practices?per_page=1', 'slug');
  const page = await (await fetch(`${base}/practices/${practice}`)).text();
  const city = /href="\/cities\/(\d+)"/.exec(page)?.[1] ?? '1';
  const pages: [string, string][] = [
    ['home', '/'],
    ['search', '/search?q=housing'],
    ['practice', `/practices/${practice}`],
    ['brief', `/practices/${practice}/brief`],
    ['theme', '/themes/housing'],
    ['region', '/regions/150'],
    ['country', '/countries/CA'],
    ['events', '/events?when=past'],
    ['event', `/events/${await first('/api/v1/events?when=past&per_page=1', 'slug')}`],
    ['press', `/press/${await first('/api/v1/news?per_page=1', 'slug')}`],
    ['recommendations', '/recommendations/matrix'],
    ['resources', '/resources'],
    ['organisation', `/organisations/${await first('/api/v1/organisations?per_page=1', 'slug')}`],
    ['city', `/cities/${city}`],
    ['peers', `/cities/${city}/peers`],
    ['coverage', '/coverage'],
    ['sign-in', '/account/login'],
  ];
  for (const [width, label] of [
    [360, 'phone'],
    [1280, 'desktop'],
  ] as const) {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const tab = await context.newPage();
    for (const locale of ['en', 'ar']) {
      for (const [name, pagePath] of pages) {
        await tab.goto(`${base}${locale === 'en' ? '' : `/${locale}`}${pagePath}`);
        const file = path.join(outDir, `${name}-${locale}-${label}.png`);
        await tab.screenshot({ path: file, fullPage: true });
      }
    }
    await context.close();
  }
  console.log(`${pages.length * 4} screenshots in ${outDir}`);
} finally {
  await browser.close();
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
