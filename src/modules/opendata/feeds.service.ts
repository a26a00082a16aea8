import { createHash } from 'node:crypto';
import { readContentVersion } from '../../core/content-version.ts';
import { type FeedEntry, type FeedFormat, type FeedHead, renderFeed } from '../../core/feeds.ts';
import { localePath } from '../../core/http/locale.ts';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { findPracticeRef, loadPracticeRecords, type PracticeCard } from '../practices/index.ts';
import { type FacetValue, type SearchFilters, search } from '../search/index.ts';

/**
 * Atom and RSS feeds of the practices most recently published or updated, for any search: the
 * same words and filters as `/search` and `GET /api/v1/search`, newest first.
 *
 *   GET /feeds/practices.atom?q=housing&country=DE      the 50 newest matching, in English
 *   GET /fr/feeds/practices.rss?theme=health            the same as RSS, titles in French
 */
export const FEED_SIZE = 50;

/** Changes whenever the feed's markup changes, so that no reader keeps an old rendering. */
const RENDERING_VERSION = '2';
/** The date part of `tag:` entry ids (RFC 4151); fixed so that ids never change. */
const TAG_DATE = '2026';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FeedInput {
  q: string;
  filters: SearchFilters;
  locale: Locale;
  format: FeedFormat;
  publicUrl: string;
}

/** The practices of a feed and its version, before the rest of each entry is loaded. */
export interface FeedSelection {
  input: FeedInput;
  cards: PracticeCard[];
  /** The selected filter values with their labels in the feed's language, by parameter. */
  chosen: { parameter: keyof SearchFilters; labels: string[] }[];
  /** A weak validator: changes with the entries, the content (labels, names) and the language. */
  etag: string;
  /** The newest entry's update, or null for an empty feed. */
  lastModified: Date | null;
}

/** The search of a feed: words and filters checked as the search API checks them. */
export async function selectFeedPractices(db: Db, input: FeedInput): Promise<FeedSelection> {
  const [result, contentVersion] = await Promise.all([
    search(db, {
      q: input.q,
      filters: input.filters,
      page: 1,
      perPage: FEED_SIZE,
      sort: 'newest',
      locale: input.locale,
      // Feed readers poll: their requests are not searches people made.
      log: false,
    }),
    readContentVersion(db),
  ]);
  const cards = result.hits.map((hit) => hit.card);
  const chosen = (Object.keys(input.filters) as (keyof SearchFilters)[])
    .filter((parameter) => input.filters[parameter].length > 0)
    .map((parameter) => ({
      parameter,
      labels: [...new Set(input.filters[parameter])].map((value) =>
        labelOf(result.facets[parameter], parameter === 'country' ? value.toUpperCase() : value),
      ),
    }));
  const hash = createHash('sha1')
    .update(
      JSON.stringify([
        RENDERING_VERSION,
        input.format,
        input.locale,
        input.publicUrl,
        input.q,
        input.filters,
        contentVersion,
        cards.map((c) => [c.id, c.updatedAt]),
      ]),
    )
    .digest('base64url');
  const newest = cards.reduce<string | null>(
    (latest, c) => (latest === null || c.updatedAt > latest ? c.updatedAt : latest),
    null,
  );
  return {
    input,
    cards,
    chosen,
    etag: `W/"${hash}"`,
    lastModified: newest === null ? null : new Date(newest),
  };
}

function labelOf(values: FacetValue[] | undefined, id: string): string {
  return values?.find((v) => v.id === id)?.label ?? id;
}

/**
 * Rendered feeds by validator, per database, least recently used first: a reader polling without
 * If-None-Match costs a search, not a rendering. The validator covers everything a feed shows.
 */
const rendered = new WeakMap<Db, { bytes: number; feeds: Map<string, string> }>();
const RENDERED_MAX_BYTES = 16 * 1024 * 1024;

/** The feed document in its format, with each entry's id, dates and lead organisation. */
export async function renderPracticeFeed(db: Db, selection: FeedSelection): Promise<string> {
  let cache = rendered.get(db);
  if (!cache) {
    cache = { bytes: 0, feeds: new Map() };
    rendered.set(db, cache);
  }
  const key = `${selection.input.format}:${selection.etag}`;
  const hit = cache.feeds.get(key);
  if (hit !== undefined) {
    cache.feeds.delete(key);
    cache.feeds.set(key, hit);
    return hit;
  }
  const document = await buildFeed(db, selection);
  cache.feeds.set(key, document);
  cache.bytes += document.length;
  for (const [oldest, text] of cache.feeds) {
    if (cache.bytes <= RENDERED_MAX_BYTES) break;
    cache.feeds.delete(oldest);
    cache.bytes -= text.length;
  }
  return document;
}

async function buildFeed(db: Db, selection: FeedSelection): Promise<string> {
  const { input, cards } = selection;
  const ids = cards.map((c) => c.id);
  const [records, rows] = await Promise.all([
    loadPracticeRecords(db, ids),
    Promise.all(cards.map((c) => findPracticeRef(db, { slug: c.slug }))),
  ]);
  const host = new URL(input.publicUrl).hostname;
  const t = translator(input.locale);
  const recordOf = new Map(records.map((r) => [r.external_id, r]));
  const entries: FeedEntry[] = cards.map((card, i) => {
    const row = rows[i];
    const externalId = row?.externalId ?? String(card.id);
    const record = recordOf.get(externalId);
    const pagePath = localePath(input.locale, `/practices/${encodeURIComponent(card.slug)}`);
    const status =
      record && card.displayLanguage !== card.language
        ? (record.translations[card.displayLanguage]?.status ?? 'translation')
        : undefined;
    return {
      id: UUID.test(externalId)
        ? `urn:uuid:${externalId.toLowerCase()}`
        : `tag:${host},${TAG_DATE}:practice:${encodeURIComponent(externalId)}`,
      url: `${input.publicUrl}${pagePath}`,
      title: card.title,
      summary: card.summary,
      language: card.displayLanguage,
      published: new Date(row?.createdAt ?? card.updatedAt),
      updated: new Date(card.updatedAt),
      author: record?.organisations.find((o) => o.role === 'lead')?.name ?? null,
      categories: card.themes.map((theme) => ({ term: theme.id, label: theme.label })),
      ...(status === undefined
        ? {}
        : {
            translation: {
              scheme: `tag:${host},${TAG_DATE}:translation-status`,
              term: status,
              label:
                status === 'machine_translation_reviewed'
                  ? t('feed.translation.machineReviewed')
                  : t('feed.translation.translation'),
              originalLanguage: card.language,
              originalUrl: `${input.publicUrl}${pagePath}?lang=${encodeURIComponent(card.language)}`,
            },
          }),
    };
  });
  return renderFeed(input.format, feedHead(selection), entries);
}

/** The query string of a feed or search page for these words and filters (canonical order). */
export function searchQueryString(q: string, filters: SearchFilters): string {
  const params = new URLSearchParams();
  if (q.trim() !== '') params.append('q', q);
  for (const parameter of Object.keys(filters) as (keyof SearchFilters)[]) {
    for (const value of new Set(filters[parameter])) params.append(parameter, value);
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

function feedHead(selection: FeedSelection): FeedHead {
  const { input, chosen, lastModified } = selection;
  const t = translator(input.locale);
  const words = input.q.trim().replace(/\s+/g, ' ');
  const parts = [
    ...(words === '' ? [] : [`“${words.length > 100 ? `${words.slice(0, 100)}…` : words}”`]),
    ...chosen.map((c) => `${t(`filter.${c.parameter}` as MessageKey)}: ${c.labels.join(', ')}`),
  ];
  const base = t(words === '' ? 'practices.title' : 'search.title');
  const query = searchQueryString(input.q, input.filters);
  const feedUrl = (format: FeedFormat) =>
    `${input.publicUrl}${localePath(input.locale, `/feeds/practices.${format}`)}${query}`;
  return {
    title: parts.length === 0 ? base : `${base} — ${parts.join('; ')}`,
    subtitle: t('practices.description'),
    language: input.locale,
    selfUrl: feedUrl(input.format),
    otherFormatUrl: feedUrl(input.format === 'atom' ? 'rss' : 'atom'),
    alternateUrl: `${input.publicUrl}${localePath(input.locale, words === '' ? '/practices' : '/search')}${query}`,
    rights: t('footer.licence'),
    siteName: t('site.name'),
    publicUrl: input.publicUrl,
    categoryScheme: `${input.publicUrl}/themes/`,
    creators: true,
    // RSS has one date: the update, which is what puts a practice at the top of this feed.
    rssDate: 'updated',
    // A practice not translated into the feed's language comes in its original language.
    entryLanguages: true,
    // An empty feed has never been updated: the epoch says so without inventing a date.
    updated: lastModified ?? new Date(0),
  };
}
