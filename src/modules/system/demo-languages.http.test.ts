import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { demoRecords } from './demo-content.ts';

interface Summary {
  slug: string;
  title: string;
  summary: string;
  display_language: string;
}

const DEMO_COUNT = demoRecords().length;

// A reader of any of the six languages finds every demo practice readable in it, over the API
// and on the page, not only in the language it was first written in.
describe.each(dialects)('the demo practices in six languages on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  /** Every demo practice, page by page (the API gives at most 100 at a time). */
  async function listIn(language: string): Promise<Summary[]> {
    const all: Summary[] = [];
    for (let page = 1; ; page++) {
      const response = await app.inject(
        `/api/v1/practices?per_page=100&page=${page}&lang=${language}`,
      );
      expect(response.statusCode).toBe(200);
      const results = (response.json() as { results: Summary[] }).results;
      all.push(...results);
      if (results.length < 100) return all;
    }
  }

  it.each(LOCALES)('gives every title and summary in %s over the API', async (language) => {
    const items = await listIn(language);
    expect(items).toHaveLength(DEMO_COUNT);
    const elsewhere = items.filter((p) => p.display_language !== language).map((p) => p.slug);
    expect(elsewhere).toEqual([]);
    for (const item of items) {
      expect(item.title.trim()).not.toBe('');
      expect(item.summary.trim()).not.toBe('');
    }
  });

  // Every page once, on SQLite: what a page shows of a practice is read through the same API
  // model checked above on both databases, and rendering a thousand pages twice adds nothing.
  const pagesOnThisDatabase = dialect === 'sqlite' ? LOCALES : [];
  it.each(pagesOnThisDatabase)('shows every practice page in %s', async (language) => {
    const items = await listIn(language);
    const shownElsewhere: string[] = [];
    for (const item of items) {
      const page = await app.inject(`/practices/${item.slug}?lang=${language}`);
      expect(page.statusCode).toBe(200);
      if (!page.body.includes(`<article class="practice" lang="${language}"`))
        shownElsewhere.push(item.slug);
    }
    expect(shownElsewhere).toEqual([]);
  });

  it('tells the reader when the translation shown was written, over the API and on the page', async () => {
    const details = await Promise.all(
      (await listIn('en')).map(
        async (p) =>
          (await app.inject(`/api/v1/practices/${p.slug}?lang=en`)).json() as {
            slug: string;
            language: string;
            translated_at: string | null;
          },
      ),
    );
    const translated = details.filter((d) => d.language !== 'en');
    expect(translated.length).toBeGreaterThan(0);
    for (const detail of translated) expect(Date.parse(detail.translated_at ?? '')).not.toBeNaN();
    expect(details.find((d) => d.language === 'en')?.translated_at).toBeNull();
    const page = await app.inject(`/practices/${translated[0]?.slug}?lang=en`);
    expect(page.body).toMatch(/Translated into English on [^;<]+; original in /);
  });

  it('lists each agency the demo practices name once in the directory, whatever name they use', async () => {
    const names: string[] = [];
    for (let page = 1; ; page++) {
      const body = (await app.inject(`/api/v1/organisations?per_page=100&page=${page}`)).json() as {
        results: { name: string }[];
      };
      names.push(...body.results.map((o) => o.name));
      if (body.results.length < 100) break;
    }
    const named = (pattern: RegExp) => names.filter((n) => pattern.test(n));
    expect(
      named(
        /\b(IOM|OIM)\b|International Organi[sz]ation for Migration|Internacional para las Migraciones|internationale pour les migrations/,
      ),
    ).toEqual(['International Organization for Migration']);
    expect(named(/UNHCR|High Commissioner for Refugees/)).toHaveLength(1);
    expect(named(/Mayors Migration Council/)).toHaveLength(1);
  });
});
