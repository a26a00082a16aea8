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
import { importPractices, setPracticeArchived } from '../practices/practice-interchange.service.ts';
import { addCityFact } from './city-editor.service.ts';

function record(
  id: string,
  country: string,
  city: string,
  themes: string[],
  targetGroups: string[] = [],
  extra: Record<string, unknown> = {},
) {
  return {
    external_id: id,
    title: `Practice ${id}`,
    language: 'en',
    summary: `What ${city} does.`,
    country,
    city,
    themes,
    target_groups: targetGroups,
    evidence_level: 'emerging',
    illustrative: false,
    ...extra,
  };
}

const RECORDS = [
  record('lisbon-1', 'PT', 'Lisbon', ['housing', 'health'], ['refugees'], {
    level: 'local',
    organisations: [
      { name: 'Câmara Municipal de Lisboa', role: 'lead', website: 'https://www.lisboa.pt/' },
    ],
  }),
  record('porto-1', 'PT', 'Porto', ['housing'], ['refugees']),
  record('berlin-1', 'DE', 'Berlin', ['housing', 'health']),
  record('amman-1', 'JO', 'Amman', ['health'], ['refugees']),
  record('bogota-1', 'CO', 'Bogotá', ['education'], ['children']),
  record('madrid-1', 'ES', 'Madrid', ['housing', 'health'], ['refugees']),
];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

interface PeersBody {
  city: { id: number; name: string };
  total: number;
  results: {
    id: number;
    name: string;
    score: number;
    reasons: Record<string, unknown>[];
    practices: { slug: string }[];
  }[];
}

describe.each(dialects)('city profiles and cities like mine on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const city: Record<string, number> = {};
  let editor: Agent;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, values(RECORDS));
    expect(report.committed, JSON.stringify(report.problems)).toBe(true);
    const rows = await database.db
      .selectFrom('practices')
      .select(['id', 'external_id', 'city_id'])
      .execute();
    for (const row of rows) city[row.external_id.replace(/-1$/, '')] = row.city_id as number;
    const madrid = rows.find((r) => r.external_id === 'madrid-1');
    await setPracticeArchived(database.db, madrid?.id as number, true);
    const editorId = await createUser(database.db, 'editor@cities.test', 'editor');
    await createUser(database.db, 'member@cities.test', 'member');
    const actor: Actor = {
      kind: 'user',
      id: editorId,
      role: 'editor',
      name: 'Editor',
      via: 'session',
      scopes: ['read', 'write'],
    };
    // Sizes from figures, so that the ranking does not depend on the gazetteer's populations.
    const sizes: [string, string][] = [
      ['lisbon', '545000'],
      ['porto', '232000'],
      ['berlin', '3800000'],
      ['amman', '1300000'],
      ['bogota', '7900000'],
    ];
    for (const [name, population] of sizes)
      await addCityFact(database.db, actor, city[name] as number, {
        kind: 'population',
        value: population,
        year: '2021',
        source_title: `Census of ${name}`,
        source_url: `https://stats.example/${name}`,
      });
    // An older figure: kept in the series, not shown as the latest.
    await addCityFact(database.db, actor, city.lisbon as number, {
      kind: 'population',
      value: '510000',
      year: '2011',
      source_title: 'Census 2011',
      source_url: 'https://stats.example/2011',
    });
    app = await buildTestApp(database);
    editor = new Agent(app);
    await signIn(editor, 'editor@cities.test');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('shows a city profile: country, region, place, figures with sources, practices, organisations', async () => {
    const response = await get(`/cities/${city.lisbon}`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('<h1>Lisbon</h1>');
    expect(html).toContain('href="/countries/PT"');
    expect(html).toContain('href="/regions/039"');
    expect(html).toMatch(
      /https:\/\/www\.openstreetmap\.org\/\?mlat=38\.\d{4}&(amp;)?mlon=-9\.\d{4}/,
    );
    expect(html).toContain('545,000 (2021)');
    expect(html).toContain('href="https://stats.example/lisbon"');
    // The older figure is in the table of all figures, not in the key facts.
    expect(html).toContain('Census 2011');
    expect(html).toContain('500,000 to 2 million people');
    expect(html).toContain('href="/practices/practice-lisbon-1"');
    expect(html).toContain('Câmara Municipal de Lisboa');
    expect(html).toContain(`href="/cities/${city.lisbon}/peers"`);
    // Only editors are offered the editing page.
    expect(html).not.toContain(`/cities/${city.lisbon}/edit`);
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    const data = JSON.parse(jsonLd as string) as Record<string, unknown>;
    expect(data['@type']).toBe('City');
    expect(data.name).toBe('Lisbon');
    expect(data.geo).toMatchObject({ '@type': 'GeoCoordinates' });
    expect(data.containedInPlace).toMatchObject({ '@type': 'Country', identifier: 'PT' });
  });

  it('serves the profile in the API with every figure and its source', async () => {
    const response = await get(`/api/v1/cities/${city.lisbon}?lang=fr`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({
      id: city.lisbon,
      name: 'Lisbon',
      country: 'PT',
      country_name: 'Portugal',
      size_band: 'large',
      practice_count: 1,
      latest: {
        population: {
          kind: 'population',
          value: 545000,
          year: 2021,
          source: { title: 'Census of lisbon', url: 'https://stats.example/lisbon' },
        },
        foreign_born_share: null,
      },
      organisations: [{ name: 'Câmara Municipal de Lisboa', website: 'https://www.lisboa.pt/' }],
      about: null,
    });
    expect(body.facts.map((f: { year: number }) => f.year)).toEqual([2021, 2011]);
    expect(body.regions.map((r: { code: string }) => r.code)).toContain('039');
    expect(body.practices[0].slug).toBe('practice-lisbon-1');
  });

  it('answers an unknown or malformed city id with 404 on pages and 404 or 400 in the API', async () => {
    for (const url of [
      '/cities/999999',
      '/cities/abc',
      '/cities/0',
      '/cities/999999/peers',
      '/cities/abc/peers',
    ]) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('text/html');
    }
    for (const [url, status] of [
      ['/api/v1/cities/999999', 404],
      ['/api/v1/cities/999999/peers', 404],
      ['/api/v1/cities/abc', 400],
      ['/api/v1/cities/1e3/peers', 400],
    ] as const) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(status);
      expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      if (status === 400) expect(response.json().errors[0].field).toContain('id');
    }
  });

  it('ranks peer cities by the documented score, with the reasons, leaving out archived practices', async () => {
    const response = await get(`/api/v1/cities/${city.lisbon}/peers`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as PeersBody;
    // Porto: 0.40 × ½ + 0.25 + 0.20 × ½ + 0.15 = 0.70; Amman: 0.40 × ½ + 0.25 + 0.20 = 0.65;
    // Berlin: 0.40 + 0.20 × ½ + 0.15 × ½ = 0.575; Bogotá: only a neighbouring size, 0.10.
    expect(body.results.map((p) => [p.name, p.score])).toEqual([
      ['Porto', 0.7],
      ['Amman', 0.65],
      ['Berlin', 0.575],
      ['Bogotá', 0.1],
    ]);
    expect(body.total).toBe(4);
    // Madrid's only practice is archived: it is no candidate, though it would rank first.
    expect(body.results.map((p) => p.id)).not.toContain(city.madrid);
    expect(body.results[0]?.reasons).toEqual([
      { kind: 'themes', concepts: [{ id: 'housing', label: 'Housing' }] },
      { kind: 'target_groups', concepts: [{ id: 'refugees', label: 'Refugees' }] },
      { kind: 'size', same_band: false },
      { kind: 'region', code: '039', name: 'Southern Europe', same_subregion: true },
    ]);
    expect(body.results[0]?.practices.map((p) => p.slug)).toEqual(['practice-porto-1']);
  });

  it('shows the peers page with the reasons in words and the method explained', async () => {
    const response = await get(`/cities/${city.lisbon}/peers`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain('Cities like Lisbon');
    expect(html).toContain(
      'also works on Housing; also for Refugees; similar size; same sub-region (Southern Europe)',
    );
    expect(html.indexOf('Porto')).toBeLessThan(html.indexOf('Amman'));
    expect(html).toContain('Similarity 70%');
    expect(html).toContain('weighted Jaccard index');
    expect(html).toContain('href="/practices/practice-porto-1"');
    const french = await get(`/fr/cities/${city.lisbon}/peers`);
    expect(french.body).toContain('travaille aussi sur Logement');
  });

  it('finds cities like mine from the short form', async () => {
    const blank = await get('/cities/like-mine');
    expect(blank.statusCode).toBe(200);
    expect(blank.body).toContain('name="target_groups"');
    expect(blank.body).not.toContain('similar cit');
    const response = await get(
      '/cities/like-mine?size=large&region=145&themes=health&target_groups=refugees',
    );
    expect(response.statusCode).toBe(200);
    const html = response.body;
    // Amman: every part; Lisboa: half the themes, same size; Berlin: half the themes.
    const order = ['Amman', 'Lisbon', 'Porto', 'Berlin'].map((name) =>
      html.indexOf(`${name}</bdi>, `),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).toContain('same sub-region (Western Asia)');
    expect(html).toMatch(/value="health"[^>]*checked/);
    expect(html).not.toContain('Madrid');
  });

  it('names the sub-region of a peer found by a whole region, never the region as a sub-region', async () => {
    const html = (await get('/cities/like-mine?region=150&themes=housing')).body;
    expect(html).toContain('same region (Europe), in Southern Europe');
    expect(html).not.toContain('same sub-region (Europe)');
  });

  it('refuses unknown choices in the short form, at the field, keeping what was chosen', async () => {
    const response = await get('/cities/like-mine?size=huge&region=999&themes=health&themes=nope');
    expect(response.statusCode).toBe(400);
    const html = response.body;
    expect(html).toContain('There are 3 problems with this form');
    expect(html).toMatch(/id="field-size-error"[^>]*>Choose from the list\./);
    expect(html).toMatch(/id="field-region-error"[^>]*>Choose from the list\./);
    expect(html).toMatch(/id="field-themes-error"[^>]*>Choose from the list\./);
    expect(html).toMatch(/value="health"[^>]*checked/);
  });

  it('keeps the editing page and forms for editors', async () => {
    const anonymous = await get(`/cities/${city.lisbon}/edit`);
    expect([303, 401]).toContain(anonymous.statusCode);
    const member = new Agent(app);
    await signIn(member, 'member@cities.test');
    expect((await member.get(`/cities/${city.lisbon}/edit`)).statusCode).toBe(403);
    const csrf = await member.csrfFrom('/account');
    const refused = await member.post(
      `/cities/${city.lisbon}/edit/networks`,
      { name: 'Eurocities', url: 'https://eurocities.eu/' },
      { csrf },
    );
    expect(refused.statusCode).toBe(403);
    const page = await editor.get(`/cities/${city.lisbon}/edit`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Profile of Lisbon');
    expect((await editor.get(`/cities/${city.lisbon}`)).body).toContain(
      `href="/cities/${city.lisbon}/edit"`,
    );
  });

  it('refuses figures out of range with the message at each field, and stores nothing', async () => {
    const url = `/cities/${city.lisbon}/edit/facts`;
    const share = await editor.post(
      url,
      {
        kind: 'foreign_born_share',
        value: '150',
        year: '1899',
        source_title: '',
        source_url: 'ftp://stats.example/x',
      },
      { from: `/cities/${city.lisbon}/edit` },
    );
    expect(share.statusCode).toBe(400);
    expect(share.body).toMatch(/id="field-value-error"[^>]*>Enter a percentage from 0 to 100/);
    expect(share.body).toContain(
      `Enter a year from 1900 to ${new Date().getUTCFullYear()}, such as 2019.`,
    );
    expect(share.body).toMatch(/id="field-source_title-error"[^>]*>This is required\./);
    // The web address rule and its message are the shared ones of core/validation.ts.
    expect(share.body).toMatch(
      /id="field-source_url-error"[^>]*>Enter a web address starting with https:\/\//,
    );
    expect(share.body).toContain('value="ftp://stats.example/x"');
    expect(share.body).toContain('value="150"');
    const future = String(new Date().getUTCFullYear() + 1);
    for (const [value, year] of [
      ['-5', '2020'],
      ['12.5', '2020'],
      ['0', '2020'],
      ['1000', future],
    ]) {
      const population = await editor.post(
        url,
        {
          kind: 'population',
          value: value as string,
          year: year as string,
          source_title: 'Census',
          source_url: 'https://stats.example/',
        },
        { from: `/cities/${city.lisbon}/edit` },
      );
      expect(population.statusCode, `${value} ${year}`).toBe(400);
      const field = year === future ? 'year' : 'value';
      expect(population.body, `${value} ${year}`).toContain(`id="field-${field}-error"`);
    }
    const unknownKind = await editor.post(
      url,
      {
        kind: 'income',
        value: '3',
        year: '2020',
        source_title: 'x',
        source_url: 'https://x.example/',
      },
      { from: `/cities/${city.lisbon}/edit` },
    );
    expect(unknownKind.statusCode).toBe(400);
    expect(unknownKind.body).toMatch(/id="field-kind-error"/);
    const api = (await get(`/api/v1/cities/${city.lisbon}`)).json();
    expect(api.facts).toHaveLength(2);
  });

  it('records a figure and a network, shows them with their sources, and audits each change', async () => {
    const from = { from: `/cities/${city.lisbon}/edit` };
    const saved = await editor.post(
      `/cities/${city.lisbon}/edit/facts`,
      {
        kind: 'foreign_born_share',
        value: '12,5',
        year: '2021',
        source_title: 'Migrant population report',
        source_url: 'http://stats.example/migrants',
      },
      from,
    );
    expect(saved.statusCode, saved.body).toBe(303);
    expect(saved.headers.location).toBe(`/cities/${city.lisbon}/edit`);
    const badNetwork = await editor.post(
      `/cities/${city.lisbon}/edit/networks`,
      { name: '', url: 'javascript:alert(1)' },
      from,
    );
    expect(badNetwork.statusCode).toBe(400);
    expect(badNetwork.body).toMatch(/id="field-name-error"/);
    expect(badNetwork.body).toMatch(/id="field-url-error"/);
    for (const [name, url] of [
      ['Intercultural Cities', 'https://www.coe.int/en/web/interculturalcities/lisbon'],
      ['Eurocities', 'https://eurocities.eu/cities/lisbon/'],
    ] as const)
      expect(
        (await editor.post(`/cities/${city.lisbon}/edit/networks`, { name, url }, from)).statusCode,
      ).toBe(303);
    const api = (await get(`/api/v1/cities/${city.lisbon}`)).json();
    expect(api.latest.foreign_born_share).toMatchObject({
      value: 12.5,
      year: 2021,
      source: { title: 'Migrant population report', url: 'http://stats.example/migrants' },
    });
    expect(api.networks.map((n: { name: string }) => n.name)).toEqual([
      'Eurocities',
      'Intercultural Cities',
    ]);
    const html = (await get(`/cities/${city.lisbon}`)).body;
    expect(html).toContain('12.5% (2021)');
    expect(html).toContain('href="https://eurocities.eu/cities/lisbon/"');

    const network = await database.db
      .selectFrom('city_networks')
      .select('id')
      .where('name', '=', 'Eurocities')
      .executeTakeFirstOrThrow();
    const removed = await editor.post(
      `/cities/${city.lisbon}/edit/networks/${network.id}/delete`,
      {},
      from,
    );
    expect(removed.statusCode).toBe(303);
    const again = await editor.post(
      `/cities/${city.lisbon}/edit/networks/${network.id}/delete`,
      {},
      from,
    );
    expect(again.statusCode).toBe(404);
    const after = (await get(`/api/v1/cities/${city.lisbon}`)).json();
    expect(after.networks.map((n: { name: string }) => n.name)).toEqual(['Intercultural Cities']);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'city')
      .where('subject_id', '=', String(city.lisbon))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['city.fact_saved', 'city.network_saved', 'city.network_removed']),
    );
  });

  it('keeps the profile of a city whose only practice is archived, without practices', async () => {
    const response = await get(`/api/v1/cities/${city.madrid}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ name: 'Madrid', practice_count: 0, practices: [] });
  });
});
