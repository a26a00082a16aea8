import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nowIso } from '../../src/core/text.ts';
import { insertOrganisation } from '../../src/modules/directory/organisation.repository.ts';
import { insertMember } from '../../src/modules/directory/organisation-member.repository.ts';
import { importPractices } from '../../src/modules/practices/practice-interchange.service.ts';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/**
 * A member of Lisbon's municipality (her membership approved, as a claim or an invitation makes
 * it) opens her city's page, follows the link to its profile, writes it with the keyboard alone,
 * and finds it on the city page. The form passes axe in English and Arabic and fits a phone.
 */

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PHONE = { width: 390, height: 844 };

async function violationsOf(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return page.evaluate(async (tags) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map(
      (v) => `${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`,
    );
  }, WCAG_TAGS);
}

async function* records() {
  let number = 0;
  for (const [id, city] of [
    ['lisbon-1', 'Lisbon'],
    ['porto-1', 'Porto'],
  ])
    yield {
      number: ++number,
      value: {
        external_id: id,
        title: `Practice ${id}`,
        language: 'en',
        summary: `What ${city} does.`,
        country: 'PT',
        city,
        themes: ['housing'],
        target_groups: ['refugees'],
        evidence_level: 'emerging',
        illustrative: false,
      },
    };
}

describe.skipIf(!hasChromium)('a city profile edited by its municipality in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let cityId: number;

  beforeAll(async () => {
    database = await createPreparedDatabase('sqlite');
    const report = await importPractices(database.db, records());
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);
    cityId = (
      await database.db
        .selectFrom('practices')
        .select('city_id')
        .where('external_id', '=', 'lisbon-1')
        .executeTakeFirstOrThrow()
    ).city_id as number;
    const ana = await createUser(database.db, 'ana@cm-lisboa.pt', 'member', 'Ana Silva');
    const now = nowIso();
    const organisationId = await insertOrganisation(database.db, {
      slug: 'camara-municipal-de-lisboa',
      name: 'Câmara Municipal de Lisboa',
      name_key: 'camara municipal de lisboa',
      type: 'municipality',
      country_code: 'PT',
      city_id: cityId,
      website: 'https://www.lisboa.pt',
      created_at: now,
      updated_at: now,
      verified_at: null,
      verified_by: null,
    });
    await insertMember(database.db, {
      organisation_id: organisationId,
      user_id: ana,
      role: 'admin',
      listed: 0,
      joined_at: now,
    });
    app = await buildTestApp(database, { authRateLimitPerMinute: 1000, loginDelayMs: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  async function signedIn(options: { viewport?: typeof PHONE } = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ bypassCSP: true, ...options });
    const page = await context.newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', 'ana@cm-lisboa.pt');
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]');
    await page.waitForURL((u) => !u.pathname.startsWith('/account/login'));
    await page.close();
    return context;
  }

  it('lets the member write the profile with the keyboard and shows it on the city page', async () => {
    const context = await signedIn();
    const page = await context.newPage();
    try {
      await page.goto(`${url}/cities/${cityId}`);
      await page.focus('#edit-city');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${url}/cities/${cityId}/edit`);
      // From the language field onwards, Tab moves from field to field in the form's order.
      await page.focus('#field-language');
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.type('Portuguese');
      const typed: [string, string][] = [
        ['field-context', 'Lisboa acolhe pessoas de mais de 170 países.'],
        ['field-offers', 'Visitas de estudo e mentoria.'],
        ['field-looking_for', 'Parceiros para a habitação de transição.'],
        ['field-languages', 'Portuguese, English'],
        ['field-contact_name_1', 'Migrant support unit'],
        ['field-contact_role_1', 'Municipal service'],
        ['field-contact_email_1', 'integration@cm-lisboa.pt'],
        ['field-contact_url_1', 'https://www.lisboa.pt/migrantes'],
      ];
      for (const [id, text] of typed) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.activeElement?.id)).toBe(id);
        await page.keyboard.type(text);
      }
      // Enter in a one-line field sends the form.
      await Promise.all([page.waitForURL(`${url}/cities/${cityId}`), page.keyboard.press('Enter')]);
      const about = page.locator('section.city-about');
      await expect(about.locator('h2').textContent()).resolves.toBe('About the city');
      const text = (await about.textContent()) ?? '';
      for (const part of [
        'Lisboa acolhe pessoas de mais de 170 países.',
        'Visitas de estudo e mentoria.',
        'Parceiros para a habitação de transição.',
        'integration@cm-lisboa.pt',
        'Portuguese and English',
        'Câmara Municipal de Lisboa',
      ])
        expect(text).toContain(part);
      expect(await about.locator('p[lang="pt"]').count()).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  for (const prefix of ['', '/ar']) {
    it(`shows the form with no WCAG 2.2 AA violation, refused or not, in ${prefix ? 'Arabic' : 'English'}`, async () => {
      const context = await signedIn();
      const page = await context.newPage();
      try {
        await page.goto(`${url}${prefix}/cities/${cityId}/edit`);
        if (prefix === '/ar') expect(await page.getAttribute('html', 'dir')).toBe('rtl');
        expect(await violationsOf(page)).toEqual([]);
        await page.fill('#field-contact_email_1', 'not an address');
        await Promise.all([
          page.waitForResponse((r) => r.request().method() === 'POST'),
          page.click('section[aria-labelledby="profile-heading"] button[type="submit"]'),
        ]);
        await page.waitForSelector('#error-summary');
        expect(await page.locator('#field-contact_email_1').inputValue()).toBe('not an address');
        expect(await violationsOf(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it('fits the form and the city page in a 390 px phone, in English and Arabic', async () => {
    const context = await signedIn({ viewport: PHONE });
    const page = await context.newPage();
    try {
      for (const path of [`/cities/${cityId}/edit`, `/cities/${cityId}`])
        for (const prefix of ['', '/ar']) {
          await page.goto(`${url}${prefix}${path}`);
          const width = await page.evaluate(() => document.documentElement.scrollWidth);
          expect(width, `${prefix}${path}`).toBeLessThanOrEqual(PHONE.width);
        }
    } finally {
      await context.close();
    }
  });
});
