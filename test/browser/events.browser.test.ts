import type { FastifyInstance } from 'fastify';
import ICAL from 'ical.js';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/**
 * An editor publishes an event with a webcast and a reader downloads its calendar file; the editor
 * then writes a recommendation supported by two practices, which both practice pages show.
 */
describe.skipIf(!hasChromium)('events and recommendations in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let practices: { slug: string; title: string }[];

  beforeAll(async () => {
    // With the demo content: the practices, and the founding roundtable of 2009.
    database = await createPreparedDatabase('sqlite', { demo: true });
    app = await buildTestApp(database, { authRateLimitPerMinute: 1000, loginDelayMs: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    await createUser(database.db, 'edith@example.org', 'editor', 'Edith Editor');
    practices = await database.db
      .selectFrom('practices')
      .select(['slug', 'title'])
      .where('language', '=', 'en')
      .orderBy('id')
      .limit(2)
      .execute();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  async function signedInEditor(): Promise<Page> {
    const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', 'edith@example.org');
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    return page;
  }

  it('shows the 2009 roundtable that the clearinghouse comes from, with its press release', async () => {
    const page = await browser.newPage();
    await page.goto(`${url}/events?when=past`);
    await page.click('a:has-text("The Inter-ethnic City")');
    await expect(page.locator('h1').textContent()).resolves.toContain('The Inter-ethnic City');
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).toContain('Conference Room 8');
    expect(body).toContain('William Lacy Swing');
    expect(body).toContain('International Organization for Migration');
    await page.click('a:has-text("Benefits of Migration to be Showcased by Leading Experts")');
    await expect(page.locator('main').textContent()).resolves.toContain('Daanish Masood');
    await page.close();
  });

  it('creates an event with a webcast whose .ics a calendar reads back', async () => {
    const page = await signedInEditor();
    await page.goto(`${url}/editor/events/new`);
    await page.fill('[name="title"]', 'Housing newcomers: a webinar for city officials');
    await page.selectOption('[name="type"]', 'webinar');
    await page.fill('[name="description"]', 'Three cities explain how they house newcomers.');
    // Across the end of daylight saving time in Paris next year (the last Sunday of October,
    // 03:00 becomes 02:00), so that the event is still to come and offers its calendar file.
    const { saturday, sunday } = endOfSummerTimeNextYear();
    await page.fill('[name="starts_at"]', `${saturday}T22:00`);
    await page.fill('[name="ends_at"]', `${sunday}T10:00`);
    await page.selectOption('[name="time_zone"]', 'Europe/Paris');
    await page.check('[name="online"][value="1"]');
    await page.fill('[name="webcast_url"]', 'https://webcast.example.org/housing');
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/events\/housing-newcomers/);
    await expect(page.locator('h1').textContent()).resolves.toContain('Housing newcomers');
    expect(await page.locator('a[href="https://webcast.example.org/housing"]').count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('a[href$="event.ics"]'),
    ]);
    const chunks: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) chunks.push(chunk as Buffer);
    const calendar = new ICAL.Component(ICAL.parse(Buffer.concat(chunks).toString('utf8')));
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent') as ICAL.Component);
    expect(event.summary).toBe('Housing newcomers: a webinar for city officials');
    // 22:00 in Paris in summer time is 20:00 UTC; 10:00 in winter time is 09:00 UTC: 13 hours.
    expect(event.startDate.toJSDate().toISOString()).toBe(`${saturday}T20:00:00.000Z`);
    expect(event.endDate.toJSDate().toISOString()).toBe(`${sunday}T09:00:00.000Z`);
    const vevent = calendar.getFirstSubcomponent('vevent') as ICAL.Component;
    const text = [vevent.getFirstPropertyValue('url'), vevent.getFirstPropertyValue('description')]
      .map(String)
      .join(' ');
    expect(text).toContain('https://webcast.example.org/housing');
    await page.context().close();
  });

  it('turns the start and end into date fields when the times are not known', async () => {
    const page = await signedInEditor();
    await page.goto(`${url}/editor/events/new`);
    await page.fill('[name="title"]', 'Neighbourhood welcome days');
    await page.fill('[name="description"]', 'Two days of open doors in the town hall.');
    await page.fill('[name="starts_at"]', '2031-09-12T10:00');
    await page.check('[name="all_day"][value="1"]');
    expect(await page.getAttribute('[name="starts_at"]', 'type')).toBe('date');
    expect(await page.inputValue('[name="starts_at"]')).toBe('2031-09-12');
    // Cleared again on the same day, the time typed before comes back.
    await page.uncheck('[name="all_day"][value="1"]');
    expect(await page.inputValue('[name="starts_at"]')).toBe('2031-09-12T10:00');
    await page.check('[name="all_day"][value="1"]');
    await page.fill('[name="ends_at"]', '2031-09-13');
    await page.fill('[name="venue_city"]', 'Lyon');
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/events\/neighbourhood-welcome-days/);
    const facts = (await page.locator('.facts__list').textContent()) ?? '';
    expect(facts).toContain('September 12, 2031');
    expect(facts).toContain('September 13, 2031');
    expect(facts).not.toMatch(/\d{1,2}:\d{2}|UTC/);
    await page.context().close();
  });

  it('writes a recommendation supported by two practices, shown on both practice pages', async () => {
    const page = await signedInEditor();
    await page.goto(`${url}/editor/recommendations/new`);
    await page.fill('[name="title"]', 'Give every newcomer one door to the city');
    await page.fill(
      '[name="text"]',
      'A single welcome desk lowers the cost of finding help.\n\nCities should keep it open to all residents.',
    );
    await page.check('[name="audiences"][value="local"]');
    await page.check('[name="themes"][value="access-to-services"]');
    await page.click('main form button[type="submit"]');
    await page.waitForURL(/\/recommendations\/give-every-newcomer/);
    const recommendationPath = new URL(page.url()).pathname;
    const slug = recommendationPath.split('/').pop() as string;

    for (const practice of practices) {
      await page.goto(`${url}/editor/recommendations/${slug}/edit`);
      await page.fill('[name="practice"]', practice.slug);
      await page.fill('[name="note"]', 'Runs such a desk.');
      await page.click('button:has-text("Link")');
      await page.waitForURL(/\/edit/);
    }
    await page.goto(`${url}${recommendationPath}`);
    for (const practice of practices)
      expect(await page.locator(`main a[href="/practices/${practice.slug}"]`).count()).toBe(1);

    const reader = await browser.newPage();
    for (const practice of practices) {
      await reader.goto(`${url}/practices/${practice.slug}`);
      const link = reader.locator(`main a[href="${recommendationPath}"]`);
      expect(await link.count(), practice.slug).toBe(1);
      expect(await link.textContent()).toContain('Give every newcomer one door to the city');
    }
    await reader.close();
    await page.context().close();
  });
});

/** The Saturday and Sunday (YYYY-MM-DD) of the last weekend of October next year. */
function endOfSummerTimeNextYear(): { saturday: string; sunday: string } {
  const year = new Date().getUTCFullYear() + 1;
  const lastOfOctober = new Date(Date.UTC(year, 9, 31));
  const sunday = new Date(lastOfOctober.getTime() - lastOfOctober.getUTCDay() * 86_400_000);
  const saturday = new Date(sunday.getTime() - 86_400_000);
  return {
    saturday: saturday.toISOString().slice(0, 10),
    sunday: sunday.toISOString().slice(0, 10),
  };
}
