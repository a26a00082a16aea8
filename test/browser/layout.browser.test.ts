import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOUNDING_EVENT_SLUG } from '../../src/modules/events/event.service.ts';
import { writeDump } from '../../src/modules/opendata/dump.service.ts';
import { FOUNDING_PRESS_SLUG } from '../../src/modules/press/news.service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/**
 * The layout on a phone and on paper: no page is wider than a 390 px screen (in a left-to-right
 * and a right-to-left language), the header stays one short row with a menu that opens without
 * scripts, and a practice's brief prints on one A4 page.
 */

const PHONE = { width: 390, height: 844 };

/** How many pages a PDF from Chromium has: one page object each. */
function pdfPages(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
}

describe.skipIf(!hasChromium)('layout in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  const slugs: Record<'practice' | 'resource' | 'recommendation', string> = {
    practice: '',
    resource: '',
    recommendation: '',
  };
  let practiceSlugs: string[] = [];
  let cityId = 0;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite', { demo: true });
    app = await buildTestApp(database, { authRateLimitPerMinute: 1000, loginDelayMs: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    await createUser(database.db, 'editor@example.org', 'editor', 'Edith Editor');
    const db = database.db;
    practiceSlugs = (
      await db.selectFrom('practices').select('slug').orderBy('id').limit(3).execute()
    ).map((r) => r.slug);
    slugs.practice = practiceSlugs[0] as string;
    slugs.resource = (
      await db.selectFrom('resources').select('slug').orderBy('id').executeTakeFirstOrThrow()
    ).slug;
    slugs.recommendation = (
      await db.selectFrom('recommendations').select('slug').orderBy('id').executeTakeFirstOrThrow()
    ).slug;
    cityId = (
      await db
        .selectFrom('practices')
        .select('city_id')
        .where('city_id', 'is not', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).city_id as number;
    // The daily file, so the open data page shows its long checksum.
    await writeDump(
      db,
      { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
      new Date(),
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  /** One page of each type; paths are resolved once beforeAll has found the data. */
  const publicPages: [string, () => string][] = [
    ['home', () => '/'],
    ['practice list', () => '/practices?page=2'],
    ['search', () => '/search?q=housing'],
    ['practice', () => `/practices/${slugs.practice}`],
    ['practice history', () => `/practices/${slugs.practice}/history`],
    ['practice brief', () => `/practices/${slugs.practice}/brief`],
    ['themes', () => '/themes'],
    ['theme', () => '/themes/housing'],
    ['regions', () => '/regions'],
    ['region', () => '/regions/150'],
    ['country', () => '/countries/CA'],
    ['evidence', () => '/evidence'],
    ['about', () => '/about'],
    ['calls', () => '/calls'],
    ['open data', () => '/exports'],
    ['API documentation', () => '/api/docs'],
    ['sign in', () => '/account/login'],
    ['register', () => '/account/register'],
    ['not found', () => '/page-that-does-not-exist'],
    ['events', () => '/events?when=past'],
    ['event', () => `/events/${FOUNDING_EVENT_SLUG}`],
    ['press room', () => '/press'],
    ['press release', () => `/press/${FOUNDING_PRESS_SLUG}`],
    ['recommendations', () => '/recommendations'],
    ['recommendation', () => `/recommendations/${slugs.recommendation}`],
    ['evidence matrix', () => '/recommendations/matrix'],
    ['resource library', () => '/resources?q=integration'],
    ['resource', () => `/resources/${slugs.resource}`],
    ['organisations', () => '/organisations'],
    ['organisation', () => '/organisations/international-organization-for-migration'],
    ['city', () => `/cities/${cityId}`],
    ['peer cities', () => `/cities/${cityId}/peers`],
    ['cities like mine', () => '/cities/like-mine?region=150&themes=housing'],
    ['coverage', () => '/coverage'],
    ['experts', () => '/experts'],
    ['shortlist comparison', () => '/shortlist/compare'],
  ];
  const editorPages: [string, () => string][] = [
    ['account', () => '/account'],
    ['submissions', () => '/submissions'],
    ['new submission', () => '/submissions/new'],
    ['editorial queue', () => '/editor'],
    ['import', () => '/editor/import'],
    ['event form', () => '/editor/events/new'],
    ['city editor', () => `/cities/${cityId}/edit`],
  ];

  async function scrollWidthOf(page: Page, path: string): Promise<number> {
    await page.goto(`${url}${path}`);
    return page.evaluate(() => document.documentElement.scrollWidth);
  }

  for (const locale of ['en', 'ar'] as const) {
    const prefix = locale === 'en' ? '' : `/${locale}`;
    describe(`no page is wider than a 390 px phone in ${locale}`, () => {
      let visitor: BrowserContext;
      let editor: BrowserContext;
      let visitorTab: Page;
      let editorTab: Page;
      beforeAll(async () => {
        visitor = await browser.newContext({ viewport: PHONE });
        visitorTab = await visitor.newPage();
        // The comparison table with three practices in it, filled from the practices' buttons.
        for (const slug of practiceSlugs) {
          await visitorTab.goto(`${url}/practices/${slug}`);
          await visitorTab.click('.practice__tools button[type="submit"]');
          await visitorTab.waitForSelector('.shortlist__item');
        }
        editor = await browser.newContext({ viewport: PHONE });
        editorTab = await editor.newPage();
        await editorTab.goto(`${url}/account/login`);
        await editorTab.fill('#field-email', 'editor@example.org');
        await editorTab.fill('#field-password', PASSWORD);
        await editorTab.click('form button[type="submit"]');
        await editorTab.waitForURL((u) => !u.pathname.startsWith('/account/login'));
      });
      afterAll(async () => {
        await visitor?.close();
        await editor?.close();
      });

      it.each(publicPages)('visitor: %s', async (_name, path) => {
        const where = `${prefix}${path()}`;
        expect({ where, width: await scrollWidthOf(visitorTab, where) }).toEqual({
          where,
          width: PHONE.width,
        });
      });
      it.each(editorPages)('editor: %s', async (_name, path) => {
        const where = `${prefix}${path()}`;
        expect({ where, width: await scrollWidthOf(editorTab, where) }).toEqual({
          where,
          width: PHONE.width,
        });
      });
    });
  }

  it.each(['en', 'ar'] as const)(
    'keeps the phone header to one short row whose menu opens without scripts (%s)',
    async (locale) => {
      const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        await page.goto(`${url}${locale === 'en' ? '' : `/${locale}`}/`);
        const header = await page.locator('.site-header').boundingBox();
        expect(header?.height).toBeLessThanOrEqual(120);
        const brand = await page.locator('.site-header .brand').boundingBox();
        const button = page.locator('.site-menu__button');
        const box = await button.boundingBox();
        // One row: the button sits beside the name, not below it.
        expect(Math.abs((box?.y ?? 0) - (brand?.y ?? 0))).toBeLessThan(30);
        expect(box?.height).toBeGreaterThanOrEqual(44);
        const languages = page.locator('.site-menu .language-switcher');
        expect(await languages.isVisible()).toBe(false);
        await button.click();
        expect(await languages.isVisible()).toBe(true);
        for (const path of ['/cities/like-mine', '/experts', '/exports', '/press', '/about'])
          expect(await page.locator(`.site-menu a[href$="${path}"]`).isVisible(), path).toBe(true);
        // Still within the screen once open.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(PHONE.width);
      } finally {
        await context.close();
      }
    },
  );

  // French, Spanish and Russian labels are the longest: the sections once wrapped to a second
  // row there, and the header grew from 109 px to 153 px.
  it.each(['en', 'ar', 'es', 'fr', 'ru', 'zh'] as const)(
    'keeps the full navigation in a row on a desktop screen (%s)',
    async (locale) => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      try {
        const page = await context.newPage();
        await page.goto(`${url}${locale === 'en' ? '' : `/${locale}`}/`);
        expect(await page.locator('.site-menu__button').isVisible()).toBe(false);
        const links = page.locator('.site-header__wide .site-nav a');
        expect(await links.count()).toBe(12);
        const tops = new Set<number>();
        for (const box of await Promise.all((await links.all()).map((l) => l.boundingBox())))
          tops.add(Math.round(box?.y ?? -1));
        expect([...tops]).toHaveLength(1);
        // Two rows (name and tools, then the sections): 109 px measured in every language.
        const header = await page.locator('.site-header').boundingBox();
        expect(header?.height).toBeLessThanOrEqual(112);
      } finally {
        await context.close();
      }
    },
  );

  it('keeps the footer at the bottom of the window on a short page', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 1200 } });
    try {
      const page = await context.newPage();
      await page.goto(`${url}/account/forgot`);
      const footer = await page.locator('.site-footer').boundingBox();
      expect(Math.round((footer?.y ?? 0) + (footer?.height ?? 0))).toBe(1200);
    } finally {
      await context.close();
    }
  });

  it('prints a practice brief on one A4 page, and a shortlist brief a page per practice', async () => {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${url}/practices/${slugs.practice}/brief`);
      await page.emulateMedia({ media: 'print' });
      expect(pdfPages(await page.pdf({ preferCSSPageSize: true }))).toBe(1);
      // The shortlist is filled from the practices' own buttons, on screen.
      await page.emulateMedia({ media: 'screen' });
      for (const slug of practiceSlugs) {
        await page.goto(`${url}/practices/${slug}`);
        await page.click('.practice__tools button[type="submit"]');
        await page.waitForSelector('.shortlist__item');
      }
      await page.goto(`${url}/shortlist/brief`);
      expect(await page.locator('article.brief').count()).toBe(3);
      expect(await page.locator('.brief__note').textContent()).toContain(
        'each practice on a page of its own',
      );
      await page.emulateMedia({ media: 'print' });
      expect(pdfPages(await page.pdf({ preferCSSPageSize: true }))).toBe(3);
    } finally {
      await context.close();
    }
  });
});
