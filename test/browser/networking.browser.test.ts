import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.ts';
import { runDigests } from '../../src/modules/alerts/digest.service.ts';
import { setOrganisationVerified } from '../../src/modules/directory/organisation-editing.service.ts';
import { importPractices } from '../../src/modules/practices/practice-interchange.service.ts';
import { DEMO_FILE } from '../../src/modules/system/demo-content.ts';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { type ReceivedMail, startSmtpServer, type TestSmtp } from '../helpers/smtp.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

const ADDRESSES = {
  official: 'olga.official@city.example',
  owner: 'paula.owner@practice.example',
  rude: 'rex.rude@example.net',
  editor: 'edith.editor@clearinghouse.example',
};

/**
 * A city official finds a peer city, opens one of its practices, writes to the people behind it
 * through the relay, follows a theme and gets the digest with a new practice; a moderator hides a
 * comment that was reported. No page shows anyone's address on the way.
 */
describe.skipIf(!hasChromium)('networking in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let smtp: TestSmtp;
  let browser: Browser;
  let url: string;
  let editor: Actor;
  let ownerId: number;
  /** Every page the browsers were shown, to search for addresses at the end. */
  const seen: string[] = [];

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite', { demo: true });
    smtp = await startSmtpServer();
    app = await buildTestApp(database, {
      smtpUrl: smtp.url,
      authRateLimitPerMinute: 1000,
      loginDelayMs: 1,
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    await createUser(database.db, ADDRESSES.official, 'member', 'Olga Official');
    ownerId = await createUser(database.db, ADDRESSES.owner, 'member', 'Paula Owner');
    await createUser(database.db, ADDRESSES.rude, 'member', 'Rex Rude');
    editor = {
      kind: 'user',
      id: await createUser(database.db, ADDRESSES.editor, 'editor', 'Edith Editor'),
      role: 'editor',
      name: 'Edith Editor',
      via: 'session',
      scopes: ['read', 'write'],
    };
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
    page.on('load', async () => {
      seen.push(await page.content().catch(() => ''));
    });
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    return page;
  }

  async function mailTo(address: string): Promise<ReceivedMail> {
    await app.jobs.runDue();
    return smtp.next(address);
  }

  /** A header of a received message, unfolded. */
  const header = (mail: ReceivedMail, name: string) =>
    new RegExp(`^${name}:((?:.*)(?:\\r?\\n[ \\t].*)*)`, 'im')
      .exec(mail.raw)?.[1]
      ?.replace(/\s+/g, ' ')
      .trim() ?? '';

  let practicePath: string;

  it('finds a peer city through "cities like mine", opens a practice there and writes to its people', async () => {
    const official = await signedIn(ADDRESSES.official);
    await official.goto(`${url}/cities/like-mine`);
    await official.selectOption('select[name="region"]', '150');
    await official.check('input[name="themes"][value="housing"]');
    await official.click('form.form-page button[type="submit"]');
    await official.waitForURL(/like-mine\?/);
    const firstPeer = official.locator('#peers-heading + ol > li').first();
    // The reason is given in words, e.g. "also works on Housing".
    await expect(firstPeer.locator('.card__meta').textContent()).resolves.toMatch(/Housing/);
    await firstPeer.locator('h2 a').click();
    await official.waitForURL(/\/cities\/\d+$/);
    await official
      .locator('#city-practices ~ ol a, section[aria-labelledby="city-practices"] h3 a')
      .first()
      .click();
    await official.waitForURL(/\/practices\//);
    practicePath = new URL(official.url()).pathname;

    // The people behind the practice: its lead organisation, verified by the editors, of which
    // Paula is an administrator (she accepted an invitation: the invitations have their own tests).
    const slug = practicePath.split('/').pop() as string;
    const lead = await database.db
      .selectFrom('practice_organisations')
      .innerJoin('practices', 'practices.id', 'practice_organisations.practice_id')
      .innerJoin('organisations', 'organisations.id', 'practice_organisations.organisation_id')
      .select(['organisations.id', 'organisations.slug'])
      .where('practices.slug', '=', slug)
      .orderBy('practice_organisations.position')
      .executeTakeFirstOrThrow();
    await database.db
      .insertInto('organisation_members')
      .values({
        organisation_id: lead.id,
        user_id: ownerId,
        role: 'admin',
        listed: 0,
        joined_at: new Date().toISOString(),
      })
      .execute();
    await setOrganisationVerified(database.db, editor, lead.slug, true);

    await official.click(`a[href="/contact/practice/${slug}"]`);
    await official.fill('[name="subject"]', 'Your housing desk');
    await official.fill(
      '[name="message"]',
      'We run a similar desk in our city and would like to compare notes. Could we talk?',
    );
    await official.click('main form button[type="submit"]');
    await official.waitForLoadState();
    expect(await official.locator('main').textContent()).not.toContain('@');

    const mail = await mailTo(ADDRESSES.owner);
    expect(mail.subject + mail.text).toContain('Your housing desk');
    expect(mail.text).toContain('compare notes');
    expect(header(mail, 'Reply-To')).toContain(ADDRESSES.official);
    expect(header(mail, 'To')).not.toContain(ADDRESSES.official);
    await official.context().close();
  });

  it('follows a theme and gets the digest with a new practice in it', async () => {
    const official = await signedIn(ADDRESSES.official);
    await official.goto(`${url}/themes/housing`);
    await official.click('form[action$="/follow"] button, main form button:has-text("Follow")');
    await official.waitForLoadState();
    await official.goto(`${url}/account/alerts`);
    await expect(official.locator('main').textContent()).resolves.toContain('Housing');

    // A practice on housing is published after the follow.
    const [template] = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as Record<string, unknown>[];
    const report = await importPractices(
      database.db,
      (async function* () {
        yield {
          number: 1,
          value: {
            ...template,
            // Its own words only: no translation of the record it was copied from.
            translations: {},
            external_id: 'digest-test-shared-housing',
            title: 'Shared flats for newly arrived families',
            themes: ['housing'],
          },
        };
      })(),
    );
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);

    // A week later, the weekly digest.
    await runDigests(database.db, new Date(Date.now() + 8 * 24 * 3600 * 1000), { publicUrl: url });
    const mail = await mailTo(ADDRESSES.official);
    expect(mail.text).toContain('Shared flats for newly arrived families');
    expect(header(mail, 'List-Unsubscribe')).toMatch(/\/alerts\/unsubscribe\//);
    await official.context().close();
  });

  it('lets a moderator hide a comment that was reported', async () => {
    const rude = await signedIn(ADDRESSES.rude);
    await rude.goto(`${url}${practicePath}#discussion`);
    await rude.fill(
      'textarea[name="body"]',
      'This practice is a waste of money and so are its people.',
    );
    await rude.click('#discussion form button[type="submit"]');
    await rude.waitForLoadState();
    await rude.context().close();

    // A first post waits for a moderator; she lets it through.
    const moderator = await signedIn(ADDRESSES.editor);
    await moderator.goto(`${url}/editor/discussions`);
    await moderator.click('form:has(input[name="action"][value="approve"]) button');
    await moderator.waitForLoadState();

    const reader = await (await browser.newContext()).newPage();
    await reader.goto(`${url}${practicePath}`);
    await expect(reader.locator('#discussion').textContent()).resolves.toContain('waste of money');

    const official = await signedIn(ADDRESSES.official);
    await official.goto(`${url}${practicePath}`);
    await official.click('#discussion a:has-text("Report")');
    await official.locator('input[name="reason"]').first().check();
    await official.click('main form button[type="submit"]');
    await official.waitForLoadState();

    await moderator.goto(`${url}/editor/discussions`);
    await moderator.click('form:has(input[name="action"][value="hide"]) button');
    await moderator.waitForLoadState();
    await reader.goto(`${url}${practicePath}`);
    await expect(reader.locator('main').textContent()).resolves.not.toContain('waste of money');
    await official.context().close();
    await moderator.context().close();
    await reader.context().close();
  });

  it('showed no one’s address on any page', () => {
    expect(seen.length).toBeGreaterThan(10);
    // Only the account page shows its owner their own address.
    for (const html of seen)
      for (const address of Object.values(ADDRESSES))
        if (!html.includes('<h1>Your account</h1>')) expect(html).not.toContain(address);
  });
});
