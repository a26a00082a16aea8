import { setImmediate } from 'node:timers/promises';
import { NotFoundError } from '../../core/errors.ts';
import { localePath } from '../../core/http/locale.ts';
import { DEFAULT_LOCALE, LOCALES } from '../../core/i18n/locales.ts';
import { el, XML_DECLARATION, type Xml, xmlDocument } from '../../core/xml.ts';
import type { Db } from '../../db/connect.ts';
import { listOrganisationSitemapEntries } from '../directory/index.ts';
import { listEventSitemapEntries } from '../events/index.ts';
import { listResourceSitemapEntries } from '../library/index.ts';
import { listListedProfileIds } from '../people/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import { listCityIdsWithPractices } from '../practices/index.ts';
import { listNewsSitemapEntries } from '../press/index.ts';
import { listRecommendationSitemapEntries } from '../recommendations/index.ts';
import { DISPLAY_FACETS, type SearchFilters, type SearchResult, search } from '../search/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';

/**
 * Sitemaps for search engines (sitemaps.org 0.9), with each page's six language versions as
 * hreflang alternates (Google's xhtml:link extension):
 *
 *   /sitemap.xml                an index of the files below
 *   /sitemaps/static.xml        home, lists, themes, regions, countries with practices, about…
 *   /sitemaps/practices-1.xml   practices, most recently updated first, `practicesPerFile` each
 *   /sitemaps/content-1.xml     events, press items, recommendations, resources, organisations,
 *                               city profiles and listed people, `contentPerFile` pages each
 *
 * Each practice is six <url> entries (one per language), so a file of 4,000 practices holds
 * 24,000 URLs, within the limits of 50,000 URLs and 50 MB. Archived practices are left out.
 * Practice files are read from the search's in-memory list of listed practices and written 500 at
 * a time, so a request holds one batch however many practices there are. Newest first means an
 * update moves a practice into file 1 (and the others along): crawlers find changes early.
 */
export const sitemapSettings = {
  /** Practices per sub-sitemap (tests set a small number to get several files). */
  practicesPerFile: 4000,
  /** Pages of other content per sub-sitemap: six URLs each, so 48,000 URLs at most. */
  contentPerFile: 8000,
};

interface ContentPage {
  path: string;
  lastmod?: string;
}

/** Every page of content that is not a practice, in a stable order. */
async function contentPages(db: Db): Promise<ContentPage[]> {
  const [events, news, recommendations, resources, organisations, cityIds, people] =
    await Promise.all([
      listEventSitemapEntries(db),
      listNewsSitemapEntries(db),
      listRecommendationSitemapEntries(db),
      listResourceSitemapEntries(db),
      listOrganisationSitemapEntries(db),
      listCityIdsWithPractices(db),
      listListedProfileIds(db),
    ]);
  const pages = (prefix: string, rows: { slug: string; updated_at: string }[]) =>
    rows.map((r) => ({ path: `${prefix}/${encodeURIComponent(r.slug)}`, lastmod: r.updated_at }));
  return [
    ...pages('/events', events),
    ...pages('/press', news),
    ...pages('/recommendations', recommendations),
    ...pages('/resources', resources),
    ...pages('/organisations', organisations),
    ...cityIds.map((id) => ({ path: `/cities/${id}` })),
    ...people.map((p) => ({ path: `/people/${p.user_id}`, lastmod: p.updated_at })),
  ];
}

/** Content file `n` (from 1); a number past the last file is not found. */
export async function contentSitemap(db: Db, publicUrl: string, n: number): Promise<string> {
  const perFile = sitemapSettings.contentPerFile;
  const all = await contentPages(db);
  const slice = all.slice((n - 1) * perFile, n * perFile);
  // File 1 exists even when empty, as the index lists it.
  if (n < 1 || (slice.length === 0 && n > 1))
    throw new NotFoundError('sitemap_not_found', `There is no content sitemap ${n}.`);
  const body = slice.map((page) => localizedUrls(publicUrl, page.path, page.lastmod)).join('\n');
  return `${urlsetOpen()}${body}\n</urlset>\n`;
}

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const BATCH = 500;
/** Practices written between two turns of the event loop. */
const SLICE = 100;

const NO_FILTERS = Object.fromEntries(
  DISPLAY_FACETS.map((f) => [f, []]),
) as unknown as SearchFilters;

/** Listed (not archived) practices, newest first: one page of `perPage`. */
function listed(db: Db, page: number, perPage: number): Promise<SearchResult> {
  return search(db, {
    q: '',
    filters: NO_FILTERS,
    page,
    perPage,
    sort: 'newest',
    locale: DEFAULT_LOCALE,
    log: false,
  });
}

/** The largest batch of at most BATCH that divides a file evenly, so batches align with files. */
function batchSizeFor(perFile: number): number {
  for (let size = Math.min(BATCH, perFile); size > 1; size--) if (perFile % size === 0) return size;
  return 1;
}

/** The address of a page in each language, and x-default (the unprefixed, English one). */
function alternates(publicUrl: string, path: string): Xml[] {
  return [
    ...LOCALES.map((locale) =>
      el('xhtml:link', {
        rel: 'alternate',
        hreflang: locale,
        href: `${publicUrl}${localePath(locale, path)}`,
      }),
    ),
    el('xhtml:link', { rel: 'alternate', hreflang: 'x-default', href: `${publicUrl}${path}` }),
  ];
}

/** One <url> per language version of a page, each listing every version. */
function localizedUrls(publicUrl: string, path: string, lastmod?: string): string {
  const links = alternates(publicUrl, path);
  return LOCALES.map(
    (locale) =>
      el(
        'url',
        null,
        el('loc', null, `${publicUrl}${localePath(locale, path)}`),
        lastmod ? el('lastmod', null, new Date(lastmod).toISOString()) : null,
        links,
      ).xml,
  ).join('\n');
}

function urlsetOpen(): string {
  return `${XML_DECLARATION}<urlset xmlns="${SITEMAP_NS}" xmlns:xhtml="${XHTML_NS}">\n`;
}

/** The sitemap index: the static pages' file, then one file per `practicesPerFile` practices. */
export async function sitemapIndex(db: Db, publicUrl: string): Promise<string> {
  const perFile = sitemapSettings.practicesPerFile;
  const { total } = await listed(db, 1, 1);
  const files: Xml[] = [el('sitemap', null, el('loc', null, `${publicUrl}/sitemaps/static.xml`))];
  for (let n = 1; (n - 1) * perFile < total; n++) {
    // Newest first: a file's first practice is its most recent change.
    const newest = (await listed(db, (n - 1) * perFile + 1, 1)).hits[0]?.card.updatedAt;
    files.push(
      el(
        'sitemap',
        null,
        el('loc', null, `${publicUrl}/sitemaps/practices-${n}.xml`),
        newest ? el('lastmod', null, new Date(newest).toISOString()) : null,
      ),
    );
  }
  const content = await contentPages(db);
  const contentFiles = Math.max(1, Math.ceil(content.length / sitemapSettings.contentPerFile));
  for (let n = 1; n <= contentFiles; n++)
    files.push(el('sitemap', null, el('loc', null, `${publicUrl}/sitemaps/content-${n}.xml`)));
  return xmlDocument(el('sitemapindex', { xmlns: SITEMAP_NS }, files));
}

/** Pages that are not practices: home, lists, every theme and region, countries with practices. */
export async function staticSitemap(db: Db, publicUrl: string): Promise<string> {
  const [taxonomy, places, all] = await Promise.all([
    getTaxonomy(db, DEFAULT_LOCALE),
    getPlaceIndex(db, DEFAULT_LOCALE),
    listed(db, 1, 1),
  ]);
  const segment = (value: string) => encodeURIComponent(value);
  const paths = [
    '/',
    '/practices',
    '/themes',
    ...taxonomy.list('policy-area').map((c) => `/themes/${segment(c.id)}`),
    ...taxonomy.list('theme').map((c) => `/themes/${segment(c.id)}`),
    '/regions',
    ...places.regions.filter((r) => r.code !== '001').map((r) => `/regions/${segment(r.code)}`),
    ...all.facets.country.filter((c) => c.count > 0).map((c) => `/countries/${segment(c.id)}`),
    '/about',
    '/evidence',
    '/calls',
    '/recommendations',
    '/recommendations/matrix',
    '/resources',
    '/events',
    '/press',
    '/organisations',
    '/coverage',
    '/cities/like-mine',
    '/experts',
    '/exports',
  ];
  const body = paths.map((path) => localizedUrls(publicUrl, path)).join('\n');
  return `${urlsetOpen()}${body}\n</urlset>\n`;
}

/**
 * Practice file `n` (from 1), written batch by batch. A number past the last file is not found
 * (checked before anything is sent).
 */
export async function practiceSitemap(
  db: Db,
  publicUrl: string,
  n: number,
): Promise<AsyncIterable<string>> {
  const perFile = sitemapSettings.practicesPerFile;
  const batch = batchSizeFor(perFile);
  const firstPage = ((n - 1) * perFile) / batch + 1;
  const first =
    Number.isSafeInteger(firstPage) && n >= 1 ? await listed(db, firstPage, batch) : null;
  if (!first || first.hits.length === 0)
    throw new NotFoundError('sitemap_not_found', `There is no practice sitemap ${n}.`);
  return (async function* () {
    yield urlsetOpen();
    let result = first;
    let page = firstPage;
    let written = 0;
    for (;;) {
      for (let start = 0; start < result.hits.length; start += SLICE) {
        // Other requests get their turn between slices of a long file.
        if (start > 0) await setImmediate();
        yield `${result.hits
          .slice(start, start + SLICE)
          .map((hit) =>
            localizedUrls(
              publicUrl,
              `/practices/${encodeURIComponent(hit.card.slug)}`,
              hit.card.updatedAt,
            ),
          )
          .join('\n')}\n`;
      }
      written += result.hits.length;
      if (written >= perFile || result.hits.length < batch) break;
      page++;
      result = await listed(db, page, batch);
      if (result.hits.length === 0) break;
    }
    yield '</urlset>\n';
  })();
}

/** Paths of the signed-in areas, the uploads and the JSON API, in every language. */
const PRIVATE_PATHS = [
  '/account',
  '/admin',
  '/editor',
  '/review',
  '/submissions',
  '/files',
  '/api/',
];

/**
 * robots.txt: everything public may be crawled, not the signed-in areas, uploads or the JSON API;
 * the API's documentation page stays crawlable (the longer Allow rule wins over /api/).
 */
export function robotsTxt(publicUrl: string): string {
  const prefixes = LOCALES.map((locale) => (locale === DEFAULT_LOCALE ? '' : `/${locale}`));
  return [
    'User-agent: *',
    'Allow: /',
    ...prefixes.flatMap((prefix) => PRIVATE_PATHS.map((path) => `Disallow: ${prefix}${path}`)),
    ...prefixes.map((prefix) => `Allow: ${prefix}/api/docs`),
    '',
    `Sitemap: ${publicUrl}/sitemap.xml`,
    '',
  ].join('\n');
}
