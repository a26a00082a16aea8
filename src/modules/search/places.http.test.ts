import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DialectName, dialects, type TestDatabase } from '../../../test/helpers/databases.ts';
import { appWithPractices, searchApi } from '../../../test/helpers/search-collection.ts';

/**
 * Places named in a query, over HTTP, on a collection built here: a city or a country in any of
 * the six languages is recognised as a place, and the practices of that place that match the rest
 * of the query come first (those of the city, then those of its country).
 */
interface Body {
  total: number;
  relaxed: boolean;
  concepts: { kind: string; id: string; label: string; matched: string }[];
  did_you_mean: string | null;
  corrected_from: string | null;
  results: { title: string; country: string; city: string | null }[];
}

const BERLIN_HOUSING = 'Shared flats for refugee families';
const LEIPZIG_HOUSING = 'Social housing quota for refugees';
const BERLIN_JOBS = 'Welcome centre for new arrivals';

const PRACTICES = [
  {
    title: BERLIN_HOUSING,
    summary:
      'The district rents flats and shares them with refugee families, with a housing adviser for each building.',
    themes: ['housing'],
    country: 'DE',
    city: 'Berlin',
  },
  {
    title: LEIPZIG_HOUSING,
    summary:
      'A share of new social housing is kept for refugees, who rent it on the same terms as other tenants.',
    themes: ['housing'],
    country: 'DE',
    city: 'Leipzig',
  },
  {
    title: BERLIN_JOBS,
    summary:
      'Newcomers get advice on work, language courses and their rights in one place, in twelve languages.',
    themes: ['employment'],
    country: 'DE',
    city: 'Berlin',
  },
  {
    title: 'German courses in the neighbourhood',
    summary: 'Volunteers teach German to adults in libraries and community centres.',
    themes: ['language-learning'],
    country: 'DE',
    city: 'Hamburg',
  },
  ...[
    ['FR', 'Lyon'],
    ['ES', 'Madrid'],
    ['IT', 'Turin'],
    ['PT', 'Porto'],
  ].map(([country, city], n) => ({
    title: `Housing first for refugees ${n + 1}`,
    summary: 'Refugees move straight into flats of their own, with housing support at home.',
    themes: ['housing'],
    country,
    city,
  })),
  ...[
    ['FR', 'Lyon'],
    ['ES', 'Madrid'],
    ['SE', 'Malmö'],
    ['GR', 'Athens'],
  ].map(([country, city], n) => ({
    title: `Neighbourhood welcome café ${n + 1}`,
    summary: 'Residents and newcomers meet every week in a community centre run by the council.',
    themes: ['social-cohesion'],
    country,
    city,
  })),
];

describe.each(dialects)('places in queries over HTTP on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, app } = await appWithPractices(dialect, PRACTICES, {
      language: 'en',
      target_groups: ['refugees'],
    }));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const api = searchApi<Body>(() => app);
  const places = (body: Body) =>
    body.concepts.filter((c) => c.kind === 'city' || c.kind === 'country');

  it('reads a city as a place and ranks its practices on the topic first, then its country’s', async () => {
    const body = await api('housing Berlin');
    expect(places(body).map((c) => [c.kind, c.label])).toEqual([['city', 'Berlin']]);
    expect(body.concepts.map((c) => c.id)).toContain('housing');
    const titles = body.results.map((r) => r.title);
    expect(titles.slice(0, 2)).toEqual([BERLIN_HOUSING, LEIPZIG_HOUSING]);
    // A practice in Berlin on another topic answers only part of the question.
    expect(titles.indexOf(BERLIN_JOBS)).toBeGreaterThan(1);
  });

  it('reads a country named in French as a place: German housing practices first', async () => {
    const body = await api('logement Allemagne');
    expect(places(body).map((c) => [c.kind, c.id])).toEqual([['country', 'DE']]);
    expect(
      body.results
        .slice(0, 2)
        .map((r) => r.title)
        .sort(),
    ).toEqual([BERLIN_HOUSING, LEIPZIG_HOUSING].sort());
  });

  it('reads a country named in two Chinese characters as a place, inside a sentence', async () => {
    // 德国 is Germany's everyday name: two characters, unlike the two-letter codes left out.
    const body = await api('德国难民住房');
    expect(places(body).map((c) => [c.kind, c.id])).toEqual([['country', 'DE']]);
    expect(
      body.results
        .slice(0, 2)
        .map((r) => r.title)
        .sort(),
    ).toEqual([BERLIN_HOUSING, LEIPZIG_HOUSING].sort());
  });

  it.each(['жильё Берлин', 'vivienda en Berlín', 'السكن في برلين', '柏林住房'])(
    'recognises the city in “%s”, in its own script',
    async (q) => {
      const body = await api(q);
      expect(places(body).map((c) => c.label)).toEqual(['Berlin']);
      expect(body.results[0]?.title).toBe(BERLIN_HOUSING);
    },
  );

  it('answers a city alone with its practices, then its country’s, and never corrects it', async () => {
    const body = await api('Berlin');
    expect(body.did_you_mean).toBeNull();
    expect(body.corrected_from).toBeNull();
    expect(
      body.results
        .slice(0, 2)
        .map((r) => r.city)
        .sort(),
    ).toEqual(['Berlin', 'Berlin']);
    expect(body.results.every((r) => r.country === 'DE')).toBe(true);
  });

  it('corrects a misspelt topic beside a place, and not the place', async () => {
    const body = await api('housng Leipzig', '&exact=1');
    expect(body.did_you_mean).toBe('housing Leipzig');
  });

  it('does not read a common word that is also a city’s other name as a place', async () => {
    // "Nice" is a city, and "para" the Spanish stem of one of Paris's other names.
    for (const q of ['nice flats for refugees', 'vivienda para refugiados']) {
      const body = await api(q);
      expect(places(body), q).toEqual([]);
    }
  });

  it('shows the place as a removable chip under its own label', async () => {
    const response = await app.inject(`/search?q=${encodeURIComponent('housing Berlin')}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    const placesAt = html.indexOf('Places:');
    expect(placesAt).toBeGreaterThan(-1);
    const chips = html.slice(placesAt, html.indexOf('</ul>', placesAt));
    expect(chips).toContain('Berlin');
    expect(chips).not.toContain('Housing');
    // Removing it searches the name as a word, quoted.
    expect(chips).toContain(`q=housing+%22Berlin%22`);
    // Named in the reader's script, it keeps that name.
    const arabic = await app.inject(`/ar/search?q=${encodeURIComponent('السكن في برلين')}`);
    const arabicChips = arabic.body.slice(arabic.body.indexOf('الأماكن:'));
    expect(arabicChips.slice(0, arabicChips.indexOf('</ul>'))).toContain('برلين');
  });
});
