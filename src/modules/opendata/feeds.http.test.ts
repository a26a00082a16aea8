import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import Parser from 'rss-parser';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateXML } from 'xmllint-wasm';
import { buildTestApp, TEST_PUBLIC_URL } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { announceContentChanged, markContentChanged } from '../../core/content-version.ts';
import { escapeXml } from '../../core/xml.ts';
import { ensureFoundingOrganisations } from '../directory/founding-organisations.ts';
import { FOUNDING_EVENT_SLUG } from '../events/event.service.ts';
import type { RawRecord } from '../practices/interchange-format.ts';
import { importPractices, setPracticeArchived } from '../practices/practice-interchange.service.ts';
import { FOUNDING_PRESS_SLUG, loadFoundingPressRelease } from '../press/news.service.ts';
import { recordChanges } from '../search/search.repository.ts';
import { sitemapSettings } from './sitemap.service.ts';

const URL_ = TEST_PUBLIC_URL;
const UUID_A = 'c2a5b7e4-3f1d-4c8e-9a6b-1d2e3f4a5b6c';

const RECORDS = [
  {
    external_id: UUID_A,
    title: 'Housing first in Berlin',
    language: 'en',
    summary: 'Flats for newly arrived refugees, with a social worker for each household.',
    country: 'DE',
    city: 'Berlin',
    themes: ['housing'],
    organisations: [
      { name: 'Berlin Senate Department for Social Affairs', role: 'lead' },
      { name: 'A partner association', role: 'partner' },
    ],
    translations: {
      fr: {
        title: 'Le logement d’abord à Berlin',
        summary: 'Des appartements pour les réfugiés nouvellement arrivés.',
        status: 'machine_translation_reviewed',
      },
    },
  },
  {
    external_id: 'feed-health-de',
    title: 'Health mediators in Hamburg',
    language: 'en',
    summary: 'Mediators who speak the languages of new arrivals accompany them to doctors.',
    country: 'DE',
    city: 'Hamburg',
    themes: ['health'],
    organisations: [{ name: 'Hamburg Health Office', role: 'lead' }],
  },
  {
    external_id: 'feed-housing-ca',
    title: 'Welcome homes in Montreal',
    language: 'en',
    summary: 'Tenants <b>and</b> landlords meet & sign "fair" leases.',
    country: 'CA',
    city: 'Montreal',
    themes: ['housing'],
    organisations: [{ name: 'City of Montreal', role: 'lead' }],
  },
  {
    external_id: 'feed-archived',
    title: 'Archived shelter programme',
    language: 'en',
    summary: 'A programme that has been archived.',
    country: 'DE',
    themes: ['housing'],
    organisations: [{ name: 'Old Office', role: 'lead' }],
  },
];

// Updated in this order (oldest first), so the feeds list Montreal, Hamburg, then Berlin.
const UPDATED: Record<string, string> = {
  [UUID_A]: '2026-03-01T10:00:00.000Z',
  'feed-health-de': '2026-03-02T10:00:00.000Z',
  'feed-housing-ca': '2026-03-03T10:00:00.000Z',
  'feed-archived': '2026-03-04T10:00:00.000Z',
};

async function* fromValues(values: unknown[]): AsyncGenerator<RawRecord> {
  let number = 0;
  for (const value of values) yield { number: ++number, value };
}

const xsd = (name: string) => ({
  fileName: name,
  contents: readFileSync(new URL(`../../../test/fixtures/xsd/${name}`, import.meta.url), 'utf8'),
});

async function expectValid(xml: string, schema: string, preload: string[] = []) {
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: [xsd(schema)],
    preload: preload.map(xsd),
  });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(result.valid).toBe(true);
}

async function expectInvalid(xml: string, schema: string, preload: string[] = []) {
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: [xsd(schema)],
    preload: preload.map(xsd),
  });
  expect(result.valid).toBe(false);
  return result.errors.map((e) => e.message).join('\n');
}

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] as string);

type AtomItem = {
  id?: string;
  author?: string;
  updated?: string;
  published?: string;
  categories?: { $: { term: string; label: string; scheme: string } }[];
};
type RssItem = { guid?: string };
const atomParser = new Parser<{ rights?: { _: string } | string; updated?: string }, AtomItem>({
  customFields: {
    feed: ['rights', 'updated'],
    item: ['updated', 'published', ['category', 'categories', { keepArray: true }]] as never,
  },
});
const rssParser = new Parser<{ copyright?: string; language?: string }, RssItem>({
  customFields: { feed: ['copyright', 'language'] },
});

describe('the XML writer', () => {
  it('escapes markup and drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml('a < b & "c" \'d\' > e')).toBe(
      'a &lt; b &amp; &quot;c&quot; &apos;d&apos; &gt; e',
    );
    expect(escapeXml('bell\u0007 nul\u0000 tab\t lone\uD800 ok 😀 \uFFFE')).toBe(
      'bell nul tab\t lone ok 😀 ',
    );
  });
});

describe.each(dialects)('feeds and sitemaps on %s', (dialect: DialectName) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  const slugs: Record<string, string> = {};

  beforeAll(async () => {
    database = await createPreparedDatabase(dialect);
    const report = await importPractices(database.db, fromValues(RECORDS));
    expect(report.problems).toEqual([]);
    const rows = await database.db
      .selectFrom('practices')
      .select(['id', 'slug', 'external_id'])
      .execute();
    for (const row of rows) {
      slugs[row.external_id] = row.slug;
      await database.db
        .updateTable('practices')
        .set({ updated_at: UPDATED[row.external_id] as string })
        .where('id', '=', row.id)
        .execute();
      if (row.external_id === 'feed-archived') await setPracticeArchived(database.db, row.id, true);
    }
    await markContentChanged(database.db);
    announceContentChanged();
    app = await buildTestApp(database);
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  const get = async (url: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url, headers });
  const practiceUrl = (externalId: string, prefix = '') =>
    `${URL_}${prefix}/practices/${slugs[externalId]}`;

  describe('Atom and RSS', () => {
    it('lists the listed practices newest first, as Atom with ids, dates, authors and themes', async () => {
      const response = await get('/feeds/practices.atom');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
      expect(response.headers['cache-control']).toMatch(/^public/);
      const feed = await atomParser.parseString(response.body);
      expect(feed.title).toBe('Practices');
      expect(feed.link).toBe(`${URL_}/practices`);
      expect(feed.feedUrl).toBe(`${URL_}/feeds/practices.atom`);
      const rights = typeof feed.rights === 'string' ? feed.rights : feed.rights?._;
      expect(rights).toContain('CC BY 4.0');
      expect(feed.updated).toBe(UPDATED['feed-housing-ca']);
      expect(feed.items.map((i) => i.title)).toEqual([
        'Welcome homes in Montreal',
        'Health mediators in Hamburg',
        'Housing first in Berlin',
      ]);
      const berlin = feed.items[2];
      expect(berlin?.link).toBe(practiceUrl(UUID_A));
      expect(berlin?.id).toBe(`urn:uuid:${UUID_A}`);
      expect(berlin?.author).toBe('Berlin Senate Department for Social Affairs');
      expect(berlin?.updated).toBe(UPDATED[UUID_A]);
      expect(Date.parse(berlin?.published ?? '')).not.toBeNaN();
      expect(berlin?.categories?.map((c) => c.$)).toEqual([
        { term: 'housing', label: 'Housing', scheme: `${URL_}/themes/` },
      ]);
      expect(feed.items[1]?.id).toBe('tag:clearinghouse.test,2026:practice:feed-health-de');
      expect(feed.items[0]?.summary).toBe(
        'Tenants <b>and</b> landlords meet & sign "fair" leases.',
      );
    });

    it('serves RSS 2.0 with the same entries, and HTML-escaped descriptions', async () => {
      const response = await get('/feeds/practices.rss?theme=housing');
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
      const feed = await rssParser.parseString(response.body);
      expect(feed.title).toBe('Practices — Theme: Housing');
      expect(feed.link).toBe(`${URL_}/practices?theme=housing`);
      expect(feed.copyright).toContain('CC BY 4.0');
      expect(feed.language).toBe('en');
      expect(feed.items.map((i) => i.title)).toEqual([
        'Welcome homes in Montreal',
        'Housing first in Berlin',
      ]);
      const [montreal, berlin] = feed.items;
      expect(montreal?.link).toBe(practiceUrl('feed-housing-ca'));
      expect(montreal?.guid).toBe('tag:clearinghouse.test,2026:practice:feed-housing-ca');
      expect(montreal?.creator).toBe('City of Montreal');
      expect(montreal?.categories as unknown).toEqual([
        { _: 'Housing', $: { domain: `${URL_}/themes/` } },
      ]);
      expect(montreal?.isoDate).toBe(UPDATED['feed-housing-ca']);
      // Read as HTML, the description shows the summary's text, not its would-be markup.
      expect(montreal?.content).toBe(
        'Tenants &lt;b&gt;and&lt;/b&gt; landlords meet &amp; sign &quot;fair&quot; leases.',
      );
      expect(berlin?.guid).toBe(`urn:uuid:${UUID_A}`);
    });

    it('holds exactly the practices of a search: words, theme, country', async () => {
      const titles = async (query: string) =>
        (
          await atomParser.parseString((await get(`/feeds/practices.atom?${query}`)).body)
        ).items.map((i) => i.title);
      expect(await titles('theme=housing&country=DE')).toEqual(['Housing first in Berlin']);
      expect(await titles('country=de')).toEqual([
        'Health mediators in Hamburg',
        'Housing first in Berlin',
      ]);
      expect(await titles('theme=health')).toEqual(['Health mediators in Hamburg']);
      expect(await titles('q=Montreal')).toEqual(['Welcome homes in Montreal']);
      expect(await titles('theme=housing&theme=health&country=CA')).toEqual([
        'Welcome homes in Montreal',
      ]);
      // The search page's own parameters are accepted, so any search address has a feed.
      expect(await titles('theme=health&sort=relevance&page=2&per_page=5')).toEqual([
        'Health mediators in Hamburg',
      ]);
      const feed = await atomParser.parseString(
        (await get('/feeds/practices.atom?q=Montreal&theme=housing&country=CA')).body,
      );
      expect(feed.title).toBe('Search practices — “Montreal”; Theme: Housing; Country: Canada');
      expect(feed.link).toBe(`${URL_}/search?q=Montreal&theme=housing&country=CA`);
    });

    it('gives French titles and links under /fr/ or with lang=fr, where translated', async () => {
      for (const url of [
        '/fr/feeds/practices.atom?theme=housing',
        '/feeds/practices.atom?theme=housing&lang=fr',
      ]) {
        const response = await get(url);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.body).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">');
        const feed = await atomParser.parseString(response.body);
        expect(feed.title).toBe('Pratiques — Thème: Logement');
        expect(feed.feedUrl).toBe(`${URL_}/fr/feeds/practices.atom?theme=housing`);
        expect(feed.items.map((i) => [i.title, i.link])).toEqual([
          ['Welcome homes in Montreal', practiceUrl('feed-housing-ca', '/fr')],
          ['Le logement d’abord à Berlin', practiceUrl(UUID_A, '/fr')],
        ]);
        expect(feed.items[1]?.categories?.[0]?.$.label).toBe('Logement');
        expect(feed.items[1]?.summary).toBe(
          'Des appartements pour les réfugiés nouvellement arrivés.',
        );
      }
      const rss = await rssParser.parseString((await get('/fr/feeds/practices.rss')).body);
      expect(rss.language).toBe('fr');
      expect(rss.copyright).toContain('CC BY 4.0');
      expect(rss.items.map((i) => i.title)).toContain('Le logement d’abord à Berlin');
    });

    it('says which entries are translations, and of what, in Atom and RSS', async () => {
      const atom = (await get('/fr/feeds/practices.atom?theme=housing')).body;
      const entries = atom.split('<entry>').slice(1);
      const [montreal, berlin] = entries;
      const scheme = 'tag:clearinghouse.test,2026:translation-status';
      expect(berlin).toContain(
        `<link rel="alternate" type="text/html" hreflang="fr" href="${practiceUrl(UUID_A, '/fr')}"/>`,
      );
      expect(berlin).toContain(
        `<link rel="alternate" type="text/html" hreflang="en" href="${practiceUrl(UUID_A, '/fr')}?lang=en"/>`,
      );
      expect(berlin).toContain(
        `<category term="machine_translation_reviewed" scheme="${scheme}" label="Traduction automatique relue par la rédaction"/>`,
      );
      expect(berlin).toContain('<title type="text" xml:lang="fr">');
      // An untranslated practice is in its own language, and says nothing of translation.
      expect(montreal).toContain('<title type="text" xml:lang="en">');
      expect(montreal).not.toContain(scheme);
      expect(montreal).not.toContain('hreflang');
      const feed = await atomParser.parseString(atom);
      expect(feed.items[1]?.categories?.map((c) => c.$.term)).toEqual([
        'housing',
        'machine_translation_reviewed',
      ]);

      const rss = (await get('/fr/feeds/practices.rss?theme=housing')).body;
      expect(rss).toContain('xmlns:dc="http://purl.org/dc/elements/1.1/"');
      const items = rss.split('<item>').slice(1);
      expect(items[0]).toContain('<dc:language>en</dc:language>');
      expect(items[0]).not.toContain(scheme);
      expect(items[1]).toContain('<dc:language>fr</dc:language>');
      expect(items[1]).toContain(
        `<category domain="${scheme}">Traduction automatique relue par la rédaction</category>`,
      );
      const parsed = await rssParser.parseString(rss);
      expect(parsed.items.map((i) => i.title)).toEqual([
        'Welcome homes in Montreal',
        'Le logement d’abord à Berlin',
      ]);
    });

    /** Dates a practice behind the services' back, and tells search what changed as a write does. */
    async function touchPractice(externalId: string, updatedAt: string): Promise<void> {
      const row = await database.db
        .updateTable('practices')
        .set({ updated_at: updatedAt })
        .where('external_id', '=', externalId)
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordChanges(database.db, 'practices', [row.id], new Date().toISOString());
      await markContentChanged(database.db);
      announceContentChanged();
    }

    it('answers a conditional request with 304 until a practice changes', async () => {
      const first = await get('/feeds/practices.atom?theme=housing');
      const etag = first.headers.etag as string;
      const lastModified = first.headers['last-modified'] as string;
      expect(etag).toMatch(/^W\/".+"$/);
      expect(new Date(lastModified).toISOString()).toBe('2026-03-03T10:00:00.000Z');

      const byTag = await get('/feeds/practices.atom?theme=housing', { 'if-none-match': etag });
      expect(byTag.statusCode).toBe(304);
      expect(byTag.body).toBe('');
      expect(byTag.headers.etag).toBe(etag);
      const byDate = await get('/feeds/practices.atom?theme=housing', {
        'if-modified-since': lastModified,
      });
      expect(byDate.statusCode).toBe(304);
      // Another language or format is another document.
      expect(
        (await get('/fr/feeds/practices.atom?theme=housing', { 'if-none-match': etag })).statusCode,
      ).toBe(200);
      expect(
        (await get('/feeds/practices.atom?theme=housing', { 'if-none-match': 'W/"other"' }))
          .statusCode,
      ).toBe(200);

      await touchPractice(UUID_A, '2026-03-05T10:00:00.000Z');
      try {
        const changed = await get('/feeds/practices.atom?theme=housing', { 'if-none-match': etag });
        expect(changed.statusCode).toBe(200);
        expect(changed.headers.etag).not.toBe(etag);
        const feed = await atomParser.parseString(changed.body);
        expect(feed.items[0]?.title).toBe('Housing first in Berlin');
        expect(
          (await get('/feeds/practices.atom?theme=housing', { 'if-modified-since': lastModified }))
            .statusCode,
        ).toBe(200);
      } finally {
        await touchPractice(UUID_A, UPDATED[UUID_A] as string);
      }
    });

    it('gives an empty feed, still valid, for a search that finds nothing', async () => {
      const response = await get('/feeds/practices.rss?theme=health&country=CA');
      expect(response.statusCode).toBe(200);
      expect(response.headers['last-modified']).toBeUndefined();
      expect((await rssParser.parseString(response.body)).items).toEqual([]);
    });

    it.each([
      ['theme=flying', 'theme', 'unknown value "flying"'],
      ['country=XX', 'country', 'unknown value "XX"'],
      ['colour=blue', 'colour', 'is not a known parameter'],
      ['lang=de', 'lang', 'must be one of en, ar, es, fr, ru, zh'],
      ['sort=random', 'sort', 'must be one of relevance, newest'],
    ])('answers %s with a 400 problem naming the parameter', async (query, field, message) => {
      for (const format of ['atom', 'rss']) {
        const response = await get(`/feeds/practices.${format}?${query}`);
        expect(response.statusCode, response.body).toBe(400);
        expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        const problem = response.json() as { errors: { field: string; message: string }[] };
        expect(problem.errors[0]?.field).toBe(field);
        expect(problem.errors[0]?.message).toContain(message);
      }
    });
  });

  describe('sitemaps', () => {
    const perFile = sitemapSettings.practicesPerFile;
    afterEach(() => {
      sitemapSettings.practicesPerFile = perFile;
    });

    it('serves an index valid against siteindex.xsd', async () => {
      const response = await get('/sitemap.xml');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
      await expectValid(response.body, 'siteindex.xsd');
      expect(locs(response.body)).toEqual([
        `${URL_}/sitemaps/static.xml`,
        `${URL_}/sitemaps/practices-1.xml`,
        `${URL_}/sitemaps/content-1.xml`,
      ]);
      expect(response.body).toContain(`<lastmod>${UPDATED['feed-housing-ca']}</lastmod>`);
    });

    it('lists every listed practice in each language, with hreflang alternates, valid against sitemap.xsd', async () => {
      const response = await get('/sitemaps/practices-1.xml');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/xml; charset=utf-8');
      await expectValid(response.body, 'sitemap-with-alternates.xsd', [
        'sitemap.xsd',
        'xhtml-link.xsd',
      ]);
      const urls = locs(response.body);
      expect(urls).toHaveLength(3 * 6);
      for (const id of [UUID_A, 'feed-health-de', 'feed-housing-ca']) {
        for (const prefix of ['', '/ar', '/es', '/fr', '/ru', '/zh'])
          expect(urls).toContain(practiceUrl(id, prefix));
      }
      expect(response.body).not.toContain(slugs['feed-archived']);
      // Each <url> names all six versions and x-default.
      const berlin = response.body
        .split('</url>')
        .find((u) => u.includes(`<loc>${practiceUrl(UUID_A, '/fr')}</loc>`)) as string;
      expect(berlin).toContain(`<lastmod>${UPDATED[UUID_A]}</lastmod>`);
      expect([...berlin.matchAll(/hreflang="([^"]+)"/g)].map((m) => m[1])).toEqual([
        'en',
        'ar',
        'es',
        'fr',
        'ru',
        'zh',
        'x-default',
      ]);
      expect(berlin).toContain(
        `<xhtml:link rel="alternate" hreflang="x-default" href="${practiceUrl(UUID_A)}"/>`,
      );
      expect((await get('/sitemaps/practices-2.xml')).statusCode).toBe(404);

      // The schemas do check: a wrong date or language code is refused.
      const schemas = ['sitemap.xsd', 'xhtml-link.xsd'];
      expect(
        await expectInvalid(
          response.body.replace(/<lastmod>[^<]+</, '<lastmod>yesterday<'),
          'sitemap-with-alternates.xsd',
          schemas,
        ),
      ).toContain('lastmod');
      expect(
        await expectInvalid(
          response.body.replace('hreflang="x-default"', 'hreflang="not a language"'),
          'sitemap-with-alternates.xsd',
          schemas,
        ),
      ).toContain('hreflang');
    });

    it('lists events, press items and organisations in content files, valid against sitemap.xsd', async () => {
      await loadFoundingPressRelease(database.db);
      await ensureFoundingOrganisations(database.db);
      const response = await get('/sitemaps/content-1.xml');
      expect(response.statusCode).toBe(200);
      await expectValid(response.body, 'sitemap-with-alternates.xsd', [
        'sitemap.xsd',
        'xhtml-link.xsd',
      ]);
      const urls = locs(response.body);
      expect(urls).toContain(`${URL_}/events/${FOUNDING_EVENT_SLUG}`);
      expect(urls).toContain(`${URL_}/fr/press/${FOUNDING_PRESS_SLUG}`);
      expect(urls).toContain(`${URL_}/organisations/international-organization-for-migration`);
      // Six language versions of each page: 1 event, 1 press release, 4 organisations at least.
      expect(urls.length).toBeGreaterThanOrEqual(6 * 6);
      expect((await get('/sitemaps/content-2.xml')).statusCode).toBe(404);

      const perContentFile = sitemapSettings.contentPerFile;
      sitemapSettings.contentPerFile = 2;
      try {
        const index = locs((await get('/sitemap.xml')).body);
        const files = index.filter((u) => u.includes('/sitemaps/content-'));
        expect(files.length).toBe(Math.ceil(urls.length / 6 / 2));
        const last = await get(new URL(files[files.length - 1] as string).pathname);
        expect(last.statusCode).toBe(200);
      } finally {
        sitemapSettings.contentPerFile = perContentFile;
      }
    });

    it('splits practices over several files of at most practicesPerFile', async () => {
      sitemapSettings.practicesPerFile = 2;
      const index = await get('/sitemap.xml');
      await expectValid(index.body, 'siteindex.xsd');
      expect(locs(index.body)).toEqual([
        `${URL_}/sitemaps/static.xml`,
        `${URL_}/sitemaps/practices-1.xml`,
        `${URL_}/sitemaps/practices-2.xml`,
        `${URL_}/sitemaps/content-1.xml`,
      ]);
      const files = [];
      for (const n of [1, 2]) {
        const response = await get(`/sitemaps/practices-${n}.xml`);
        expect(response.statusCode).toBe(200);
        await expectValid(response.body, 'sitemap-with-alternates.xsd', [
          'sitemap.xsd',
          'xhtml-link.xsd',
        ]);
        files.push(locs(response.body));
      }
      const english = (urls: string[]) => urls.filter((u) => u.startsWith(`${URL_}/practices/`));
      expect(english(files[0] as string[])).toEqual([
        practiceUrl('feed-housing-ca'),
        practiceUrl('feed-health-de'),
      ]);
      expect(english(files[1] as string[])).toEqual([practiceUrl(UUID_A)]);
      expect(index.body).toContain(
        `<loc>${URL_}/sitemaps/practices-2.xml</loc><lastmod>${UPDATED[UUID_A]}</lastmod>`,
      );
      for (const n of [0, 3]) {
        const missing = await get(`/sitemaps/practices-${n}.xml`);
        expect(missing.statusCode).toBe(404);
        expect(missing.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      }
      expect((await get('/sitemaps/practices-x.xml')).statusCode).toBe(404);
    });

    it('lists the pages that are not practices, valid against sitemap.xsd', async () => {
      const response = await get('/sitemaps/static.xml');
      expect(response.statusCode).toBe(200);
      await expectValid(response.body, 'sitemap-with-alternates.xsd', [
        'sitemap.xsd',
        'xhtml-link.xsd',
      ]);
      const urls = locs(response.body);
      for (const path of [
        '/',
        '/practices',
        '/themes',
        '/themes/socio-economic',
        '/themes/housing',
        '/regions',
        '/regions/150',
        '/countries/DE',
        '/countries/CA',
        '/about',
        '/evidence',
        '/calls',
      ]) {
        expect(urls).toContain(`${URL_}${path}`);
        expect(urls).toContain(`${URL_}/zh${path === '/' ? '' : path}`);
      }
      // Countries without listed practices are left out.
      expect(urls).not.toContain(`${URL_}/countries/FR`);
      expect(new Set(urls).size).toBe(urls.length);
      // Every listed page answers.
      for (const url of urls.filter((u) => !u.includes('/regions/')).slice(0, 60)) {
        const page = await get(url.slice(URL_.length) || '/');
        expect(page.statusCode, url).toBe(200);
      }
    });

    it('serves robots.txt: private areas and the JSON API closed, the sitemap named', async () => {
      const response = await get('/robots.txt');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      const lines = response.body.split('\n');
      expect(lines[0]).toBe('User-agent: *');
      for (const prefix of ['', '/ar', '/es', '/fr', '/ru', '/zh']) {
        for (const path of [
          '/account',
          '/admin',
          '/editor',
          '/review',
          '/submissions',
          '/files',
          '/api/',
        ])
          expect(lines).toContain(`Disallow: ${prefix}${path}`);
        expect(lines).toContain(`Allow: ${prefix}/api/docs`);
      }
      expect(lines).not.toContain('Disallow: /');
      expect(lines).toContain(`Sitemap: ${URL_}/sitemap.xml`);
    });
  });
});
