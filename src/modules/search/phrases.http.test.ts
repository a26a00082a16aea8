import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DialectName, dialects, type TestDatabase } from '../../../test/helpers/databases.ts';
import { appWithPractices, searchApi } from '../../../test/helpers/search-collection.ts';

/**
 * Phrases of the dictionary in queries, over HTTP: neighbouring words that the dictionary has as
 * one headword are translated as one ("stock exchange" is a "bourse", which neither "stock" nor
 * "exchange" is on its own), and a practice matching the phrase's translation answers the words.
 */
interface Body {
  total: number;
  translations: { word: string; translations: { word: string; language: string }[] }[];
  results: { title: string }[];
}

const BOURSE = 'Bourse aux emplois pour les nouveaux arrivants';

const PRACTICES = [
  {
    title: BOURSE,
    summary: 'Une bourse réunit chaque mois les employeurs de la ville et les personnes réfugiées.',
    language: 'fr',
  },
  {
    title: 'Jobs fair for newcomers',
    summary: 'Employers of the city meet refugees every month in the town hall.',
    language: 'en',
  },
];

describe.each(dialects)('dictionary phrases in queries over HTTP on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, app } = await appWithPractices(dialect, PRACTICES, {
      country: 'FR',
      themes: ['employment'],
      target_groups: ['refugees'],
    }));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const api = searchApi<Body>(() => app);

  it('translates neighbouring words as one phrase and finds the practice through it', async () => {
    const body = await api('stock exchange');
    const phrase = body.translations.find((t) => t.word === 'stock exchange');
    expect(phrase?.translations).toContainEqual({ word: 'bourse', language: 'fr' });
    expect(body.results.map((r) => r.title)).toContain(BOURSE);
  });

  it('keeps each word’s own translations beside the phrase', async () => {
    const body = await api('stock exchange');
    expect(body.translations.map((t) => t.word)).toEqual(
      expect.arrayContaining(['stock', 'exchange']),
    );
  });
});
