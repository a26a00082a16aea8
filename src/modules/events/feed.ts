import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localePath } from '../../core/http/locale.ts';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import { el, escapeHtml, xmlDocument } from '../opendata/xml.ts';

/** Atom and RSS documents for a list of dated entries (events, press releases). */
export type FeedFormat = 'atom' | 'rss';

export const FEED_TYPES: Record<FeedFormat, string> = {
  atom: 'application/atom+xml; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
};

export interface FeedEntry {
  id: string;
  url: string;
  title: string;
  summary: string;
  language: string;
  published: Date;
  updated: Date;
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
}

export function renderFeed(format: FeedFormat, head: FeedHead, entries: FeedEntry[]): string {
  const updated = new Date(Math.max(0, ...entries.map((e) => e.updated.getTime())));
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
        entries.map((entry) =>
          el(
            'entry',
            null,
            el('id', null, entry.id),
            el('title', { type: 'text', 'xml:lang': entry.language }, entry.title),
            el('link', { rel: 'alternate', type: 'text/html', href: entry.url }),
            el('published', null, entry.published.toISOString()),
            el('updated', null, entry.updated.toISOString()),
            el('summary', { type: 'text', 'xml:lang': entry.language }, entry.summary),
          ),
        ),
      ),
    );
  return xmlDocument(
    el(
      'rss',
      { version: '2.0', 'xmlns:atom': 'http://www.w3.org/2005/Atom' },
      el(
        'channel',
        null,
        el('title', null, head.title),
        el('link', null, head.alternateUrl),
        el('description', null, head.subtitle),
        el('language', null, head.language),
        el('lastBuildDate', null, updated.toUTCString()),
        el('atom:link', { rel: 'self', type: 'application/rss+xml', href: head.selfUrl }),
        entries.map((entry) =>
          el(
            'item',
            null,
            el('title', null, entry.title),
            el('link', null, entry.url),
            el('guid', { isPermaLink: 'false' }, entry.id),
            el('pubDate', null, entry.published.toUTCString()),
            // RSS readers read a description as HTML: the plain text is escaped as HTML first.
            el('description', null, escapeHtml(entry.summary)),
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
  for (const format of ['atom', 'rss'] as const)
    app.get(
      `${options.path}/feed.${format}`,
      { config: { access: 'public' }, schema: { hide: true } },
      feed(format),
    );
}
