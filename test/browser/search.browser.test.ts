import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, serveTestApp } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';

describe.skipIf(!hasChromium)('search page in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let url: string;
  let browser: Browser;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite', { demo: true });
    ({ app, url } = await serveTestApp(database));
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('works without JavaScript: the form submits and the results page has the chips', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${url}/search`);
    await page.fill('input[name="q"]', 'vivienda para refugiados');
    await page.press('input[name="q"]', 'Enter');
    await page.waitForURL(/q=vivienda/);
    expect(await page.locator('.recognized .chip').allTextContents()).toEqual([
      'Housing ×',
      'Refugees ×',
    ]);
    await page.check('input[name="theme"][value="housing"]');
    await page.click('.facets__actions button[type="submit"]');
    await page.waitForURL(/theme=housing/);
    expect(await page.locator('#results-count').textContent()).toMatch(/^Practices? 1/);
    await context.close();
  });

  it('updates results as you type, keeps the URL in step, and goes back', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/search`);
    const count = page.locator('#results-count');
    const initial = await count.textContent();
    await page.locator('input[name="q"]').pressSequentially('anti-rumour', { delay: 20 });
    await page.waitForFunction(
      () => new URL(window.location.href).searchParams.get('q') === 'anti-rumour',
    );
    await page.waitForFunction(
      (before) => document.querySelector('#results-count')?.textContent !== before,
      initial,
    );
    expect((await page.locator('.results__list mark').allTextContents()).join(' ')).toMatch(
      /rumour/i,
    );
    // The page did not reload: the box still has focus.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('q');

    // A broader query, so that a filter changes the count.
    await page.locator('input[name="q"]').fill('refugees');
    await page.waitForFunction(
      () => new URL(window.location.href).searchParams.get('q') === 'refugees',
    );
    await page.waitForFunction(() => document.querySelectorAll('.results__list > li').length > 5);
    const withQuery = await count.textContent();
    await page.locator('input[name="type"][value="policy"]').check();
    await page.waitForURL(/type=/);
    await page.waitForFunction(
      (before) => document.querySelector('#results-count')?.textContent !== before,
      withQuery,
    );
    await page.goBack();
    await page.waitForFunction(() => !new URL(window.location.href).searchParams.has('type'));
    await page.waitForFunction(
      (before) => document.querySelector('#results-count')?.textContent === before,
      withQuery,
    );
    expect(await page.locator('input[name="type"]:checked').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
