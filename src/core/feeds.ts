import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localePath } from './http/locale.ts';
import { type MessageKey, translator } from './i18n/i18n.ts';
import { el, escapeHtml, xmlDocument } from './xml.ts';

/**
 * Atom and RSS documents for a list of dated entries: events, press releases and practices.
 *
 *   renderFeed('rss', head, [{ id: 'tag:…', title: 'Roundtable', … }])
 *   // '<?xml …?>\n<rss version="2.0" …><channel><title>…</title>…<item>…</item></channel></rss>\n'
 */
export const FEED_FORMATS = ['atom', 'rss'] as const;
export type FeedFormat = (typeof FEED_FORMATS)[number];

export const FEED_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
};

export interface FeedEntry {
  id: string;
  url: string;
  title: string;
  summary: string;
  /** The language of title and summary (a translation or the original). */
  language: string;
  published: Date;
  updated: Date;
  /** Who made it, when the feed names anyone (`creators` in the head). */
  author?: string | null;
  categories?: { term: string; label: string }[];
  /**
   * Set when title and summary are a translation: how it was made (a category in `scheme`, so
   * readers can tell a translation from an original) and where the original is.
   */
  translation?: {
    scheme: string;
    term: string;
    label: string;
    originalLanguage: string;
    originalUrl: string;
  };
}

export interface FeedHead {
  title: string;
  subtitle: string;
  language: string;
  selfUrl: string;
  otherFormatUrl: string;
  alternateUrl: string;
  siteName: string;
  publicUrl: string;
  /** When the feed changed last; without it, the newest entry's update (the epoch for none). */
  updated?: Date;
  /** The licence of the entries; a feed that states one also names the site as its generator. */
  rights?: string;
  /** Where the entries' category terms are defined. */
  categoryScheme?: string;
  /** Entries may name their author: RSS then declares Dublin Core for `dc:creator`. */
  creators?: boolean;
  /**
   * The one date an RSS item has: its publication (the default), or its update where an update
   * is what puts an entry at the top of the feed.
   */
  rssDate?: 'published' | 'updated';
  /** Entries may be in other languages than the feed's: RSS items then say theirs (`dc:language`). */
  entryLanguages?: boolean;
}

export function renderFeed(format: FeedFormat, head: FeedHead, entries: FeedEntry[]): string {
  const updated = head.updated ?? new Date(Math.max(0, ...entries.map((e) => e.updated.getTime())));
  const scheme = head.categoryScheme;
  if (format === 'atom')
    return xmlDocument(
      el(
        'feed',
        { xmlns: 'http://www.w3.org/2005/Atom', 'xml:lang': head.language },
        el('id', null, head.selfUrl),
        el('title', { type: 'text' }, head.title),
        el('subtitle', { type: 'text' }, head.subtitle),
        el('link', { rel: 'self', type: 'application/atom+xml', href: head.selfUrl }),
        el('link', { rel: 'alternate', type: 'text/html', href: head.alternateUrl }),
        el('link', { rel: 'alternate', type: 'application/rss+xml', href: head.otherFormatUrl }),
        el('updated', null, updated.toISOString()),
        el('author', null, el('name', null, head.siteName), el('uri', null, head.publicUrl)),
        head.rights === undefined ? null : el('rights', { type: 'text' }, head.rights),
        head.rights === undefined ? null : el('generator', { uri: head.publicUrl }, head.siteName),
        entries.map((entry) =>
          el(
            'entry',
            null,
            el('id', null, entry.id),
            el('title', { type: 'text', 'xml:lang': entry.language }, entry.title),
            el('link', {
              rel: 'alternate',
              type: 'text/html',
              hreflang: entry.translation ? entry.language : null,
              href: entry.url,
            }),
            // The original beside its translation: Atom's way to name another language version.
            entry.translation
              ? el('link', {
                  rel: 'alternate',
                  type: 'text/html',
                  hreflang: entry.translation.originalLanguage,
                  href: entry.translation.originalUrl,
                })
              : null,
            el('published', null, entry.published.toISOString()),
            el('updated', null, entry.updated.toISOString()),
            entry.author == null ? null : el('author', null, el('name', null, entry.author)),
            (entry.categories ?? []).map((c) =>
              el('category', { term: c.term, scheme, label: c.label }),
            ),
            entry.translation
              ? el('category', {
                  term: entry.translation.term,
                  scheme: entry.translation.scheme,
                  label: entry.translation.label,
                })
              : null,
            el('summary', { type: 'text', 'xml:lang': entry.language }, entry.summary),
          ),
        ),
      ),
    );
  return xmlDocument(
    el(
      'rss',
      {
        version: '2.0',
        'xmlns:atom': 'http://www.w3.org/2005/Atom',
        'xmlns:dc':
          head.creators || head.entryLanguages ? 'http://purl.org/dc/elements/1.1/' : null,
      },
      el(
        'channel',
        null,
        el('title', null, head.title),
        el('link', null, head.alternateUrl),
        el('description', null, head.subtitle),
        el('language', null, head.language),
        head.rights === undefined ? null : el('copyright', null, head.rights),
        el('lastBuildDate', null, updated.toUTCString()),
        head.rights === undefined ? null : el('generator', null, head.siteName),
        el('atom:link', { rel: 'self', type: 'application/rss+xml', href: head.selfUrl }),
        entries.map((entry) =>
          el(
            'item',
            null,
            el('title', null, entry.title),
            el('link', null, entry.url),
            el('guid', { isPermaLink: 'false' }, entry.id),
            el('pubDate', null, entry[head.rssDate ?? 'published'].toUTCString()),
            // RSS readers read a description as HTML: the plain text is escaped as HTML first.
            el('description', null, escapeHtml(entry.summary)),
            entry.author == null ? null : el('dc:creator', null, entry.author),
            head.entryLanguages ? el('dc:language', null, entry.language) : null,
            (entry.categories ?? []).map((c) => el('category', { domain: scheme }, c.label)),
            entry.translation
              ? el('category', { domain: entry.translation.scheme }, entry.translation.label)
              : null,
          ),
        ),
      ),
    ),
  );
}

/**
 * `${path}/feed.atom` and `${path}/feed.rss`: the newest entries of a list page (events, press
 * releases), in the reader's language, with the list's title and lead.
 */
export function registerListFeeds(
  app: FastifyInstance,
  options: {
    path: string;
    titleKey: MessageKey;
    leadKey: MessageKey;
    entries: (request: FastifyRequest) => Promise<FeedEntry[]>;
  },
): void {
  const feed = (format: FeedFormat) => async (request: FastifyRequest, reply: FastifyReply) => {
    const t = translator(request.locale);
    const { publicUrl } = app.config;
    const feedUrl = (f: FeedFormat) =>
      `${publicUrl}${localePath(request.locale, `${options.path}/feed.${f}`)}`;
    const body = renderFeed(
      format,
      {
        title: `${t(options.titleKey)} · ${t('site.name')}`,
        subtitle: t(options.leadKey),
        language: request.locale,
        selfUrl: feedUrl(format),
        otherFormatUrl: feedUrl(format === 'atom' ? 'rss' : 'atom'),
        alternateUrl: `${publicUrl}${localePath(request.locale, options.path)}`,
        siteName: t('site.name'),
        publicUrl,
      },
      await options.entries(request),
    );
    return reply.type(FEED_TYPES[format]).header('cache-control', 'public, max-age=300').send(body);
  };
  for (const format of FEED_FORMATS)
    app.get(
      `${options.path}/feed.${format}`,
      { config: { access: 'public' }, schema: { hide: true } },
      feed(format),
    );
}
