import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { announceContentChanged, markContentChanged } from '../../core/content-version.ts';
import { flushSearchLog } from './search-log.service.ts';

interface SearchBody {
  total: number;
  results: {
    title: string;
    snippet: string;
    score: number;
    score_parts?: Record<string, number>;
  }[];
  facets: Record<string, { id: string; label: string; count: number; selected: boolean }[]>;
  concepts: { kind: string; id: string; label: string }[];
  did_you_mean: string | null;
}

describe.each(dialects)('search API and page on %s', (dialect: DialectName) => {
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

  const api = async (query: string) => {
    const response = await app.inject(`/api/v1/search?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as SearchBody;
  };

  it('answers with results, facets with counts and the recognised concepts', async () => {
    const body = await api(
      `q=${encodeURIComponent('vivienda para refugiados')}&lang=es&per_page=5`,
    );
    expect(body.total).toBeGreaterThan(0);
    expect(body.results.length).toBeLessThanOrEqual(5);
    expect(body.concepts.map((c) => c.id).sort()).toEqual(['housing', 'refugees']);
    expect(body.concepts.find((c) => c.id === 'housing')?.label).toBe('Vivienda');
    for (const facet of [
      'policy_area',
      'theme',
      'type',
      'target_group',
      'actor_type',
      'region',
      'country',
      'evidence',
      'status',
      'decade',
    ]) {
      expect(Array.isArray(body.facets[facet]), facet).toBe(true);
    }
    expect(body.results.some((r) => r.snippet.includes('<mark>'))).toBe(true);
  });

  it('returns score parts with debug=1', async () => {
    const body = await api('q=housing&debug=1');
    expect(Object.keys(body.results[0]?.score_parts ?? {}).sort()).toEqual([
      'concepts',
      'coverage',
      'evidence',
      'proximity',
      'recency',
      'text',
      'total',
      'translations',
    ]);
    expect((await api('q=housing')).results[0]?.score_parts).toBeUndefined();
  });

  it('tags an answer from the answers kept, so a repeat gets 304 and a change of content a new tag', async () => {
    const url = '/api/v1/search?q=housing&per_page=3';
    const first = await app.inject(url);
    const etag = first.headers.etag as string;
    // Weak: a repeat differs in took_ms alone.
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    const again = await app.inject({ url, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await app.inject('/api/v1/search?q=housing&per_page=4')).headers.etag).not.toBe(etag);
    // Answers with debug are not kept: their tag is the hash of the body, as elsewhere.
    expect((await app.inject(`${url}&debug=1`)).headers.etag).toMatch(/^"[\w-]{27}"$/);
    await markContentChanged(database.db);
    announceContentChanged();
    const changed = await app.inject({ url, headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(changed.json()).toEqual({ ...first.json(), took_ms: expect.any(Number) });
  });

  it.each([
    ['theme=flying', 'theme', 'unknown value "flying"'],
    ['sort=random', 'sort', 'must be one of relevance, newest'],
    ['page=0', 'page', 'must be >= 1'],
    ['per_page=1000', 'per_page', 'must be <= 100'],
    ['colour=blue', 'colour', 'is not a known parameter'],
    ['lang=de', 'lang', 'must be one of en, ar, es, fr, ru, zh'],
  ])('answers %s with a 400 problem naming the parameter', async (query, field, message) => {
    const response = await app.inject(`/api/v1/search?${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const problem = response.json() as { errors: { field: string; message: string }[] };
    expect(problem.errors[0]).toMatchObject({ field });
    expect(problem.errors[0]?.message).toContain(message);
  });

  it('answers any query string with a 200 and no engine error', async () => {
    for (const q of [
      '',
      ' ',
      'x'.repeat(10_000),
      '!!!???',
      '"',
      "' OR 1=1 --",
      'NEAR(a b) AND NOT',
      '\u0007\u0000bell',
      'مرحبا мир 你好 hello',
      '*',
      '-',
    ]) {
      const response = await app.inject({ url: '/api/v1/search', query: { q } });
      expect(response.statusCode, JSON.stringify(q).slice(0, 40)).toBe(200);
      expect(response.body).not.toMatch(/sqlite|syntax error|tsquery/i);
    }
  });

  it('serves the search page without JavaScript: a GET form, chips, facets, highlighted results', async () => {
    const response = await app.inject(
      `/search?q=${encodeURIComponent('vivienda para refugiados')}&theme=housing`,
    );
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<form method="get" action="/search"');
    expect(html).toContain('name="q" value="vivienda para refugiados"');
    expect(html).toContain('Searching also for:');
    expect(html).toMatch(/<input type="checkbox" name="theme" value="housing" checked/);
    expect(html).toContain('<mark>');
    expect(html).toContain('role="status"');
    // Removing a chip searches the words literally.
    expect(html).toContain(
      `href="/search?q=${encodeURIComponent('"vivienda" para refugiados').replace(/%20/g, '+')}`,
    );
  });

  it('shows "did you mean" on the page, in the reader\'s language', async () => {
    const response = await app.inject('/fr/search?q=housng&exact=1');
    expect(response.body).toContain(
      'Vouliez-vous dire <a href="/fr/search?q=housing"><strong>housing</strong></a>',
    );
    const corrected = await app.inject('/fr/search?q=housng');
    expect(corrected.body.match(/<p class="notice did-you-mean">.*?<\/p>/)?.[0]).toBe(
      '<p class="notice did-you-mean">Résultats pour <strong>housing</strong> — rechercher plutôt <a href="/fr/search?q=housng&exact=1"><span>housng</span></a></p>',
    );
  });

  it('lists practices at /practices with the same page and filters', async () => {
    const response = await app.inject('/practices?theme=housing&region=150');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<form method="get" action="/practices"');
    expect(response.body).toContain('class="results__list"');
    expect((await app.inject('/practices?theme=%3Cscript%3E')).statusCode).toBe(400);
  });

  it('caches result pages and still logs each search answered from the cache', async () => {
    const first = await app.inject('/search?q=cachedsearchword&theme=housing');
    const second = await app.inject('/search?q=cachedsearchword&theme=housing');
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.body).toBe(first.body);
    await flushSearchLog(database.db);
    const rows = await database.db
      .selectFrom('search_log')
      .select(['query', 'filters', 'result_count'])
      .where('query', '=', 'cachedsearchword')
      .execute();
    expect(rows).toEqual([
      {
        query: 'cachedsearchword',
        filters: '{"theme":["housing"]}',
        result_count: Number(first.headers['x-search-total']),
      },
      {
        query: 'cachedsearchword',
        filters: '{"theme":["housing"]}',
        result_count: Number(first.headers['x-search-total']),
      },
    ]);
  });

  it('logs page searches but not previews typed into the box', async () => {
    await app.inject({ url: '/search?q=previewonlyword', headers: { 'x-search-preview': '1' } });
    await app.inject('/search?q=settledword');
    await flushSearchLog(database.db);
    const rows = await database.db
      .selectFrom('search_log')
      .select('query')
      .where('query', 'in', ['previewonlyword', 'settledword'])
      .execute();
    expect(rows.map((r) => r.query)).toEqual(['settledword']);
  });
});
