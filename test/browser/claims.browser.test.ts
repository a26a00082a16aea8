import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOrganisation } from '../../src/modules/directory/organisation.service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/**
 * An official of Lisbon finds her city's organisation, created from a practice with nobody in it,
 * asks to manage it, confirms her address from the email, and an editor approves her request.
 */
describe.skipIf(!hasChromium)('asking to manage an organisation in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let browser: Browser;
  let url: string;
  const path = '/organisations/camara-municipal-de-lisboa';

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite');
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 1000,
      loginDelayMs: 1,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    await createUser(database.db, 'ana@example.org', 'contributor', 'Ana Silva');
    await createUser(database.db, 'edith@example.org', 'editor', 'Edith Editor');
    await resolveOrganisation(database.db, {
      name: 'Câmara Municipal de Lisboa',
      type: null,
      website: 'https://www.lisboa.pt',
      countryCode: 'PT',
      cityId: null,
    });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await smtp?.close();
    await database?.drop();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    return page;
  }

  it('takes a claim from the request to the editor’s approval', async () => {
    const ana = await signedIn('ana@example.org');
    await ana.goto(`${url}${path}`);
    await expect(ana.locator('#managed-by-editors').textContent()).resolves.toContain(
      'managed by the editors',
    );
    await ana.click('#claim-link');
    await ana.waitForSelector('h1:has-text("Ask to manage Câmara Municipal de Lisboa")');
    await ana.fill('[name="role_title"]', 'Head of migrant services');
    await ana.fill('[name="email"]', 'ana.silva@cm-lisboa.pt');
    await ana.click('main form button[type="submit"]');
    // An address outside the organisation's domain is refused beside the field.
    await expect(ana.locator('#field-email-error').textContent()).resolves.toContain('lisboa.pt');
    await ana.fill('[name="email"]', 'ana.silva@lisboa.pt');
    await ana.click('main form button[type="submit"]');
    await ana.waitForSelector('text=Your request is sent');

    await app.jobs.runDue(100);
    const mail = await smtp.next('ana.silva@lisboa.pt');
    const link = /https?:\/\/\S+\/account\/claims\/[\w-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    const mailbox = await browser.newPage();
    await mailbox.goto(link as string);
    await expect(mailbox.locator('h1').textContent()).resolves.toContain('Address confirmed');
    await mailbox.close();

    const edith = await signedIn('edith@example.org');
    await edith.goto(`${url}/editor`);
    await expect(edith.locator('#claims-link').textContent()).resolves.toContain(
      '1 request to manage an organisation',
    );
    await edith.click('#claims-link');
    const claim = edith.locator('section.card', { hasText: 'Câmara Municipal de Lisboa' });
    await expect(claim.textContent()).resolves.toContain(
      '(confirmed: the link sent to it was opened)',
    );
    await claim.locator('button:has-text("Approve")').click();
    await edith.waitForSelector('text=No request waits.');

    await app.jobs.runDue(100);
    const approved = await smtp.next('ana@example.org');
    expect(approved.subject).toBe('You now manage Câmara Municipal de Lisboa');
    await ana.goto(`${url}${path}`);
    expect(await ana.locator('#managed-by-editors').count()).toBe(0);
    expect(await ana.locator('.verified-mark').count()).toBe(1);
    await ana.click('a:has-text("Members")');
    await expect(ana.locator('main').textContent()).resolves.toContain('Ana Silva');
  });
});
