import type { FastifyInstance } from 'fastify';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, TEST_PUBLIC_URL } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { EVIL, jsonLdOf, seedVersions } from '../../../test/helpers/practice-versions.ts';

function metaContent(html: string, property: string): string[] {
  return [
    ...html.matchAll(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`, 'g')),
  ].map((m) => m[1] as string);
}

describe.each(dialects)('practice versions and page metadata on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let slug: string;
  let evilSlug: string;

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    ({ slug, evilSlug } = await seedVersions(database.db));
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  const get = (url: string) => app.inject({ method: 'GET', url });

  it('shows each version as it was published, at its own address', async () => {
    const first = await get(`/practices/${slug}/versions/1`);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('<h1>Welcome desk for newcomers</h1>');
    expect(first.body).toContain('The first text of the context.');
    expect(first.body).toMatch(/Version 1 of 3, published \w+ \d{1,2}, \d{4}\./);
    expect(first.body).toContain(`<a href="/practices/${slug}">See the current version</a>`);
    expect(first.body).toContain('<meta name="robots" content="noindex"/>');
    expect(first.body).toContain(
      `<link rel="canonical" href="${TEST_PUBLIC_URL}/practices/${slug}/versions/1"/>`,
    );
    // The same article as the practice page: facts, organisations, place.
    expect(first.body).toContain('<article class="practice" lang="en" dir="ltr">');
    expect(first.body).toContain('City of Lisbon &amp; Partners');
    expect(first.body).toContain('Lisbon');

    const third = await get(`/practices/${slug}/versions/3`);
    expect(third.statusCode).toBe(200);
    expect(third.body).toContain('<h1>One-stop welcome desk</h1>');
    expect(third.body).toContain('The third text of the context.');
    expect(third.body).toContain('Version 3 of 3');
    expect(third.body).not.toContain('noindex');
    expect(third.body).toContain('Evaluated in 2024.');
    expect(third.body).toContain(
      `<link rel="canonical" href="${TEST_PUBLIC_URL}/practices/${slug}/versions/3"/>`,
    );
  });

  it('shows a version in a translation it has, and in the reader’s locale', async () => {
    const french = await get(`/fr/practices/${slug}/versions/2`);
    expect(french.statusCode).toBe(200);
    expect(french.body).toContain('<h1>Guichet d’accueil</h1>');
    expect(french.body).toContain(
      `<link rel="canonical" href="${TEST_PUBLIC_URL}/fr/practices/${slug}/versions/2"/>`,
    );
    const asked = await get(`/practices/${slug}/versions/2?lang=fr`);
    expect(asked.body).toContain('<h1>Guichet d’accueil</h1>');
  });

  it('answers 404 for a version that does not exist and 400 for one that is not a number', async () => {
    expect((await get(`/practices/${slug}/versions/4`)).statusCode).toBe(404);
    expect((await get(`/practices/${slug}/versions/0`)).statusCode).toBe(404);
    expect((await get('/practices/no-such-practice/versions/1')).statusCode).toBe(404);
    const wrong = await get(`/practices/${slug}/versions/two`);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain(
      '<strong>version</strong>: <span>must be a version number such as 2</span>',
    );
    expect((await get(`/practices/${slug}/versions/1.5`)).statusCode).toBe(400);
    expect((await get(`/practices/${evilSlug}/versions/1`)).statusCode).toBe(404);
  });

  it('lists every version with its permanent link on the history page', async () => {
    const history = await get(`/practices/${slug}/history`);
    expect(history.statusCode).toBe(200);
    for (const n of [1, 2, 3])
      expect(history.body).toContain(`<a href="/practices/${slug}/versions/${n}">Version ${n}</a>`);
  });

  it('cites the current version’s permalink on the practice page, with downloads', async () => {
    const page = await get(`/practices/${slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${TEST_PUBLIC_URL}/practices/${slug}/versions/3</p>`);
    expect(page.body).toContain(`href="/practices/${slug}/cite.bib?version=3&lang=en"`);
    expect(page.body).toContain(`href="/practices/${slug}/cite.json?version=3&lang=en"`);
    const version = await get(`/practices/${slug}/versions/1`);
    expect(version.body).toContain(`${TEST_PUBLIC_URL}/practices/${slug}/versions/1</p>`);
    expect(version.body).toContain(`href="/practices/${slug}/cite.bib?version=1&lang=en"`);
    // A practice from before versions were kept is cited at its page.
    const plain = await get(`/practices/${evilSlug}`);
    expect(plain.body).toContain(`${TEST_PUBLIC_URL}/practices/${evilSlug}</p>`);
    expect(plain.body).toContain(`href="/practices/${evilSlug}/cite.bib?lang=en"`);
  });

  it('describes a practice in schema.org JSON-LD', async () => {
    const page = await get(`/practices/${slug}`);
    const [data, ...others] = jsonLdOf(page.body);
    expect(others).toEqual([]);
    const url = `${TEST_PUBLIC_URL}/practices/${slug}`;
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Article',
      name: 'One-stop welcome desk',
      headline: 'One-stop welcome desk',
      description: 'One place for every service a newcomer needs.',
      url,
      inLanguage: 'en',
      version: 3,
      license: 'https://creativecommons.org/licenses/by/4.0/',
      author: [
        {
          '@type': 'Organization',
          name: 'City of Lisbon & Partners',
          url: 'https://www.lisboa.pt/',
        },
      ],
      contributor: [{ '@type': 'Organization', name: 'Refugee Council' }],
      publisher: { '@type': 'Organization', name: 'Integration Clearinghouse' },
      isPartOf: { '@type': 'WebSite', url: `${TEST_PUBLIC_URL}/` },
      spatialCoverage: {
        '@type': 'Place',
        address: { addressLocality: 'Lisbon', addressCountry: 'PT' },
        containedInPlace: { '@type': 'Country', identifier: 'PT' },
      },
    });
    expect(data?.about).toContainEqual(
      expect.objectContaining({
        '@type': 'DefinedTerm',
        termCode: 'housing',
        url: `${TEST_PUBLIC_URL}/themes/housing`,
      }),
    );
    expect(Date.parse(data?.dateModified as string)).not.toBeNaN();
    expect(Date.parse(data?.datePublished as string)).not.toBeNaN();
    const { geo } = (data?.spatialCoverage ?? {}) as {
      geo?: { latitude: number; longitude: number };
    };
    expect(geo?.latitude).toBeCloseTo(38.7, 0);
    expect(geo?.longitude).toBeCloseTo(-9.1, 0);

    const version = jsonLdOf((await get(`/practices/${slug}/versions/1`)).body)[0];
    expect(version).toMatchObject({
      '@type': 'Article',
      name: 'Welcome desk for newcomers',
      url: `${url}/versions/1`,
      version: 1,
    });
  });

  it('keeps a title that closes the script element inside the JSON-LD', async () => {
    const page = await get(`/practices/${evilSlug}`);
    expect(page.statusCode).toBe(200);
    // The structured data and the site script: no script element comes from the text.
    const scripts = DomUtils.getElementsByTagName('script', parseDocument(page.body));
    expect(scripts.map((s) => s.attribs.type ?? s.attribs.src)).toEqual([
      'application/ld+json',
      expect.stringMatching(/^\/static\/js\/site\.js/),
    ]);
    // In the raw page too: outside attribute values (where `<` is only text, and `"` is escaped),
    // the only script openings are those two.
    const outsideAttributes = page.body.replace(/="[^"]*"/g, '=""');
    expect(outsideAttributes.match(/<script/gi)).toHaveLength(2);
    expect(outsideAttributes).not.toContain('alert(1)</script>');
    // Attribute values (Open Graph, description) are escaped in full as well.
    expect(page.body).not.toContain('<script>alert(1)');
    const [data] = jsonLdOf(page.body);
    expect(data?.name).toBe(`Evil ${EVIL} practice`);
    expect(data?.description).toBe(`A summary with ${EVIL} and \u2028 separators.`);
    expect(data?.author).toEqual([{ '@type': 'Organization', name: `Org ${EVIL}` }]);
    expect(data?.spatialCoverage).toEqual({
      '@type': 'Country',
      name: 'Canada',
      identifier: 'CA',
    });
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(page.body)?.[1];
    expect(script).not.toMatch(/[<>&\u2028\u2029]/);
  });

  it('describes the site with a search action on the home page, in each language', async () => {
    const home = await get('/');
    const [data] = jsonLdOf(home.body);
    const graph = data?.['@graph'] as Record<string, unknown>[];
    expect(graph.map((n) => n['@type'])).toEqual(['WebSite', 'Organization']);
    expect(graph[0]).toMatchObject({
      url: `${TEST_PUBLIC_URL}/`,
      name: 'Integration Clearinghouse',
      inLanguage: 'en',
      potentialAction: {
        '@type': 'SearchAction',
        target: {
          '@type': 'EntryPoint',
          urlTemplate: `${TEST_PUBLIC_URL}/search?q={search_term_string}`,
        },
        'query-input': 'required name=search_term_string',
      },
    });
    const french = jsonLdOf((await get('/fr')).body)[0]?.['@graph'] as Record<string, unknown>[];
    expect(french[0]).toMatchObject({
      url: `${TEST_PUBLIC_URL}/fr`,
      inLanguage: 'fr',
      potentialAction: {
        target: { urlTemplate: `${TEST_PUBLIC_URL}/fr/search?q={search_term_string}` },
      },
    });
  });

  it('marks theme, region and country pages as collections, and other pages not at all', async () => {
    for (const path of ['/themes/housing', '/regions/150', '/countries/PT']) {
      const page = await get(path);
      expect(page.statusCode, path).toBe(200);
      expect(jsonLdOf(page.body), path).toEqual([
        expect.objectContaining({
          '@type': 'CollectionPage',
          url: `${TEST_PUBLIC_URL}${path}`,
          inLanguage: 'en',
          isPartOf: expect.objectContaining({ '@type': 'WebSite' }),
        }),
      ]);
    }
    expect(jsonLdOf((await get('/about')).body)).toEqual([]);
    expect(jsonLdOf((await get('/themes/no-such-theme')).body)).toEqual([]);
  });

  it('gives every page Open Graph and Twitter card tags', async () => {
    const page = (await get(`/practices/${slug}`)).body;
    expect(metaContent(page, 'og:type')).toEqual(['article']);
    expect(metaContent(page, 'og:title')).toEqual(['One-stop welcome desk']);
    expect(metaContent(page, 'og:description')).toEqual([
      'One place for every service a newcomer needs.',
    ]);
    expect(metaContent(page, 'og:url')).toEqual([`${TEST_PUBLIC_URL}/practices/${slug}`]);
    expect(metaContent(page, 'og:site_name')).toEqual(['Integration Clearinghouse']);
    expect(metaContent(page, 'og:locale')).toEqual(['en_GB']);
    expect(metaContent(page, 'og:locale:alternate')).toEqual([
      'ar_AR',
      'es_ES',
      'fr_FR',
      'ru_RU',
      'zh_CN',
    ]);
    expect(metaContent(page, 'twitter:card')).toEqual(['summary']);

    const about = (await get('/fr/about')).body;
    expect(metaContent(about, 'og:type')).toEqual(['website']);
    expect(metaContent(about, 'og:locale')).toEqual(['fr_FR']);
    expect(metaContent(about, 'og:url')).toEqual([`${TEST_PUBLIC_URL}/fr/about`]);
    expect(metaContent(about, 'og:locale:alternate')).not.toContain('fr_FR');
    // Attribute values are escaped: the evil title stays inside its attribute.
    const evil = parseDocument((await get(`/practices/${evilSlug}`)).body);
    const ogTitle = DomUtils.findOne(
      (e) => e.name === 'meta' && e.attribs.property === 'og:title',
      evil.children,
    );
    expect(ogTitle?.attribs.content).toBe(`Evil ${EVIL} practice`);
  });
});
