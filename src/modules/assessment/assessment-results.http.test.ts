import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../test/helpers/agent.ts';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser, signIn } from '../../../test/helpers/users.ts';
import type { Actor } from '../../core/actor.ts';
import { addCityFact } from '../cities/city-editor.service.ts';
import { insertOrganisation } from '../directory/organisation.repository.ts';
import { insertMember } from '../directory/organisation-member.repository.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { insertAssessment } from './assessment.repository.ts';
import { getAssessmentCoverage } from './assessment-coverage.service.ts';
import { insertAnswers } from './assessment-results.repository.ts';
import { loadFramework } from './framework.ts';

const framework = loadFramework('2026.1');
const AREAS = framework.areas.map((a) => a.id);
const BUDGET_BYTES = 60 * 1024;

function record(id: string, country: string, city: string, themes: string[], evidence: string) {
  return {
    external_id: id,
    title: `Practice ${id}`,
    language: 'en',
    summary: `What ${city} does.`,
    country,
    city,
    themes,
    evidence_level: evidence,
    illustrative: false,
  };
}

// Lisbon is assessed; five other European cities of the same size band are "like" it, Amman is not.
const RECORDS = [
  record('lisbon-1', 'PT', 'Lisbon', ['employment'], 'effective'),
  record('porto-1', 'PT', 'Porto', ['housing'], 'emerging'),
  record('madrid-1', 'ES', 'Madrid', ['housing'], 'effective'),
  record('berlin-1', 'DE', 'Berlin', ['urban-planning'], 'promising'),
  record('lyon-1', 'FR', 'Lyon', ['education'], 'effective'),
  record('ghent-1', 'BE', 'Ghent', ['health'], 'not-evaluated'),
  record('amman-1', 'JO', 'Amman', ['language-learning'], 'promising'),
];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

/** Every area at the same score, except those given. */
function scores(all: number, except: Record<string, number> = {}) {
  return JSON.stringify(Object.fromEntries(AREAS.map((id) => [id, except[id] ?? all])));
}

interface ResultJson {
  illustrative: boolean;
  published: boolean;
  previous_year: number | null;
  areas: {
    id: string;
    score: number | null;
    change: number | null;
    cities_like_this_one: { cities: number; median: number | null; p25: number | null };
    all_cities: { cities: number; median: number | null; p25: number | null; p75: number | null };
  }[];
  next_steps: { area_id: string; practices: { title: string; evidence_level: string }[] }[];
}

describe.each(dialects)('self-assessment results on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const city: Record<string, number> = {};
  const ids: Record<string, number> = {};
  let editor: Actor;

  const assess = async (
    name: string,
    year: number,
    scoreText: string,
    options: {
      published?: boolean;
      state?: string;
      illustrative?: boolean;
      /** The share of residents born abroad the assessment gives, if any. */
      foreignBorn?: number;
    } = {},
  ) => {
    const at = `${year}-07-01T00:00:00.000Z`;
    const id = await insertAssessment(database.db, {
      city_id: city[name] as number,
      year,
      framework_version: '2026.1',
      state: options.state ?? 'accepted',
      share_publicly: options.published === false ? 0 : 1,
      published_at: options.published === false ? null : at,
      illustrative: options.illustrative ? 1 : 0,
      scores: scoreText,
      created_by: null,
      created_at: at,
      updated_at: at,
      submitted_at: at,
      decided_at: at,
      decided_by: null,
    });
    ids[`${name}-${year}`] = id;
    if (options.foreignBorn !== undefined)
      await insertAnswers(database.db, [
        {
          assessment_id: id,
          question_id: 'governance.foreign-born-share',
          choice: null,
          value: options.foreignBorn,
          value_year: year - 1,
          source: `Statistics of ${name}`,
          evidence_url: null,
          note: null,
          updated_at: at,
        },
      ]);
    return id;
  };

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values(RECORDS));
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);
    for (const row of await database.db
      .selectFrom('practices')
      .select(['external_id', 'city_id'])
      .execute())
      city[row.external_id.replace(/-1$/, '')] = row.city_id as number;
    const editorId = await createUser(database.db, 'editor@results.test', 'editor');
    const memberId = await createUser(database.db, 'member@results.test', 'member');
    await createUser(database.db, 'stranger@results.test', 'contributor');
    editor = {
      kind: 'user',
      id: editorId,
      role: 'editor',
      name: 'Editor',
      via: 'session',
      scopes: ['read', 'write'],
    };
    // The same size band (100,000 to 500,000 people) for all, from figures, not the gazetteer.
    for (const name of Object.keys(city))
      await addCityFact(database.db, editor, city[name] as number, {
        kind: 'population',
        value: '300000',
        year: '2021',
        source_title: `Census of ${name}`,
        source_url: `https://stats.example/${name}`,
      });
    const now = new Date().toISOString();
    const municipality = await insertOrganisation(database.db, {
      slug: 'camara-lisboa',
      name: 'Câmara Municipal de Lisboa',
      name_key: 'camara municipal de lisboa',
      type: 'municipality',
      country_code: 'PT',
      city_id: city.lisbon as number,
      website: null,
      created_at: now,
      updated_at: now,
      verified_at: null,
      verified_by: null,
    });
    await insertMember(database.db, {
      organisation_id: municipality,
      user_id: memberId,
      role: 'member',
      listed: 0,
      joined_at: now,
    });

    // Lisbon: 2025 accepted but kept private; 2026 published, weakest in housing, language, health.
    await assess('lisbon', 2025, scores(70, { housing: 0, language: 30 }), { published: false });
    const lisbon = await assess(
      'lisbon',
      2026,
      scores(80, { housing: 10, language: 20, health: 30 }),
    );
    await insertAnswers(database.db, [
      {
        assessment_id: lisbon,
        question_id: 'governance.foreign-born-share',
        choice: null,
        value: 16.4,
        value_year: 2024,
        source: 'Statistics Portugal',
        evidence_url: 'https://stats.example/pt',
        note: null,
        updated_at: now,
      },
      {
        assessment_id: lisbon,
        question_id: 'housing.overcrowding',
        choice: 'worsened',
        value: 21,
        value_year: 2024,
        source: 'Census',
        evidence_url: null,
        note: null,
        updated_at: now,
      },
    ]);
    // Four like cities and one other published; an illustrative and an unpublished one that
    // must not count.
    await assess('porto', 2026, scores(40), { foreignBorn: 15 });
    await assess('madrid', 2026, scores(50), { foreignBorn: 15 });
    await assess('berlin', 2025, scores(10));
    await assess('berlin', 2026, scores(60), { foreignBorn: 15 });
    await assess('lyon', 2026, scores(70), { foreignBorn: 15 });
    await assess('amman', 2026, scores(90), { foreignBorn: 15 });
    await assess('ghent', 2025, scores(100), { illustrative: true });
    await assess('ghent', 2026, scores(0), { published: false, state: 'submitted' });
    app = await buildTestApp(database);
  });

  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const signedIn = async (email: string) => {
    const agent = new Agent(app);
    await signIn(agent, email);
    return agent;
  };

  it('shows a published result to anyone, with its version, method link and facts', async () => {
    const response = await app.inject(`/cities/${city.lisbon}/assessment/2026`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('Self-assessment 2026: Lisbon');
    expect(html).toContain('version 2026.1');
    expect(html).toContain('href="/self-assessment/method"');
    expect(html).toContain('role="img"');
    expect(html).toContain('Statistics Portugal');
    expect(html).not.toContain('Private: only your city');
    expect(html).not.toContain('Illustrative example, not the city');
    // The public does not see the private 2025 result as "change since".
    expect(html).toContain('No earlier result on the same framework version');
    expect(Buffer.byteLength(html)).toBeLessThan(BUDGET_BYTES);
  });

  it('answers 404 to anyone but the city and the editors for a private result', async () => {
    const path = `/cities/${city.lisbon}/assessment/2025`;
    const anonymous = await app.inject(path);
    expect(anonymous.statusCode).toBe(404);
    expect(anonymous.body).not.toContain('Lisbon');
    const stranger = await signedIn('stranger@results.test');
    expect((await stranger.get(path)).statusCode).toBe(404);
    expect((await stranger.get(`${path}.csv`)).statusCode).toBe(404);
    expect((await stranger.get(`${path}.json`)).statusCode).toBe(404);
    // The same answer as for a year never assessed.
    const never = await app.inject(`/cities/${city.lisbon}/assessment/2019`);
    expect(never.statusCode).toBe(404);
    // A result not yet scored (a submission still open) is nobody's page.
    expect((await app.inject(`/cities/${city.ghent}/assessment/2026`)).statusCode).toBe(404);
  });

  it('shows a private result to the city’s municipality members and to editors', async () => {
    const path = `/cities/${city.lisbon}/assessment/2025`;
    for (const email of ['member@results.test', 'editor@results.test']) {
      const agent = await signedIn(email);
      const response = await agent.get(path);
      expect(response.statusCode, email).toBe(200);
      expect(response.body).toContain('Private: only your city and the editors see this.');
      expect(response.headers['cache-control']).toContain('no-store');
    }
  });

  it('compares the city itself with its accepted private year', async () => {
    const member = await signedIn('member@results.test');
    const response = await member.get(`/cities/${city.lisbon}/assessment/2026.json`);
    const body = response.json() as ResultJson;
    expect(body.previous_year).toBe(2025);
    const housing = body.areas.find((a) => a.id === 'housing');
    expect(housing?.change).toBe(10);
    expect(body.areas.find((a) => a.id === 'language')?.change).toBe(-10);
    const html = (await member.get(`/cities/${city.lisbon}/assessment/2026`)).body;
    expect(html).toContain('Change since 2025');
    expect(html).toContain('+10');
    expect(html).toContain('\u221210');
  });

  it('shows no peer figure for four like cities, and the median of all five others', async () => {
    const response = await app.inject(`/cities/${city.lisbon}/assessment/2026.json`);
    const body = response.json() as ResultJson;
    const governance = body.areas.find((a) => a.id === 'governance');
    // Like Lisbon: Porto 40, Madrid 50, Berlin 60 (its latest year), Lyon 70: four, no figure.
    expect(governance?.cities_like_this_one).toEqual({
      cities: 4,
      median: null,
      p25: null,
      p75: null,
    });
    // All: 40 50 60 70 90 (Amman too; not illustrative Ghent) → median 60, quartiles 50 and 70.
    expect(governance?.all_cities).toEqual({ cities: 5, median: 60, p25: 50, p75: 70 });
    const html = (await app.inject(`/cities/${city.lisbon}/assessment/2026`)).body;
    expect(html).toContain('Cities like this one: too few have published to compare (4 of 5).');
    expect(html).not.toContain('Cities like this one: median (25th–75th percentile)');
    // The chart's legend explains only the marks it draws.
    expect(html).toContain('Median of all cities');
    expect(html).not.toContain('Median of cities like this one');
    expect(html).toContain('All cities: median (25th–75th percentile)');
  });

  it('compares a city that gives its foreign-born share only with cities in its band', async () => {
    const share = async (name: string, value: string) =>
      addCityFact(database.db, editor, city[name] as number, {
        kind: 'foreign_born_share',
        value,
        year: '2022',
        source_title: `Census of ${name}`,
        source_url: `https://stats.example/${name}/born-abroad`,
      });
    const result = async () =>
      (await app.inject(`/cities/${city.lisbon}/assessment/2026.json`)).json() as ResultJson & {
        cities_like_this_one: { foreign_born_band: string | null };
      };
    const like = (body: ResultJson) =>
      body.areas.find((a) => a.id === 'governance')?.cities_like_this_one;
    // Ghent's assessment gives no share: it is not guessed to be in Lisbon's band.
    await assess('ghent', 2024, scores(20));
    try {
      // Lisbon's assessment gives 16.4 % born abroad, Porto's, Madrid's, Berlin's and Lyon's 15 %.
      const answered = await result();
      expect(answered.cities_like_this_one.foreign_born_band).toBe('10-to-25');
      expect(like(answered)?.cities).toBe(4);
      const page = (await app.inject(`/cities/${city.lisbon}/assessment/2026`)).body;
      expect(page).toContain('in the same band as this city: 10 to 25 %.');
      // A city profile's figure comes before the assessment's answer: Porto 8 and Berlin 30
      // leave the band.
      await share('porto', '8');
      await share('berlin', '30');
      expect(like(await result())?.cities).toBe(2);
      // Lisbon's own profile says 30 %: now Berlin alone is like it.
      await share('lisbon', '30');
      const profiled = await result();
      expect(profiled.cities_like_this_one.foreign_born_band).toBe('25-plus');
      expect(like(profiled)?.cities).toBe(1);
    } finally {
      await database.db.deleteFrom('city_facts').where('kind', '=', 'foreign_born_share').execute();
      await database.db
        .deleteFrom('assessments')
        .where('id', '=', ids['ghent-2024'] as number)
        .execute();
    }
  });

  it('shows the median of cities like this one once five have published', async () => {
    await assess('ghent', 2024, scores(20), { foreignBorn: 20 });
    try {
      const response = await app.inject(`/cities/${city.lisbon}/assessment/2026.json`);
      const governance = (response.json() as ResultJson).areas.find((a) => a.id === 'governance');
      // Like: 20 40 50 60 70 → median 50, p25 40, p75 60.
      expect(governance?.cities_like_this_one).toEqual({
        cities: 5,
        median: 50,
        p25: 40,
        p75: 60,
      });
      // All six: 20 40 50 60 70 90 → median 55, p25 42.5, p75 67.5.
      expect(governance?.all_cities).toEqual({ cities: 6, median: 55, p25: 42.5, p75: 67.5 });
    } finally {
      await database.db
        .deleteFrom('assessments')
        .where('id', '=', ids['ghent-2024'] as number)
        .execute();
    }
  });

  it('proposes practices of the weakest areas’ themes, the best evidence first', async () => {
    const body = (
      await app.inject(`/cities/${city.lisbon}/assessment/2026.json`)
    ).json() as ResultJson;
    expect(body.next_steps.map((s) => s.area_id)).toEqual(['housing', 'language', 'health']);
    // Housing's themes are housing and urban-planning: Madrid (effective), Berlin (promising),
    // Porto (emerging); not Lyon's education practice, nor Lisbon's own on employment.
    expect(body.next_steps[0]?.practices.map((p) => [p.title, p.evidence_level])).toEqual([
      ['Practice madrid-1', 'effective'],
      ['Practice berlin-1', 'promising'],
      ['Practice porto-1', 'emerging'],
    ]);
    expect(body.next_steps[1]?.practices.map((p) => p.title)).toEqual(['Practice amman-1']);
    const html = (await app.inject(`/cities/${city.lisbon}/assessment/2026`)).body;
    expect(html).toContain('href="/contact/practice/');
    expect(html).toContain('Not peer reviewed');
  });

  it('links the city page to its published results, and its members to the private ones', async () => {
    const page = (await app.inject(`/cities/${city.lisbon}`)).body;
    expect(page).toContain(`href="/cities/${city.lisbon}/assessment/2026"`);
    expect(page).not.toContain(`/assessment/2025`);
    const member = await signedIn('member@results.test');
    const own = await member.get(`/cities/${city.lisbon}`);
    expect(own.body).toContain(`href="/cities/${city.lisbon}/assessment/2025"`);
    expect(own.headers['cache-control']).toContain('no-store');
  });

  it('gives the coverage page the median of regions with five published cities only', async () => {
    const coverage = await getAssessmentCoverage(database.db, 'en');
    // Europe: Lisbon 80, Porto 40, Madrid 50, Berlin 60, Lyon 70 → 60; Ghent is illustrative.
    // Asia has Amman alone: left out.
    expect(coverage.regions.map((r) => [r.code, r.cities, r.medians.governance])).toEqual([
      ['150', 5, 60],
    ]);
    const page = (await app.inject('/coverage')).body;
    expect(page).toContain('Self-assessments by region');
    expect(page).toContain(`href="/cities/${city.amman}/assessment/2026"`);
    expect(page).not.toContain(`/cities/${city.lisbon}/assessment/2025`);
  });

  it('gives the table as CSV under the same rule', async () => {
    const response = await app.inject(`/cities/${city.lisbon}/assessment/2026.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/csv');
    const lines = response.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toContain('Area id');
    expect(lines).toHaveLength(AREAS.length + 1);
    const housing = lines.find((l) => l.includes(',housing,'));
    expect(housing?.startsWith('Lisbon,2026,2026.1,0,housing,')).toBe(true);
    expect(housing).toContain(',10,');
  });

  it('marks an illustrative result on its page', async () => {
    const response = await app.inject(`/cities/${city.ghent}/assessment/2025`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Illustrative example, not the city’s own assessment.');
    const body = (
      await app.inject(`/cities/${city.ghent}/assessment/2025.json`)
    ).json() as ResultJson;
    expect(body.illustrative).toBe(true);
  });

  it('lists only published assessments in the API', async () => {
    const list = (await app.inject('/api/v1/assessments?per_page=100')).json() as {
      total: number;
      results: { id: number; illustrative: boolean; scores: Record<string, number> }[];
    };
    const listed = list.results.map((r) => r.id).sort((a, b) => a - b);
    const published = ['lisbon-2026', 'porto-2026', 'madrid-2026', 'berlin-2025', 'berlin-2026']
      .concat(['lyon-2026', 'amman-2026', 'ghent-2025'])
      .map((key) => ids[key] as number)
      .sort((a, b) => a - b);
    expect(listed).toEqual(published);
    expect(list.total).toBe(published.length);
    expect(list.results.find((r) => r.id === ids['ghent-2025'])?.illustrative).toBe(true);
    const one = await app.inject(`/api/v1/assessments/${ids['lisbon-2026']}`);
    expect(one.statusCode).toBe(200);
    const detail = one.json() as { scores: Record<string, number>; answers: unknown[] };
    expect(detail.scores.housing).toBe(10);
    expect(detail.answers).toHaveLength(2);
    expect((await app.inject(`/api/v1/assessments/${ids['lisbon-2025']}`)).statusCode).toBe(404);
    const exported = await app.inject('/api/v1/exports/assessments.json');
    expect(exported.statusCode).toBe(200);
    expect(exported.headers.link).toContain('rel="license"');
    const records = exported.json() as { id: number; answers: unknown[] }[];
    expect(records.map((r) => r.id).sort((a, b) => a - b)).toEqual(published);
    expect(records.find((r) => r.id === ids['lisbon-2026'])?.answers).toHaveLength(2);
    expect((await app.inject(`/api/v1/assessments/${ids['ghent-2026']}`)).statusCode).toBe(404);
  });
});
