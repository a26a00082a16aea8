import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { demoRecords } from '../system/demo-content.ts';
import { importPractices } from './practice-interchange.service.ts';

const EDGE = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/practices-edge.json', import.meta.url), 'utf8'),
) as unknown[];
const DEMO_AND_EDGE = demoRecords().length + EDGE.length;

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

interface ListBody {
  total: number;
  page: number;
  per_page: number;
  results: {
    slug: string;
    themes: { id: string }[];
    country: string;
    type: string | null;
    title: string;
  }[];
}

describe.each(dialects)('practice pages and API on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect, { demo: true });
    const report = await importPractices(database.db, values(EDGE));
    expect(report.committed).toBe(true);
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });
  const api = async (url: string) => {
    const response = await get(url);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ListBody;
  };

  it('serves the home page with the three policy areas and the 2009 roundtable', async () => {
    const response = await get('/');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<html lang="en" dir="ltr">');
    expect(response.body).toContain('href="/themes/socio-economic"');
    expect(response.body).toContain('href="/themes/legal-political"');
    expect(response.body).toContain('href="/themes/cultural"');
    expect(response.body).toContain('28 September 2009');
  });

  it('lists practices with a total and pages of at most per_page', async () => {
    const body = await api('/api/v1/practices?per_page=10');
    expect(body.total).toBe(DEMO_AND_EDGE);
    expect(body.results).toHaveLength(10);
    const pages = Math.ceil(DEMO_AND_EDGE / 10);
    const last = await api(`/api/v1/practices?per_page=10&page=${pages}`);
    expect(last.results).toHaveLength(DEMO_AND_EDGE - (pages - 1) * 10);
    const beyond = await api(`/api/v1/practices?per_page=10&page=${pages + 1}`);
    expect(beyond.results).toHaveLength(0);
    expect(beyond.total).toBe(DEMO_AND_EDGE);
  });

  it('combines values of one filter with OR and different filters with AND', async () => {
    const housing = await api('/api/v1/practices?theme=housing&per_page=100');
    const health = await api('/api/v1/practices?theme=health&per_page=100');
    const either = await api('/api/v1/practices?theme=housing&theme=health&per_page=100');
    const union = new Set([...housing.results, ...health.results].map((r) => r.slug));
    expect(either.total).toBe(union.size);
    expect(housing.total).toBeGreaterThan(0);

    const both = await api('/api/v1/practices?theme=housing&type=policy&per_page=100');
    expect(both.total).toBeLessThanOrEqual(housing.total);
    for (const r of both.results) {
      expect(r.type).toBe('policy');
      expect(r.themes.map((t) => t.id)).toContain('housing');
    }
  });

  it('filters by policy area through its themes, and by region through its countries', async () => {
    const cultural = await api('/api/v1/practices?policy_area=cultural&per_page=100');
    const culturalThemes = [
      'public-perceptions',
      'intercultural-dialogue',
      'social-cohesion',
      'urban-planning',
    ];
    expect(cultural.total).toBeGreaterThan(0);
    for (const r of cultural.results)
      expect(r.themes.some((t) => culturalThemes.includes(t.id))).toBe(true);

    const africa = await api('/api/v1/practices?region=002&per_page=100');
    expect(africa.total).toBeGreaterThanOrEqual(7);
    const countries = await app.inject({ method: 'GET', url: '/api/v1/countries' });
    const regionOf = new Map(
      (countries.json() as { results: { code: string; region: string }[] }).results.map((c) => [
        c.code,
        c.region,
      ]),
    );
    for (const r of africa.results) expect(regionOf.get(r.country)).toBe('002');

    const canada = await api('/api/v1/practices?country=ca&per_page=100');
    expect(canada.results.every((r) => r.country === 'CA')).toBe(true);
  });

  it.each([
    ['/api/v1/practices?theme=flying', 'theme', 'unknown value "flying"'],
    ['/api/v1/practices?region=999', 'region', 'unknown value "999"'],
    ['/api/v1/practices?page=0', 'page', 'must be >= 1'],
    ['/api/v1/practices?page=two', 'page', 'must be a whole number'],
    ['/api/v1/practices?per_page=101', 'per_page', 'must be <= 100'],
    ['/api/v1/practices?sort=random', 'sort', 'must be one of newest, title, start_year'],
    ['/api/v1/practices?colour=blue', 'colour', 'is not a known parameter'],
  ])('answers %s with a 400 problem naming the parameter', async (url, field, message) => {
    const response = await get(url);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
    const problem = response.json() as {
      status: number;
      errors: { field: string; message: string }[];
    };
    expect(problem.status).toBe(400);
    expect(problem.errors[0]?.field).toBe(field);
    expect(problem.errors[0]?.message).toContain(message);
  });

  it('answers a bad filter on the page with a 400 page naming the parameter', async () => {
    const response = await get('/practices?theme=%3Cscript%3E');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('<strong>theme</strong>');
    expect(response.body).toContain('unknown value &#34;&lt;script');
    expect(response.body).not.toContain('<script>');
  });

  it('shows a practice with every section, its taxonomy links and how to cite it', async () => {
    const list = await api('/api/v1/practices?country=CA&theme=access-to-services&per_page=100');
    const edge = list.results.find((r) => r.slug.startsWith('guichet-unique'));
    expect(edge).toBeDefined();
    const response = await get(`/practices/${edge?.slug}?lang=fr`);
    expect(response.statusCode).toBe(200);
    const html = response.body;
    expect(html).toContain(
      'Guichet unique; &#34;accueil&#34; | &lt;script>alert(&#39;x&#39;)&lt;/script> &amp; co',
    );
    expect(html).not.toContain("<script>alert('x')</script>");
    expect(html).toContain('Contexte « entre guillemets ».');
    for (const heading of [
      'Context',
      'Objectives',
      'Budget and funding',
      'Key facts',
      'Sources',
      'How to cite',
    ]) {
      expect(html).toContain(heading);
    }
    expect(html).toContain('href="/themes/access-to-services"');
    expect(html).toContain('href="/practices?target_group=refugees"');
    expect(html).toContain('href="/countries/CA"');
    expect(html).toContain('Montreal');
    expect(html).toContain('Ville de Montréal; Bureau | BINAM');
    expect(html).toContain(`http://clearinghouse.test/practices/${edge?.slug}`);
  });

  it('shows a translation when asked, and says which language is the original', async () => {
    const list = await api('/api/v1/practices?country=CA&theme=access-to-services&per_page=100');
    const slug = list.results.find((r) => r.slug.startsWith('guichet-unique'))?.slug;
    const english = await get(`/practices/${slug}?lang=en`);
    expect(english.body).toContain('<h1>One-stop desk</h1>');
    expect(english.body).toMatch(/Translated into English on [^;<]+; original in French./);
    const json = (await get(`/api/v1/practices/${slug}?lang=en`)).json() as {
      title: string;
      available_languages: string[];
      sections: Record<string, string>;
    };
    expect(json.title).toBe('One-stop desk');
    expect(json.available_languages).toEqual(['fr', 'ar', 'en']);
    expect(json.sections.context).toBe('Context.');
    expect(json.sections.objectives).toBe('Objectifs.');
  });

  it('lists each practice’s languages with their status in the API list', async () => {
    const list = (
      await get('/api/v1/practices?country=CA&theme=access-to-services&per_page=100')
    ).json() as {
      results: {
        slug: string;
        translations: { language: string; status: string; translated_at: string | null }[];
      }[];
    };
    const edge = list.results.find((r) => r.slug.startsWith('guichet-unique'));
    expect(edge?.translations.map((t) => [t.language, t.status])).toEqual([
      ['fr', 'original'],
      ['ar', 'translation'],
      ['en', 'translation'],
    ]);
    expect(edge?.translations[0]?.translated_at).toBeNull();
    expect(Date.parse(edge?.translations[2]?.translated_at ?? '')).not.toBeNaN();
    for (const result of list.results) expect(result.translations[0]?.status).toBe('original');
  });

  it('lists every language version in the API, the original first, with its status and date', async () => {
    const list = await api('/api/v1/practices?country=CA&theme=access-to-services&per_page=100');
    const slug = list.results.find((r) => r.slug.startsWith('guichet-unique'))?.slug;
    const json = (await get(`/api/v1/practices/${slug}?lang=en`)).json() as {
      translation_status: string;
      translations: {
        language: string;
        status: string;
        translated_at: string | null;
        title: string | null;
        summary: string | null;
        sections: Record<string, string>;
      }[];
    };
    expect(json.translation_status).toBe('translated');
    expect(json.translations.map((t) => [t.language, t.status])).toEqual([
      ['fr', 'original'],
      ['ar', 'translation'],
      ['en', 'translation'],
    ]);
    const [original, arabic, english] = json.translations;
    expect(original).toMatchObject({
      translated_at: null,
      summary: expect.stringContaining('Un guichet'),
      sections: {
        context: 'Contexte « entre guillemets ».',
        objectives: 'Objectifs.',
        budget: 'Budget municipal.',
      },
    });
    expect(arabic).toMatchObject({ title: 'الشباك الموحد', summary: null, sections: {} });
    expect(english).toMatchObject({
      title: 'One-stop desk',
      summary: 'A desk that brings services together.',
      sections: { context: 'Context.' },
    });
    expect(Date.parse(english?.translated_at ?? '')).not.toBeNaN();
  });

  it('says plainly that an imported practice was not peer reviewed, on the page and in the API', async () => {
    const list = await api('/api/v1/practices?country=CA&theme=access-to-services&per_page=100');
    const slug = list.results.find((r) => r.slug.startsWith('guichet-unique'))?.slug;
    expect((await get(`/practices/${slug}`)).body).toContain('Not peer reviewed');
    expect(
      ((await get(`/api/v1/practices/${slug}`)).json() as { peer_review: unknown }).peer_review,
    ).toBeNull();
  });

  it('labels an illustrative practice as such', async () => {
    const list = await api('/api/v1/practices?country=CN&per_page=100');
    const illustrative = list.results.find((r) => r.title === '社区融合服务站');
    const response = await get(`/practices/${illustrative?.slug}`);
    expect(response.body).toContain('Illustrative example');
  });

  it('answers a missing practice with a 404 page that helps, and a 404 problem in the API', async () => {
    const page = await get('/practices/no-such-practice');
    expect(page.statusCode).toBe(404);
    expect(page.body).toContain('Page not found');
    expect(page.body).toContain('href="/practices"');
    const problem = await get('/api/v1/practices/no-such-practice');
    expect(problem.statusCode).toBe(404);
    expect(problem.json()).toMatchObject({ status: 404, code: 'practice_not_found' });
  });

  it('serves pages under a locale prefix, with links that keep it', async () => {
    const response = await get('/fr/practices?theme=housing');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<html lang="fr" dir="ltr">');
    expect(response.body).toContain('href="/fr/practices/');
    const arabic = await get('/ar');
    expect(arabic.body).toContain('<html lang="ar" dir="rtl">');
    expect(arabic.body).toContain('hreflang="fr" href="http://clearinghouse.test/fr"');
  });

  it('returns the taxonomy and the countries in the requested language', async () => {
    const taxonomy = (await get('/api/v1/taxonomy?lang=es')).json() as {
      schemes: Record<string, { id: string; label: string }[]>;
    };
    expect(taxonomy.schemes.theme?.find((t) => t.id === 'housing')?.label).toMatch(/vivienda/i);
    expect(taxonomy.schemes['gcm-objective']).toHaveLength(23);
    const countries = (await get('/api/v1/countries?lang=fr')).json() as {
      results: { code: string; name: string; practices: number }[];
    };
    expect(countries.results.find((c) => c.code === 'DE')?.name).toBe('Allemagne');
    expect(countries.results.find((c) => c.code === 'CA')?.practices).toBeGreaterThan(0);
    expect((await get('/api/v1/taxonomy?lang=de')).statusCode).toBe(400);
  });

  it('publishes an OpenAPI 3.1 document of the API', async () => {
    const doc = (await get('/openapi.json')).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/practices',
        '/api/v1/practices/{idOrSlug}',
        '/api/v1/taxonomy',
        '/api/v1/countries',
      ]),
    );
  });

  it('reports health and readiness', async () => {
    expect((await get('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get('/readyz')).json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('sends security headers and a request id', async () => {
    const response = await get('/');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
