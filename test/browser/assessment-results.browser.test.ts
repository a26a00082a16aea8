import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/core/i18n/locales.ts';
import { hasChromium, launchBrowser, serveTestApp } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';

/**
 * A demo self-assessment result on a phone: nothing wider than the screen, and axe-core finds
 * no WCAG 2.2 AA violation in English or in Arabic (right to left).
 */

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[] }[];
}

async function violationsOf(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })),
    }));
  }, WCAG_TAGS);
  return violations.map(
    (v) => `${v.id} (${v.help}) at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
  );
}

describe.skipIf(!hasChromium)('a self-assessment result in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let path: string;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite', { demo: true });
    const row = await database.db
      .selectFrom('assessments')
      .select(['city_id', 'year'])
      .where('published_at', 'is not', null)
      .where('illustrative', '=', 1)
      .orderBy('year', 'desc')
      .orderBy('city_id')
      .executeTakeFirstOrThrow();
    path = `/cities/${row.city_id}/assessment/${row.year}`;
    ({ app, url } = await serveTestApp(database));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  for (const locale of ['en', 'ar'] as const) {
    it(`fits a 390 px screen and is axe clean in ${locale}`, async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        bypassCSP: true,
      });
      const page = await context.newPage();
      const response = await page.goto(`${url}${locale === 'en' ? '' : `/${locale}`}${path}`);
      expect(response?.status()).toBe(200);
      await expect(page.locator('.assessment-result__illustrative').count()).resolves.toBe(1);
      await expect(page.locator('svg[role="img"] title').count()).resolves.toBe(1);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
      expect(await violationsOf(page)).toEqual([]);
      await context.close();
    });
  }

  it('prints as a report of one or two A4 pages in every language', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const pagesOf = (pdf: Buffer) => Number(/\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1]);
    const printed: Record<string, number> = {};
    for (const locale of LOCALES) {
      await page.goto(`${url}${locale === 'en' ? '' : `/${locale}`}${path}`);
      printed[locale] = pagesOf(await page.pdf({ format: 'A4', printBackground: true }));
    }
    for (const [locale, pages] of Object.entries(printed)) {
      expect(pages, locale).toBeGreaterThanOrEqual(1);
      expect(pages, locale).toBeLessThanOrEqual(2);
    }
    await context.close();
  });
});
