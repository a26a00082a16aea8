import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { pollUntil } from '../helpers/poll.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/**
 * What the forms' script adds: a text box counts its characters against its limit, and a long
 * form asks before its unsaved changes are left, but not when it is sent.
 */
describe.skipIf(!hasChromium)('forms in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let page: Page;
  let step: string;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite');
    app = await buildTestApp(database, { authRateLimitPerMinute: 1000, loginDelayMs: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    await createUser(database.db, 'lucia@example.org', 'contributor', 'Lucía Pérez');
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', 'lucia@example.org');
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    await page.goto(`${url}/submissions`);
    await Promise.all([
      page.waitForURL(/\/edit\/basics$/),
      page.evaluate(() => {
        const form = document.querySelector<HTMLFormElement>('form[action$="/submissions"]');
        form?.submit();
      }),
    ]);
    step = page.url();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  it('counts the characters of a text box against its limit', async () => {
    const count = page.locator('#field-summary-count');
    await expect(count.isVisible()).resolves.toBe(true);
    expect(await count.textContent()).toBe('0 of 2,000 characters');
    await page.fill('#field-summary', 'Volunteers and newcomers meet weekly.');
    expect(await count.textContent()).toBe('37 of 2,000 characters');
    expect(await count.getAttribute('class')).not.toContain('field__count--over');
  });

  it('asks before leaving a form with unsaved changes, and not once it is sent', async () => {
    const asked: string[] = [];
    page.on('dialog', (dialog) => {
      asked.push(dialog.type());
      void dialog.dismiss();
    });
    await page.fill('#field-title', 'Neighbourhood language cafés');
    await page.click('a:has-text("Back to the submission")').catch(() => undefined);
    await pollUntil('the question before leaving', () => asked.length > 0);
    expect(asked).toEqual(['beforeunload']);
    // Dismissed: the page and what was typed are still there.
    expect(page.url()).toBe(step);
    expect(await page.inputValue('#field-title')).toBe('Neighbourhood language cafés');

    // Sent: saved, and the step says what it still lacks, without a question.
    await page.click('button[value="next"]');
    await page.waitForSelector('#gaps-summary');
    expect(asked).toEqual(['beforeunload']);
    // A page not typed in is left without a question.
    await Promise.all([
      page.waitForURL(/\/submissions\/\d+$/),
      page.click('a:has-text("Back to the submission")'),
    ]);
    expect(asked).toEqual(['beforeunload']);
  });
});
