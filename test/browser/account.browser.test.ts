import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { linkIn, startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';

describe.skipIf(!hasChromium)('an account in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite');
    smtp = await startSmtpServer();
    app = await buildTestApp(database, { smtpUrl: smtp.url, authRateLimitPerMinute: 1000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    // Links in emails point at the address the browser uses.
    (app.config as { publicUrl: string }).publicUrl = url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await database?.drop();
  });

  it('registers, confirms by the emailed link, signs in and signs out', async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/`);
    await page.click('text=Register');
    await page.fill('#field-name', 'Tomás Rivera');
    await page.fill('#field-email', 'tomas@example.org');
    await page.fill('#field-organisation', 'Alcaldía de Medellín');
    await page.selectOption('#field-country', 'CO');
    await page.fill('#field-password', 'mountains and rivers');
    await page.click('button[type="submit"]:has-text("Create my account")');
    await page.waitForSelector('h1:has-text("Check your email")');

    await app.jobs.runDue();
    const mail = await smtp.next('tomas@example.org');
    await page.goto(linkIn(mail, '/account/verify'));
    await page.waitForSelector('h1:has-text("Your address is confirmed")');
    await page.click('a.button:has-text("Sign in")');
    await page.fill('#field-email', 'tomas@example.org');
    await page.fill('#field-password', 'mountains and rivers');
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    expect(await page.locator('.site-header__wide .account-links').textContent()).toContain(
      'Tomás Rivera',
    );

    await page.click('.site-header__wide button:has-text("Sign out")');
    await page.waitForURL(`${url}/`);
    expect(await page.locator('.site-header__wide .account-links').textContent()).toContain(
      'Sign in',
    );
    await page.goto(`${url}/account`);
    await page.waitForSelector('h1:has-text("Sign in")');
    expect(errors).toEqual([]);
  });
});
