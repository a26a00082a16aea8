import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DialectName, dialects, type TestDatabase } from '../../../test/helpers/databases.ts';
import { appWithPractices, searchApi } from '../../../test/helpers/search-collection.ts';

/**
 * Words that carry a question's meaning cross the language gap even when they are not taxonomy
 * concepts: a question in French about rumours finds an English anti-rumour strategy among
 * practices that share its broad tags.
 */
const PRACTICES = [
  {
    title: 'Anti-rumour strategy',
    summary:
      'The city trains volunteers as anti-rumour agents who answer prejudiced rumours about immigrants in everyday conversations, with facts and a campaign.',
    themes: ['social-cohesion', 'anti-discrimination'],
  },
  {
    title: 'Professional mentoring for skilled immigrants',
    summary:
      'Experienced professionals mentor skilled immigrants with foreign qualifications one to one for six months, until they find work that matches their training.',
    themes: ['employment'],
  },
  {
    title: 'Bicycle lessons for refugee women',
    summary:
      'Volunteers teach refugee women to ride a bicycle in the park, and donated bicycles are repaired for them to keep.',
    themes: ['social-cohesion'],
  },
  ...[1, 2, 3, 4, 5, 6].map((n) => ({
    title: `Neighbourhood dialogue ${n}`,
    summary:
      'Residents, migrants and the city council meet in a community centre to discuss prejudice, discrimination and life in the neighbourhood.',
    themes: ['social-cohesion', 'anti-discrimination'],
  })),
  ...[1, 2, 3, 4, 5, 6].map((n) => ({
    title: `Job centre for immigrants ${n}`,
    summary:
      'A municipal programme to help skilled immigrants and professionals find jobs: job fairs, advice and placements with local employers.',
    themes: ['employment'],
  })),
];

describe.each(dialects)('terms across languages on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, app } = await appWithPractices(dialect, PRACTICES, {
      language: 'en',
      country: 'ES',
      target_groups: ['migrants'],
      actor_type: ['municipality'],
    }));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const api = searchApi<{ results: { title: string }[] }>(() => app);
  const first = async (q: string) => (await api(q)).results[0]?.title;

  it.each([
    'lutter contre les préjugés et les rumeurs envers les migrants',
    'estrategia contra los rumores sobre los inmigrantes',
    'борьба со слухами о мигрантах',
    'مكافحة الشائعات عن المهاجرين',
    '反对关于移民的谣言',
  ])('finds the English anti-rumour strategy first for "%s"', async (q) => {
    expect(await first(q)).toBe('Anti-rumour strategy');
  });

  it.each([
    'programa de mentoría para profesionales inmigrantes calificados',
    'mentorat pour les immigrés qualifiés',
    'наставничество для квалифицированных иммигрантов',
  ])('finds the English mentoring programme first for "%s"', async (q) => {
    expect(await first(q)).toBe('Professional mentoring for skilled immigrants');
  });

  it('does not offer a term of the lexicon as a concept to filter on', async () => {
    const body = (await app.inject('/api/v1/search?q=rumeurs')).json() as {
      concepts: { kind: string }[];
    };
    expect(body.concepts.map((c) => c.kind)).not.toContain('term');
  });

  // "bicycle" is in neither the taxonomy nor lexicon.json: only the bilingual dictionary carries
  // these words across (FreeDict, the Mueller dictionary, CC-CEDICT).
  it.each([
    'vélo pour les femmes',
    'bicicleta para mujeres',
    'велосипед для женщин',
    'دراجة للنساء',
  ])('finds the English practice through the dictionary for "%s"', async (q) => {
    expect(await first(q)).toBe('Bicycle lessons for refugee women');
  });

  // Chinese is written without spaces: its words are found with the dictionary's headwords, once
  // a concept's name (移民, migrants) is taken out or where it names none, and 自行车 is searched
  // as "bicycle" too. 自行车 is neither a concept nor a term of the lexicon.
  it.each(['移民自行车课程', '帮助移民学骑自行车', '自行车课程'])(
    'finds the English practice through the dictionary for the Chinese "%s"',
    async (q) => {
      expect(await first(q)).toBe('Bicycle lessons for refugee women');
    },
  );

  it('lists the translated words in the API answer, and on the page as removable chips', async () => {
    const body = (await app.inject('/api/v1/search?q=bicicleta')).json() as {
      translations: { word: string; translations: { word: string; language: string }[] }[];
      concepts: { kind: string }[];
    };
    expect(body.translations.map((t) => t.word)).toEqual(['bicicleta']);
    expect(body.translations[0]?.translations).toContainEqual({ word: 'bicycle', language: 'en' });
    expect(body.concepts).toEqual([]);
    const page = await app.inject('/search?q=bicicleta');
    expect(page.body).toContain('Also searching for translations:');
    expect(page.body).toMatch(/<bdi>bicicleta<\/bdi>: <bdi>[^<]*bicycle/);
    // The chip's link quotes the word, which is then searched as typed: no translation.
    const href = /<a class="chip chip--removable" href="([^"]*)"/.exec(page.body)?.[1] ?? '';
    expect(decodeURIComponent(href.replaceAll('&amp;', '&').replaceAll('+', ' '))).toContain(
      'q="bicicleta"',
    );
    const quoted = (
      await app.inject(`/api/v1/search?q=${encodeURIComponent('"bicicleta"')}`)
    ).json() as {
      translations: unknown[];
      total: number;
    };
    expect(quoted.translations).toEqual([]);
    expect(quoted.total).toBe(0);
  });
});
