import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.ts';
import { postComment } from '../../src/modules/discussions/discussion.service.ts';
import { FOUNDING_EVENT_SLUG } from '../../src/modules/events/event.service.ts';
import { saveOwnProfile } from '../../src/modules/people/people.service.ts';
import { FOUNDING_PRESS_SLUG } from '../../src/modules/press/news.service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/**
 * WCAG 2.2 AA as axe-core checks it, on every page type, in a left-to-right and a right-to-left
 * language; and a search completed with the keyboard alone.
 */

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * axe's violations on the page. The first run skips what only a failure needs (the passes, the
 * incomplete, a CSS selector per element: a good part of axe's time on long pages); a page with
 * violations is checked again with selectors, so that the message says where they are.
 */
async function violationsOf(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: axeSource });
  const run = (selectors: boolean) =>
    page.evaluate(
      async ({ tags, selectors }) => {
        const axe = (
          window as unknown as {
            axe: {
              run: (context: Document, options: object) => Promise<{ violations: Violation[] }>;
            };
          }
        ).axe;
        const result = await axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          resultTypes: ['violations'],
          selectors,
        });
        return result.violations.map((v: Violation) => ({
          id: v.id,
          help: v.help,
          nodes: v.nodes
            .slice(0, 3)
            .map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
        }));
      },
      { tags: WCAG_TAGS, selectors },
    );
  const quick = await run(false);
  return quick.length === 0 ? quick : run(true);
}

function describeViolations(path: string, violations: Violation[]): string[] {
  return violations.map(
    (v) =>
      `${path}: ${v.id} (${v.help}) at ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary ?? ''})`).join(' | ')}`,
  );
}

describe.skipIf(!hasChromium)('accessibility in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let practiceSlug: string;
  let cityId: number;
  let resourceSlug: string;
  let recommendationSlug: string;
  let personId: number;
  let commentId: number;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite', { demo: true });
    app = await buildTestApp(database, { authRateLimitPerMinute: 1000, loginDelayMs: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    const editorId = await createUser(database.db, 'editor@example.org', 'editor', 'Edith Editor');
    const editor: Actor = {
      kind: 'user',
      id: editorId,
      role: 'editor',
      name: 'Edith Editor',
      via: 'session',
      scopes: ['read', 'write'],
    };
    // A listed expert, and a discussion on the first practice.
    personId = await createUser(database.db, 'expert@example.org', 'member', 'Elena Expert');
    await saveOwnProfile(
      database.db,
      { ...editor, id: personId, role: 'member', name: 'Elena Expert' },
      {
        listed: '1',
        headline: 'Housing adviser',
        themes: ['housing'],
        languages: 'en, es',
        regions: ['419'],
      },
    );
    practiceSlug = (
      await database.db
        .selectFrom('practices')
        .select('slug')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).slug;
    cityId = (
      await database.db
        .selectFrom('practices')
        .select('city_id')
        .where('city_id', 'is not', null)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).city_id as number;
    resourceSlug = (
      await database.db
        .selectFrom('resources')
        .select('slug')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).slug;
    recommendationSlug = (
      await database.db
        .selectFrom('recommendations')
        .select('slug')
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).slug;
    await postComment(
      database.db,
      editor,
      'en',
      { kind: 'practice', slug: practiceSlug },
      {
        kind: 'question',
        body: 'How was the desk staffed in its first year?',
        language: 'en',
      },
      // No hourly limit: this file checks pages, not how often one may post.
      0,
    );
    commentId = Number(
      (
        await database.db
          .selectFrom('comments')
          .select('id')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).id,
    );
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  async function signedInContext(email: string): Promise<BrowserContext> {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]');
    await page.waitForURL((u) => !u.pathname.startsWith('/account/login'));
    await page.close();
    return context;
  }

  /**
   * A page type: a stable name for the test title, and its path, resolved once the data prepared
   * in beforeAll exists. `status` is the answer expected when it is not a success.
   */
  interface PageType {
    name: string;
    path: () => string;
    status?: number;
  }
  const at = (path: string, name = path): PageType => ({ name, path: () => path });

  /** One page of each type a visitor can reach. */
  const publicPages: PageType[] = [
    at('/'),
    at('/practices'),
    at('/search?q=housing'),
    at('/search?q=zzzzqqqq', '/search (no result)'),
    { name: '/practices/:slug', path: () => `/practices/${practiceSlug}` },
    { name: '/practices/:slug/history', path: () => `/practices/${practiceSlug}/history` },
    { name: '/contact/practice/:slug', path: () => `/contact/practice/${practiceSlug}` },
    at('/themes'),
    at('/themes/housing'),
    at('/regions'),
    at('/regions/150'),
    at('/countries/CA'),
    at('/evidence'),
    at('/about'),
    at('/calls'),
    at('/exports'),
    at('/api/docs'),
    at('/account/login'),
    at('/account/register'),
    at('/account/forgot'),
    { name: 'not found', path: () => '/page-that-does-not-exist', status: 404 },
    at('/events'),
    at('/events?when=past'),
    { name: '/events/:slug', path: () => `/events/${FOUNDING_EVENT_SLUG}` },
    at('/press'),
    { name: '/press/:slug', path: () => `/press/${FOUNDING_PRESS_SLUG}` },
    at('/recommendations'),
    at('/recommendations/matrix'),
    at('/resources'),
    at('/resources?q=integration'),
    { name: '/resources/:slug', path: () => `/resources/${resourceSlug}` },
    at('/organisations'),
    at('/organisations/international-organization-for-migration', '/organisations/:slug'),
    { name: '/cities/:id', path: () => `/cities/${cityId}` },
    { name: '/cities/:id/peers', path: () => `/cities/${cityId}/peers` },
    at('/cities/like-mine'),
    at('/cities/like-mine?region=150&themes=housing'),
    at('/coverage'),
    { name: '/recommendations/:slug', path: () => `/recommendations/${recommendationSlug}` },
    at('/experts'),
    at('/experts?theme=housing'),
    { name: '/people/:id', path: () => `/people/${personId}` },
  ];
  /** The shortlist pages, once a practice page's own button has filled it. */
  const shortlistPages: PageType[] = [
    at('/shortlist'),
    at('/shortlist/compare'),
    at('/shortlist/brief'),
    { name: '/practices/:slug/brief', path: () => `/practices/${practiceSlug}/brief` },
  ];
  /** The pages behind an editor's sign-in. */
  const editorPages: PageType[] = [
    at('/account'),
    at('/account/delete'),
    at('/submissions'),
    at('/editor'),
    at('/editor/insights'),
    at('/editor/import'),
    at('/editor/events/new'),
    { name: '/editor/events/:slug/edit', path: () => `/editor/events/${FOUNDING_EVENT_SLUG}/edit` },
    at('/editor/press/new'),
    at('/editor/recommendations/new'),
    at('/editor/resources/new'),
    at('/organisations/new'),
    at('/account/people-profile'),
    at('/account/alerts'),
    at('/account/contact'),
    at(
      '/contact/organisation/international-organization-for-migration',
      '/contact/organisation/:slug',
    ),
    { name: '/contact/person/:id', path: () => `/contact/person/${personId}` },
    {
      name: '/discussions/comments/:id/reply',
      path: () => `/discussions/comments/${commentId}/reply`,
    },
    {
      name: '/discussions/comments/:id/report',
      path: () => `/discussions/comments/${commentId}/report`,
    },
    at('/editor/discussions'),
    at('/editor/contact-reports'),
    {
      name: '/editor/recommendations/:slug/edit',
      path: () => `/editor/recommendations/${recommendationSlug}/edit`,
    },
    at('/organisations/international-organization-for-migration/edit', '/organisations/:slug/edit'),
    { name: '/cities/:id/edit', path: () => `/cities/${cityId}/edit` },
  ];

  // One tab per visitor, reused from page to page: a new tab for each page doubled the run.
  const tabs = new WeakMap<BrowserContext, Page>();
  async function tabOf(context: BrowserContext): Promise<Page> {
    let tab = tabs.get(context);
    if (!tab || tab.isClosed()) {
      tab = await context.newPage();
      tabs.set(context, tab);
    }
    return tab;
  }

  /**
   * Opens the page in the visitor's tab and fails on an unexpected status, on a right-to-left
   * locale without `dir="rtl"`, or on any axe violation.
   */
  async function checkPage(context: BrowserContext, prefix: string, type: PageType): Promise<void> {
    const page = await tabOf(context);
    const path = `${prefix}${type.path()}`;
    const answer = await page.goto(`${url}${path}`);
    const status = answer?.status() ?? 0;
    if (type.status) expect(status, path).toBe(type.status);
    else expect(status, path).toBeLessThan(400);
    if (prefix === '/ar') expect(await page.getAttribute('html', 'dir'), path).toBe('rtl');
    expect(describeViolations(path, await violationsOf(page))).toEqual([]);
  }

  for (const locale of ['en', 'ar'] as const) {
    const prefix = locale === 'en' ? '' : `/${locale}`;

    describe(`finds no WCAG 2.2 AA violation in ${locale}`, () => {
      // One visitor and one signed-in editor per locale, shared by the page tests below.
      let visitor: BrowserContext;
      let editor: BrowserContext;
      beforeAll(async () => {
        // axe is set up in every page as it loads: sending its 550 kB to each page after it
        // loaded cost about 0.3 s a page.
        visitor = await browser.newContext({ bypassCSP: true });
        await visitor.addInitScript({ content: axeSource });
        editor = await signedInContext('editor@example.org');
        await editor.addInitScript({ content: axeSource });
      });
      afterAll(async () => {
        await visitor?.close();
        await editor?.close();
      });

      it.each(publicPages)('visitor: $name', async (type) => {
        await checkPage(visitor, prefix, type);
      });

      describe('the shortlist', () => {
        beforeAll(async () => {
          // Filled from a practice page's own button.
          const page = await visitor.newPage();
          await page.goto(`${url}${prefix}/practices/${practiceSlug}`);
          await page.click('.practice__tools button[type="submit"]');
          await page.waitForSelector('.shortlist__item');
          await page.close();
        });
        it.each(shortlistPages)('visitor: $name', async (type) => {
          await checkPage(visitor, prefix, type);
        });
      });

      // Every editor page in English; in Arabic a third of them, spread over the list: the
      // editors' pages share their forms and tables, and right-to-left is what Arabic adds.
      const editorPagesHere =
        locale === 'en' ? editorPages : editorPages.filter((_, i) => i % 3 === 0);
      it.each(editorPagesHere)('editor: $name', async (type) => {
        await checkPage(editor, prefix, type);
      });

      it('editor: a form sent with mistakes shows its error summary and field messages', async () => {
        const page = await editor.newPage();
        try {
          // The change of password on the account page, with a new password that is too short
          // (the current one is right, so nothing counts as a failed sign-in).
          await page.goto(`${url}${prefix}/account`);
          const form = page.locator('section[aria-labelledby="password-heading"] form');
          await form.locator('input[name="current_password"]').fill(PASSWORD);
          await form.locator('input[name="password"]').fill('short');
          const [answer] = await Promise.all([
            page.waitForResponse((r) => r.url().endsWith('/account/password')),
            form.locator('button[type="submit"]').click(),
          ]);
          expect(answer.status()).toBe(400);
          await page.waitForLoadState();
          await page.waitForSelector('#error-summary');
          expect(await page.locator('.field--error').count()).toBeGreaterThan(0);
          expect(
            describeViolations(`${prefix}/account/password (refused)`, await violationsOf(page)),
          ).toEqual([]);
        } finally {
          await page.close();
        }
      });
    });
  }

  it('completes a search with a filter and opens a result with the keyboard alone', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${url}/`);
    // The first Tab reaches the skip link, which takes focus to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe(
      'Skip to content',
    );
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => window.location.hash)).toBe('#main');

    // Tab until the search box has focus, type, and send with Enter.
    async function tabTo(predicate: () => boolean, limit = 80): Promise<void> {
      for (let i = 0; i < limit; i++) {
        if (await page.evaluate(predicate)) return;
        await page.keyboard.press('Tab');
      }
      throw new Error('the element was never reached with Tab');
    }
    await tabTo(() => (document.activeElement as HTMLInputElement | null)?.name === 'q');
    await page.keyboard.type('refugees');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?/);
    await page.waitForSelector('.results__list > li');
    const before = await page.locator('#results-count').textContent();

    // A filter: tab to the first unchecked theme checkbox and tick it with the space bar.
    await tabTo(
      () =>
        (document.activeElement as HTMLInputElement | null)?.type === 'checkbox' &&
        (document.activeElement as HTMLInputElement).name === 'theme',
    );
    const value = await page.evaluate(() => (document.activeElement as HTMLInputElement).value);
    await page.keyboard.press('Space');
    await page.waitForURL(new RegExp(`theme=${value}`));
    await page.waitForFunction(
      (previous) => document.querySelector('#results-count')?.textContent !== previous,
      before,
    );

    // Focus stays visible: the focused element has an outline or a box shadow.
    await tabTo(() => Boolean(document.activeElement?.closest('.results__list')));
    const focusStyle = await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement as Element);
      return { outline: style.outlineStyle, width: style.outlineWidth, shadow: style.boxShadow };
    });
    expect(focusStyle.outline !== 'none' || focusStyle.shadow !== 'none').toBe(true);
    const href = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).href);
    expect(href).toMatch(/\/practices\//);
    await page.keyboard.press('Enter');
    await page.waitForURL(href);
    expect(await page.locator('h1').count()).toBe(1);
    await context.close();
  });
});
