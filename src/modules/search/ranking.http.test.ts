import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DialectName, dialects, type TestDatabase } from '../../../test/helpers/databases.ts';
import { appWithPractices, searchApi } from '../../../test/helpers/search-collection.ts';

/**
 * Ranking that puts the specific before the generic, on a collection built here: most practices
 * are run by a city and tagged with the same broad concepts (employment, migrants,
 * municipality), as in the real collection, and a few are about something precise.
 */
interface Body {
  total: number;
  results: { title: string; score: number; score_parts?: Record<string, number> }[];
}

type Draft = {
  title: string;
  summary: string;
  themes: string[];
  target_groups?: string[];
  actor_type?: string[];
  language?: string;
  country?: string;
};

const generic = (n: number, title: string, summary: string, themes: string[]): Draft => ({
  title: `${title} ${n}`,
  summary,
  themes,
  target_groups: ['migrants'],
  actor_type: ['municipality'],
});

const PRACTICES: Draft[] = [
  {
    title: 'Professional mentors for skilled immigrants',
    summary:
      'Experienced professionals mentor skilled immigrants with foreign qualifications one to one for six months, until they find work that matches their training.',
    themes: ['employment'],
    target_groups: ['migrants'],
    actor_type: ['ngo'],
  },
  ...[1, 2, 3, 4].map((n) =>
    generic(
      n,
      'Job centre for newcomers',
      'A municipal programme to help newcomers find jobs: job fairs, advice and placements with local employers in the city.',
      ['employment', 'social-cohesion'],
    ),
  ),
  ...[1, 2, 3].map((n) =>
    generic(
      n,
      'Employment programme for migrants',
      'The city helps migrants and newcomers find jobs through vocational courses and a programme of internships.',
      ['employment'],
    ),
  ),
  {
    title: 'The Jordan Compact: work permits for Syrian refugees',
    summary:
      'Jordan waived fees for Syrian refugees in agriculture, construction and manufacturing, in exchange for trade concessions and development finance.',
    themes: ['employment', 'legal-status-documentation'],
    target_groups: ['refugees'],
    actor_type: ['national-government'],
    country: 'JO',
  },
  ...[1, 2, 3, 4, 5].map((n) =>
    generic(
      n,
      'Residence advice desk',
      'Advice on residence permits, renewals and documents for migrant workers, so that work and family life are not interrupted by a lapsed permit.',
      ['legal-status-documentation'],
    ),
  ),
  ...[1, 2, 3].map((n) =>
    generic(
      n,
      'Work-first integration',
      'Newcomers start work in the first weeks and learn the language at work, with a work coach and a work placement in the city.',
      ['employment'],
    ),
  ),
  {
    title: 'Mayors for welcoming cities',
    summary:
      'A network where the mayor of each member city commits to a public welcome pledge and reports on it every year.',
    themes: ['social-cohesion'],
    actor_type: ['municipality'],
  },
  {
    title: 'A sanctuary city ordinance',
    summary:
      'The council adopted an ordinance limiting cooperation of city services with immigration enforcement, making it a sanctuary city for undocumented residents.',
    themes: ['legal-status-documentation'],
    target_groups: ['undocumented-migrants'],
    actor_type: ['municipality'],
  },
  ...[1, 2, 3, 4, 5, 6].map((n) =>
    generic(
      n,
      'Neighbourhood welcome café',
      'Residents and newcomers meet every week in a community centre run by the city council.',
      ['social-cohesion'],
    ),
  ),
];

describe.each(dialects)('ranking over HTTP on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    ({ database, app } = await appWithPractices(dialect, PRACTICES, {
      language: 'en',
      country: 'DE',
    }));
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const api = searchApi<Body>(() => app);

  it('ranks the one practice about the query’s rare words above those that only share its tags', async () => {
    const body = await api('mentoring programme to help skilled newcomers find jobs');
    expect(body.results[0]?.title).toBe('Professional mentors for skilled immigrants');
  });

  it('does not read a word for a concept on most practices as that concept alone', async () => {
    const mayor = await api('mayor');
    expect(mayor.results[0]?.title).toBe('Mayors for welcoming cities');
    expect(mayor.total).toBeLessThanOrEqual(3);
    const sanctuary = await api('sanctuary city');
    expect(sanctuary.results[0]?.title).toBe('A sanctuary city ordinance');
    expect(sanctuary.total).toBeLessThanOrEqual(3);
  });

  it('ranks a practice titled with the query’s words in the top 3', async () => {
    const body = await api('work permits');
    const titles = body.results.slice(0, 3).map((r) => r.title);
    expect(titles).toContain('The Jordan Compact: work permits for Syrian refugees');
  });

  it('explains every part of the score with debug=1, the parts adding up to the total', async () => {
    const body = await api('mentoring programme to help skilled newcomers find jobs', '&debug=1');
    for (const result of body.results) {
      const parts = result.score_parts ?? {};
      expect(Object.keys(parts).sort()).toEqual([
        'concepts',
        'coverage',
        'evidence',
        'proximity',
        'recency',
        'text',
        'total',
        'translations',
      ]);
      const sum =
        (parts.text ?? 0) +
        (parts.concepts ?? 0) +
        (parts.coverage ?? 0) +
        (parts.translations ?? 0) +
        (parts.proximity ?? 0) +
        (parts.evidence ?? 0) +
        (parts.recency ?? 0);
      expect(sum).toBeCloseTo(parts.total ?? 0, 5);
      expect(result.score).toBeCloseTo(parts.total ?? 0, 3);
    }
  });
});
