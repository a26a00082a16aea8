import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { demoRecords } from '../system/demo-content.ts';
import { FACETS } from './facet-store.ts';
import { type SearchFilters, type SearchInput, search } from './practice-search.service.ts';
import { reindexAll } from './search-indexer.service.ts';
import { searchReport } from './search-log.service.ts';
import { snippetText } from './snippet.ts';

const EDGE = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/practices-edge.json', import.meta.url), 'utf8'),
) as unknown[];
const DEMO_AND_EDGE = demoRecords().length + EDGE.length;
const NONE = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchFilters;

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

describe.each(dialects)('search on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  const find = (q: string, extra: Partial<SearchInput> = {}) =>
    search(database.db, {
      q,
      filters: NONE,
      page: 1,
      perPage: 20,
      sort: 'relevance',
      locale: 'en',
      log: false,
      ...extra,
    });

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    await importPractices(database.db, values(EDGE));
  });
  afterAll(() => database.drop());

  it('finds English practices from a Spanish query through the concepts it names', async () => {
    const result = await find('vivienda para refugiados');
    expect(result.concepts.map((c) => c.id).sort()).toEqual(['housing', 'refugees']);
    expect(result.concepts.find((c) => c.id === 'housing')?.matched).toBe('vivienda');
    expect(result.total).toBeGreaterThan(3);
    // The best results are tagged with both concepts.
    for (const hit of result.hits.slice(0, 3))
      expect(hit.card.themes.map((t) => t.id)).toContain('housing');
    expect(result.hits.some((h) => h.card.language === 'en')).toBe(true);
  });

  it('finds the same practices from the same question in Chinese, Arabic and Russian', async () => {
    const all = { perPage: 100 };
    const spanish = new Set(
      (await find('vivienda para refugiados', all)).hits.map((h) => h.card.id),
    );
    for (const q of ['难民住房', 'السكن للاجئين', 'жильё для беженцев']) {
      const result = await find(q, all);
      expect(result.concepts.map((c) => c.id).sort(), q).toEqual(['housing', 'refugees']);
      expect(new Set(result.hits.map((h) => h.card.id)), q).toEqual(spanish);
    }
  });

  it('ignores accents and case, and finds inflected forms', async () => {
    const accented = await find('Integración', { perPage: 100 });
    const plain = await find('INTEGRACION', { perPage: 100 });
    expect(plain.total).toBeGreaterThan(0);
    // Every practice written with "integración" is found without the accent (the accented query
    // also finds "integration" in other languages, through the shared stem).
    const accentedIds = new Set(accented.hits.map((h) => h.card.id));
    for (const hit of plain.hits) expect(accentedIds.has(hit.card.id)).toBe(true);
    expect((await find('programmes')).total).toBeGreaterThan(0);
  });

  it('finds a Chinese word inside a sentence, and Arabic and Cyrillic words', async () => {
    const chinese = await find('融合服务');
    expect(chinese.hits.map((h) => h.card.title)).toContain('社区融合服务站');
    // Read in Chinese, the best match shows the words where they stand.
    expect(
      snippetText((await find('法律咨询', { locale: 'zh' })).hits[0]?.snippet ?? []),
    ).toContain('法律咨询');
    expect((await find('адаптации')).total).toBeGreaterThan(0);
    expect((await find('الشباك')).total).toBeGreaterThan(0);
  });

  it('supports phrases, exclusions and prefixes', async () => {
    const anyOrder = await find('rumour anti');
    const phrase = await find('"anti rumour"');
    expect(phrase.total).toBeGreaterThan(0);
    expect(phrase.total).toBeLessThanOrEqual(anyOrder.total);
    const barcelona = phrase.hits.find((h) => h.card.cityName === 'Barcelona');
    expect(barcelona).toBeDefined();
    const without = await find('"anti rumour" -Barcelona');
    expect(without.hits.some((h) => h.card.cityName === 'Barcelona')).toBe(false);
    const prefix = await find('rumo*');
    expect(prefix.total).toBeGreaterThanOrEqual(phrase.total);
  });

  it('suggests a correction when a misspelt query finds little, and shows its results', async () => {
    const typed = await find('housng', { exact: true });
    expect(typed.total).toBe(0);
    expect(typed.didYouMean).toBe('housing');
    expect((await find('refugess', { exact: true }))?.didYouMean).toBe('refugees');
    const corrected = await find('housng');
    expect(corrected.q).toBe('housing');
    expect(corrected.correctedFrom).toBe('housng');
    expect(corrected.total).toBeGreaterThan(0);
  });

  it('lists each sub-region right after its own region', async () => {
    const all = await find('', { filters: { ...NONE } });
    const parents = new Map(
      (await database.db.selectFrom('regions').select(['code', 'parent_code']).execute()).map(
        (r) => [r.code, r.parent_code],
      ),
    );
    let region: string | undefined;
    const misplaced: string[] = [];
    for (const value of all.facets.region) {
      if (value.level === 1) region = value.id;
      else if (parents.get(value.id) !== region) misplaced.push(`${value.label} under ${region}`);
    }
    expect(all.facets.region.some((v) => v.level === 2)).toBe(true);
    expect(misplaced).toEqual([]);
  });

  it('counts each facet with the other filters applied, and filters with AND across facets', async () => {
    const all = await find('', { filters: { ...NONE } });
    const housing = await find('', { filters: { ...NONE, theme: ['housing'] } });
    const housingInEurope = await find('', {
      filters: { ...NONE, theme: ['housing'], region: ['150'] },
    });
    expect(all.total).toBe(DEMO_AND_EDGE);
    expect(housing.total).toBe(all.facets.theme.find((v) => v.id === 'housing')?.count);
    // Theme counts do not apply the theme filter itself (disjunctive), so they match the unfiltered list.
    expect(housing.facets.theme).toEqual(
      all.facets.theme.map((v) => ({ ...v, selected: v.id === 'housing' })),
    );
    expect(housingInEurope.total).toBe(housing.facets.region.find((v) => v.id === '150')?.count);
    for (const hit of housingInEurope.hits)
      expect(hit.card.themes.map((t) => t.id)).toContain('housing');
    const either = await find('', { filters: { ...NONE, theme: ['housing', 'health'] } });
    expect(either.total).toBeGreaterThanOrEqual(housing.total);
  });

  it('recognises a country and ranks its practices first', async () => {
    const result = await find('Colombia');
    expect(result.concepts).toEqual([
      { kind: 'country', id: 'CO', label: 'Colombia', matched: 'Colombia' },
    ]);
    expect(result.hits[0]?.card.countryCode).toBe('CO');
  });

  it('returns the parts of each score when debugging, evidence and recency as small tie-breakers', async () => {
    const result = await find('housing refugees', { debug: true });
    const parts = result.hits[0]?.scoreParts;
    expect(parts).toBeDefined();
    expect(parts?.evidence).toBeLessThanOrEqual(0.15);
    expect(parts?.recency).toBeLessThanOrEqual(0.05);
    expect(parts?.total).toBeCloseTo(
      (parts?.text ?? 0) + (parts?.concepts ?? 0) + (parts?.evidence ?? 0) + (parts?.recency ?? 0),
    );
  });

  it('sorts by newest and pages through all results once', async () => {
    const seen = new Set<number>();
    for (let page = 1; page <= Math.ceil(DEMO_AND_EDGE / 20); page++) {
      const result = await find('', { sort: 'newest', perPage: 20, page });
      for (const hit of result.hits) seen.add(hit.card.id);
    }
    expect(seen.size).toBe(DEMO_AND_EDGE);
  });

  it('keeps the index in step with writes, translations included', async () => {
    expect((await find('zanzibarite')).total).toBe(0);
    await importPractices(
      database.db,
      values([
        {
          external_id: 'index-step',
          title: 'Zanzibarite welcome circles',
          language: 'en',
          summary: 'Neighbours meet newcomers.',
          country: 'TZ',
          themes: ['social-cohesion'],
          translations: { fr: { title: 'Cercles de bienvenue quokkamarin' } },
        },
      ]),
    );
    expect((await find('zanzibarite')).total).toBe(1);
    expect((await find('quokkamarin')).total).toBe(1);
    await importPractices(
      database.db,
      values([
        {
          external_id: 'index-step',
          title: 'Renamed circles',
          language: 'en',
          summary: 'Neighbours meet newcomers.',
          country: 'TZ',
          themes: ['social-cohesion'],
        },
      ]),
    );
    expect((await find('zanzibarite')).total).toBe(0);
    expect((await find('quokkamarin')).total).toBe(0);
  });

  it('answers a repeated search from memory until content changes, never with debug', async () => {
    const first = await find('welcome  newcomers ', { filters: { ...NONE, theme: ['housing'] } });
    // The same search, spaced and ordered differently: the same answer, not a new one.
    const again = await find(' welcome newcomers', { filters: { ...NONE, theme: ['housing'] } });
    expect(again.hits).toBe(first.hits);
    expect(again.q).toBe('welcome newcomers');
    expect((await find('welcome newcomers', { page: 2 })).hits).not.toBe(first.hits);
    expect((await find('welcome newcomers', { debug: true })).hits).not.toBe(
      (await find('welcome newcomers', { debug: true })).hits,
    );
    await importPractices(
      database.db,
      values([
        {
          external_id: 'cache-drop',
          title: 'Welcome newcomers to housing cooperatives',
          language: 'en',
          summary: 'Newcomers join housing cooperatives with a welcome.',
          country: 'AT',
          themes: ['housing'],
        },
      ]),
    );
    const after = await find('welcome newcomers', { filters: { ...NONE, theme: ['housing'] } });
    expect(after.hits).not.toBe(first.hits);
    expect(after.total).toBe(first.total + 1);
    expect(after.hits.map((h) => h.card.title)).toContain(
      'Welcome newcomers to housing cooperatives',
    );
  });

  it('rebuilds the whole index to the same results', async () => {
    // Every page of results: near-ties may swap across a page boundary, as a fresh index has
    // slightly different statistics, but the practices found are the same.
    const everyHit = async (q: string) => {
      const ids: number[] = [];
      for (let page = 1; ; page++) {
        const result = await find(q, { page, perPage: 100 });
        ids.push(...result.hits.map((h) => h.card.id));
        if (ids.length >= result.total || result.hits.length === 0)
          return { total: result.total, ids: ids.sort((a, b) => a - b) };
      }
    };
    const before = await everyHit('refugees housing');
    await reindexAll(database.db, 0);
    const after = await everyHit('refugees housing');
    expect(after.total).toBe(before.total);
    expect(after.ids).toEqual(before.ids);
  });

  it('refuses unknown filter values, naming the filter', async () => {
    await expect(find('', { filters: { ...NONE, decade: ['1234'] } })).rejects.toThrow(
      'decade: unknown value "1234"',
    );
    await expect(find('', { filters: { ...NONE, theme: ['flying'] } })).rejects.toThrow(
      'theme: unknown value "flying"',
    );
  });

  it('answers any string without an error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.constantFrom(
            '"',
            '-',
            '*',
            'NEAR(a b)',
            "'; drop table practices; --",
            'a:*',
            '\\',
            '\u0000',
          ),
        ),
        async (q) => {
          const result = await find(q);
          expect(result.total).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
    const long = await find('migrants '.repeat(1200));
    expect(long.total).toBeGreaterThan(0);
  });

  it('logs queries without personal data and reports the top and the empty ones', async () => {
    for (const q of ['housing', 'housing', 'qqqxxyyzz']) await find(q, { log: true });
    const report = await searchReport(database.db, '2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');
    expect(report.top[0]).toMatchObject({ query: 'housing', searches: 2, zeroResults: 0 });
    expect(report.zero).toEqual([{ query: 'qqqxxyyzz', searches: 1 }]);
    const row = await database.db
      .selectFrom('search_log')
      .selectAll()
      .where('query', '=', 'qqqxxyyzz')
      .executeTakeFirstOrThrow();
    expect(Object.keys(row).sort()).toEqual([
      'created_at',
      'filters',
      'id',
      'locale',
      'query',
      'result_count',
      'took_ms',
    ]);
  });
});
