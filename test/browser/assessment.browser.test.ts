import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerField } from '../../src/modules/assessment/assessment.model.ts';
import {
  findAssessmentOfCityYear,
  insertAssessment as insertPublishedAssessment,
  replaceAnswers,
} from '../../src/modules/assessment/assessment.repository.ts';
import { currentFramework } from '../../src/modules/assessment/framework.ts';
import { insertOrganisation } from '../../src/modules/directory/organisation.repository.ts';
import { insertMember } from '../../src/modules/directory/organisation-member.repository.ts';
import { buildTestApp } from '../helpers/app.ts';
import { hasChromium, launchBrowser } from '../helpers/browser.ts';
import { createPreparedDatabase, type TestDatabase } from '../helpers/databases.ts';
import { createUser, PASSWORD } from '../helpers/users.ts';

/**
 * A city official fills in an area of her city's self-assessment with the keyboard, saves the
 * draft, completes the rest and submits it; an editor accepts it, and the published result shows
 * its scores, the median of five other published cities and practices for its weakest areas. The
 * method page and the
 * fill-in page pass axe-core's WCAG 2.2 AA checks in English and in Arabic.
 */

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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

describe.skipIf(!hasChromium)('a city self-assessment in Chromium', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let browser: Browser;
  let url: string;
  let cityId: number;
  const year = new Date().getUTCFullYear();
  const framework = currentFramework();
  const firstArea = framework.areas[0] as (typeof framework.areas)[0];
  const editPath = () => `/cities/${cityId}/assessment/${year}/edit`;

  beforeAll(async () => {
    // The demo practices are what the result page proposes for the weakest areas.
    database = await createPreparedDatabase('sqlite', { demo: true });
    app = await buildTestApp(database, { authRateLimitPerMinute: 1000, loginDelayMs: 1 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    (app.config as { publicUrl: string }).publicUrl = url;
    const official = await createUser(database.db, 'ana@example.org', 'member', 'Ana Silva');
    await createUser(database.db, 'edith@example.org', 'editor', 'Edith Editor');
    const now = new Date().toISOString();
    cityId = (
      await database.db
        .insertInto('cities')
        .values({
          geonames_id: null,
          name: 'Lisboa',
          country_code: 'PT',
          latitude: null,
          longitude: null,
          population: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const organisationId = await insertOrganisation(database.db, {
      slug: 'camara-municipal-de-lisboa',
      name: 'Câmara Municipal de Lisboa',
      name_key: 'camara municipal de lisboa',
      type: 'municipality',
      country_code: 'PT',
      city_id: cityId,
      website: null,
      created_at: now,
      updated_at: now,
      verified_at: null,
      verified_by: null,
    });
    await insertMember(database.db, {
      organisation_id: organisationId,
      user_id: official,
      role: 'member',
      listed: 0,
      joined_at: now,
    });
    // Five other cities published real results, so the page may show their median: every area
    // scored 40, 50, 60, 70 and 80, a median of 60.
    for (const [i, score] of [40, 50, 60, 70, 80].entries()) {
      const otherCity = (
        await database.db
          .insertInto('cities')
          .values({
            geonames_id: null,
            name: `Peer city ${i + 1}`,
            country_code: 'PT',
            latitude: null,
            longitude: null,
            population: null,
            created_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
      await insertPublishedAssessment(database.db, {
        city_id: otherCity,
        year: year - 1,
        framework_version: framework.version,
        state: 'accepted',
        share_publicly: 1,
        published_at: now,
        illustrative: 0,
        scores: JSON.stringify(Object.fromEntries(framework.areas.map((a) => [a.id, score]))),
        created_by: null,
        created_at: now,
        updated_at: now,
        submitted_at: now,
        decided_at: now,
        decided_by: null,
      });
    }
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await database?.drop();
  });

  async function signedIn(email: string): Promise<Page> {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await page.goto(`${url}/account/login`);
    await page.fill('#field-email', email);
    await page.fill('#field-password', PASSWORD);
    await page.click('form button[type="submit"]:has-text("Sign in")');
    await page.waitForSelector('h1:has-text("Your account")');
    return page;
  }

  const fieldOf = (questionId: string, part: Parameters<typeof answerField>[1]) =>
    `#field-${answerField(questionId, part).replace(/[^\w-]/g, '-')}`;

  it('takes an assessment from the first answer to the editor’s acceptance', async () => {
    const ana = await signedIn('ana@example.org');
    await ana.goto(`${url}/cities/${cityId}/self-assessment`);
    await ana.focus('#field-year');
    await ana.keyboard.press('Tab');
    await ana.keyboard.press('Enter');
    await ana.waitForSelector(`h1:has-text("Self-assessment ${year}: Lisboa")`);

    // One area with the keyboard alone: a radio chosen with the space bar, figures typed.
    await ana.goto(`${url}${editPath()}/areas/${firstArea.id}`);
    for (const question of firstArea.questions) {
      if (question.kind !== 'fact') {
        await ana.focus(fieldOf(question.id, 'choice'));
        await ana.keyboard.press('Space');
      }
      if (question.kind !== 'policy') {
        await ana.focus(fieldOf(question.id, 'value'));
        await ana.keyboard.type('12.5');
        await ana.keyboard.press('Tab');
        await ana.keyboard.type(String(year - 1));
        await ana.keyboard.press('Tab');
        await ana.keyboard.type('Instituto Nacional de Estatística');
      }
    }
    await ana.focus('main form button[type="submit"]');
    await ana.keyboard.press('Enter');
    await ana.waitForSelector('text=Draft saved.');
    await expect(ana.locator('[aria-current="page"] + .field__hint').textContent()).resolves.toBe(
      `answered ${firstArea.questions.length} of ${firstArea.questions.length}`,
    );

    // The rest is filled in directly, to keep the test short.
    const row = await findAssessmentOfCityYear(database.db, cityId, year);
    const now = new Date().toISOString();
    for (const area of framework.areas.slice(1))
      await replaceAnswers(
        database.db,
        row?.id as number,
        area.questions.map((q) => q.id),
        area.questions
          .filter((q) => q.kind !== 'fact')
          .map((q) => ({
            assessment_id: row?.id as number,
            question_id: q.id,
            choice: q.kind === 'policy' ? 'partly' : 'improved',
            value: null,
            value_year: null,
            source: null,
            evidence_url: null,
            note: null,
            updated_at: now,
          })),
      );

    await ana.goto(`${url}${editPath()}/review`);
    await ana.waitForSelector('text=Every policy and outcome question is answered');
    await ana.check('#field-share');
    await ana.click('main form button:has-text("Submit to the editors")');
    await ana.waitForSelector('text=The assessment has been sent to the editors.');

    const edith = await signedIn('edith@example.org');
    await edith.goto(`${url}/editor`);
    await edith.click('#assessments-link');
    await edith.click('#assessment-queue a:has-text("Lisboa")');
    await edith.click('button:has-text("Accept the assessment")');
    await edith.waitForSelector('text=The assessment has been accepted.');
    const accepted = await findAssessmentOfCityYear(database.db, cityId, year);
    expect(accepted?.state).toBe('accepted');
    expect(accepted?.published_at).not.toBeNull();

    // Anyone can now read the result: a score per area, the median of the five other cities,
    // and practices that address the weakest areas.
    const reader = await (await browser.newContext()).newPage();
    const response = await reader.goto(`${url}/cities/${cityId}/assessment/${year}`);
    expect(response?.status()).toBe(200);
    await reader.waitForSelector('#assessment-chart');
    const rows = await reader.$$eval('.assessment-table tbody tr', (trs) =>
      trs.map((tr) => Array.from(tr.children, (cell) => (cell.textContent ?? '').trim())),
    );
    expect(rows).toHaveLength(framework.areas.length);
    for (const row of rows) {
      expect(row[1]).toMatch(/^\d{1,3}$/);
      expect(row.at(-1)).toMatch(/^60 \(/);
    }
    const practices = await reader.$$eval('.assessment-next__title', (links) =>
      links.map((link) => link.getAttribute('href')),
    );
    expect(practices.length).toBeGreaterThan(0);
    expect(practices.every((href) => href?.startsWith('/practices/'))).toBe(true);
  });

  for (const prefix of ['', '/ar']) {
    it(`finds no WCAG 2.2 AA violation on the method page${prefix ? ' in Arabic' : ''}`, async () => {
      const page = await (await browser.newContext({ bypassCSP: true })).newPage();
      await page.goto(`${url}${prefix}/self-assessment/method`);
      if (prefix) expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await violationsOf(page)).toEqual([]);
    });

    it(`finds no WCAG 2.2 AA violation on the fill-in page${prefix ? ' in Arabic' : ''}`, async () => {
      const page = await signedIn('ana@example.org');
      const answer = await page.goto(`${url}${prefix}${editPath()}/areas/${firstArea.id}`);
      expect(answer?.status()).toBe(200);
      if (prefix) expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      expect(await violationsOf(page)).toEqual([]);
    });
  }
});
