import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DialectName, dialects, type TestDatabase } from '../../../test/helpers/databases.ts';
import { appWithPractices, searchApi } from '../../../test/helpers/search-collection.ts';

/** Misspelt queries, over HTTP, on a collection built here. */
interface Body {
  q: string;
  total: number;
  results: { title: string }[];
  did_you_mean: string | null;
  corrected_from: string | null;
}

const PRACTICES = [
  {
    title: 'Housing for refugees in empty flats',
    summary: 'The city rents empty flats and sublets them to refugees, with housing advice.',
    themes: ['housing'],
    target_groups: ['refugees'],
  },
  {
    title: 'Shared housing for young refugees',
    summary: 'Young refugees and students share housing in the city centre.',
    themes: ['housing'],
    target_groups: ['refugees'],
  },
  {
    title: 'Rent guarantee for refugee tenants',
    summary: 'The council guarantees the rent of refugees moving into private housing.',
    themes: ['housing'],
    target_groups: ['refugees'],
  },
  {
    title: 'An anti-rumour strategy',
    summary:
      'Trained anti-rumour agents answer prejudice about migrants with facts, in bars and markets.',
    themes: ['anti-discrimination'],
    target_groups: ['migrants'],
  },
];

describe.each(dialects)('spelling corrections over HTTP on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, app } = await appWithPractices(dialect, PRACTICES, {
      language: 'en',
      country: 'ES',
    }));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const api = searchApi<Body>(() => app);

  it('shows the results of the correction when the query as typed finds nothing', async () => {
    const body = await api('housng for refugess');
    expect(body.corrected_from).toBe('housng for refugess');
    expect(body.q).toBe('housing for refugees');
    expect(body.total).toBeGreaterThanOrEqual(3);
    expect(body.did_you_mean).toBeNull();
  });

  it('searches the words as typed with exact=1, and still suggests the correction', async () => {
    const body = await api('housng for refugess', '&exact=1');
    expect(body.corrected_from).toBeNull();
    expect(body.total).toBe(0);
    expect(body.did_you_mean).toBe('housing for refugees');
  });

  it('says so on the page, with a link to search instead for the words as typed', async () => {
    const response = await app.inject(`/search?q=${encodeURIComponent('housng for refugess')}`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Showing results for <strong>housing for refugees</strong>');
    expect(response.body).toMatch(/search instead for <a href="[^"]*exact=1[^"]*">/);
    const spanish = await app.inject(`/es/search?q=${encodeURIComponent('housng for refugess')}`);
    expect(spanish.body).toContain('Mostrando resultados de');
  });

  it('reads two known words run together as the hyphenated word of the index', async () => {
    const body = await api('antirumour');
    expect(body.corrected_from ?? body.did_you_mean).not.toBeNull();
    expect(body.q === 'anti-rumour' || body.did_you_mean === 'anti-rumour').toBe(true);
    expect(body.results[0]?.title).toBe('An anti-rumour strategy');
  });

  it('never corrects a place name, nor a word the index or a concept knows', async () => {
    for (const q of ['Berlin', 'Gaziantep', 'refugees', 'flats']) {
      const body = await api(q);
      expect(body.did_you_mean, q).toBeNull();
      expect(body.corrected_from, q).toBeNull();
    }
  });

  it('never corrects a word of the bilingual dictionary in any of the six languages', async () => {
    // Each one letter off a word of these practices ("housing", "city", "flats", "rent"), and a
    // word of English or French all the same.
    for (const q of ['hosing', 'cite', 'flan', 'rente']) {
      const body = await api(q, '&exact=1');
      expect(body.did_you_mean, q).toBeNull();
      const corrected = await api(q);
      expect(corrected.corrected_from, q).toBeNull();
    }
  });

  it('never corrects a word the dictionary has only through its stem', async () => {
    // "faits", one letter off "facts" of these practices and finding nothing here, is no
    // headword: the plural of the French "fait", found by its stem. Quoted, it is taken as typed
    // and not translated, and is still no typo.
    for (const q of ['faits', '"faits"']) {
      const body = await api(q, '&exact=1');
      expect(body.did_you_mean, q).toBeNull();
      expect((await api(q)).corrected_from, q).toBeNull();
    }
  });
});
