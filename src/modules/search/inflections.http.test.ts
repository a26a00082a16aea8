import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DialectName, dialects, type TestDatabase } from '../../../test/helpers/databases.ts';
import { appWithPractices, searchApi } from '../../../test/helpers/search-collection.ts';

/**
 * Inflected query words over HTTP: a plural or a feminine form that the dictionary has only as
 * its base form ("boulangers" is "boulanger", "abejas" is "abeja") is found through the stem of
 * that headword, translated as it, and reaches a practice written in English.
 */
interface Body {
  total: number;
  translations: { word: string; translations: { word: string; language: string }[] }[];
  results: { title: string }[];
  did_you_mean: string | null;
  corrected_from: string | null;
}

const BAKERS = 'Apprentice bakers from Syria';
const BEES = 'Bees on the roof';
const TAILORS = 'A tailor’s workshop';

const PRACTICES = [
  {
    title: BAKERS,
    summary: 'A baker of the old town trains two newcomers a year in his shop.',
    language: 'en',
  },
  {
    title: BEES,
    summary: 'Newcomers keep a beehive on the roof of the library and sell the honey.',
    language: 'en',
  },
  {
    title: TAILORS,
    summary: 'A tailor teaches newcomers to mend and sew clothes for the neighbourhood.',
    language: 'en',
  },
  {
    title: 'Language cafe',
    summary: 'Newcomers and neighbours meet every week to talk.',
    language: 'en',
  },
];

describe.each(dialects)('inflected query words over HTTP on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, app } = await appWithPractices(dialect, PRACTICES, {
      country: 'DE',
      themes: ['employment'],
      target_groups: ['refugees'],
    }));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const api = searchApi<Body>(() => app);
  const translationsOf = (body: Body, word: string) =>
    body.translations.find((t) => t.word === word)?.translations ?? [];

  it('finds an English practice through the translation of a French plural’s base form', async () => {
    const body = await api('boulangers');
    expect(translationsOf(body, 'boulangers')).toContainEqual({ word: 'baker', language: 'en' });
    expect(body.results.map((r) => r.title)).toEqual([BAKERS]);
  });

  it('does the same for a Spanish plural', async () => {
    const body = await api('abejas');
    expect(translationsOf(body, 'abejas')).toContainEqual({ word: 'bee', language: 'en' });
    expect(body.results.map((r) => r.title)).toEqual([BEES]);
  });

  it('finds it through a feminine plural whose accented stem differs from the folded one', async () => {
    // "couturières" stems to "couturi" as typed, its headword "couturière" to "couturier".
    const body = await api('couturières');
    expect(translationsOf(body, 'couturières')).toContainEqual({ word: 'tailor', language: 'en' });
    expect(body.results.map((r) => r.title)).toEqual([TAILORS]);
  });

  it('translates a plural whose stem is also an English headword into English', async () => {
    // "ruches" is the plural of the French "ruche" (a hive), and by stem an English "ruche" (a
    // frill) too: the English match is a collision, and the French word still reaches English.
    const body = await api('ruches');
    expect(translationsOf(body, 'ruches')).toContainEqual({ word: 'beehive', language: 'en' });
    expect(body.results.map((r) => r.title)).toEqual([BEES]);
  });

  it('neither corrects such a word nor offers another', async () => {
    const body = await api('boulangers');
    expect(body.did_you_mean).toBeNull();
    expect(body.corrected_from).toBeNull();
  });
});
