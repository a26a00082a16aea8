import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/authz.ts';
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

async function violationsOf(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window)))
    await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: { run: (context: Document, options: object) => Promise<{ violations: Violation[] }> };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v: Violation) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes
        .slice(0, 3)
        .map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
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

  /** One page of each type a visitor can reach. */
  const publicPages = () => [
    '/',
    '/practices',
    '/search?q=housing',
    '/search?q=zzzzqqqq',
    `/practices/${practiceSlug}`,
    `/practices/${practiceSlug}/history`,
    '/themes',
    '/themes/housing',
    '/regions',
    '/regions/150',
    '/countries/CA',
    '/evidence',
    '/about',
    '/calls',
    '/exports',
    '/api/docs',
    '/account/login',
    '/account/register',
    '/account/forgot',
    '/page-that-does-not-exist',
    '/events',
    '/events?when=past',
    `/events/${FOUNDING_EVENT_SLUG}`,
    '/press',
    `/press/${FOUNDING_PRESS_SLUG}`,
    '/recommendations',
    '/recommendations/matrix',
    '/resources',
    '/resources?q=integration',
    `/resources/${resourceSlug}`,
    '/organisations',
    '/organisations/international-organization-for-migration',
    `/cities/${cityId}`,
    `/cities/${cityId}/peers`,
    '/cities/like-mine',
    '/cities/like-mine?region=150&themes=housing',
    '/coverage',
    `/recommendations/${recommendationSlug}`,
    '/experts',
    '/experts?theme=housing',
    `/people/${personId}`,
  ];
  /** The pages behind an editor's sign-in. */
  const editorPages = () => [
    '/account',
    '/submissions',
    '/editor',
    '/editor/import',
    '/editor/events/new',
    `/editor/events/${FOUNDING_EVENT_SLUG}/edit`,
    '/editor/press/new',
    '/editor/recommendations/new',
    '/editor/resources/new',
    '/organisations/new',
    '/account/people-profile',
    '/account/alerts',
    '/account/contact',
    '/contact/organisation/international-organization-for-migration',
    `/contact/person/${personId}`,
    `/discussions/comments/${commentId}/reply`,
    `/discussions/comments/${commentId}/report`,
    '/editor/discussions',
    '/editor/contact-reports',
    `/editor/recommendations/${recommendationSlug}/edit`,
    '/organisations/international-organization-for-migration/edit',
    `/editor/cities/${cityId}`,
  ];

  for (const locale of ['en', 'ar'] as const) {
    it(`finds no WCAG 2.2 AA violation on any page type in ${locale}`, async () => {
      const prefix = locale === 'en' ? '' : `/${locale}`;
      const failures: string[] = [];
      const visitor = await browser.newContext({ bypassCSP: true });
      const page = await visitor.newPage();
      for (const path of publicPages()) {
        const answer = await page.goto(`${url}${prefix}${path}`);
        if ((answer?.status() ?? 0) >= 400 && !path.includes('does-not-exist'))
          failures.push(`${prefix}${path}: ${answer?.status()}`);
        if (locale === 'ar') expect(await page.getAttribute('html', 'dir'), path).toBe('rtl');
        failures.push(...describeViolations(`${prefix}${path}`, await violationsOf(page)));
      }
      // The shortlist, filled from a practice page's own button.
      await page.goto(`${url}${prefix}/practices/${practiceSlug}`);
      await page.click('.practice__tools button[type="submit"]');
      await page.waitForSelector('.shortlist__item');
      for (const path of [
        '/shortlist',
        '/shortlist/compare',
        '/shortlist/brief',
        `/practices/${practiceSlug}/brief`,
      ]) {
        const answer = await page.goto(`${url}${prefix}${path}`);
        if ((answer?.status() ?? 0) >= 400 && !path.includes('does-not-exist'))
          failures.push(`${prefix}${path}: ${answer?.status()}`);
        failures.push(...describeViolations(`${prefix}${path}`, await violationsOf(page)));
      }
      await visitor.close();

      const editor = await signedInContext('editor@example.org');
      const editorPage = await editor.newPage();
      for (const path of editorPages()) {
        const answer = await editorPage.goto(`${url}${prefix}${path}`);
        if ((answer?.status() ?? 0) >= 400) failures.push(`${prefix}${path}: ${answer?.status()}`);
        failures.push(...describeViolations(`${prefix}${path}`, await violationsOf(editorPage)));
      }
      // A form sent with mistakes: the error summary and the messages at the fields.
      await editorPage.goto(`${url}${prefix}/account/password`);
      const submit = editorPage.locator('main form button[type="submit"]').first();
      if ((await submit.count()) > 0) {
        await submit.click();
        await editorPage.waitForLoadState();
        failures.push(
          ...describeViolations(
            `${prefix}/account/password (refused)`,
            await violationsOf(editorPage),
          ),
        );
      }
      await editor.close();
      expect(failures).toEqual([]);
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
