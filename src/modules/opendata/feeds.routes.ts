import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { ValidationError } from '../../core/errors.ts';
import { FEED_TYPES, type FeedFormat } from '../../core/feeds.ts';
import { sendProblem, toProblem } from '../../core/http/errors.ts';
import { stringEnum } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { SearchQuery, searchFiltersFrom } from '../search/index.ts';
import { renderPracticeFeed, selectFeedPractices } from './feeds.service.ts';
import {
  contentSitemap,
  practiceSitemap,
  robotsTxt,
  sitemapIndex,
  staticSitemap,
} from './sitemap.service.ts';

/**
 * Feeds, sitemaps and robots.txt: documents for machines, so every error is answered as
 * application/problem+json (this plugin is encapsulated: its error handler covers only these).
 *
 *   GET /feeds/practices.atom?theme=housing&country=DE   Atom 1.0, the 50 newest matching
 *   GET /fr/feeds/practices.rss?q=logement                RSS 2.0, in French
 *   GET /sitemap.xml, /sitemaps/static.xml, /sitemaps/practices-1.xml, /sitemaps/content-1.xml,
 *   /robots.txt
 */
const FeedQuery = Type.Object({
  // The search page's parameters, so that any search address has a feed: words and filters
  // choose the practices; page, per_page and sort are accepted and have no effect (a feed is
  // always the newest 50).
  ...SearchQuery.properties,
  lang: Type.Optional(
    stringEnum(LOCALES, {
      description: 'Language of titles and labels; by default the path prefix (/fr/feeds/…).',
    }),
  ),
});
const FEED_PARAMETERS = new Set(Object.keys(FeedQuery.properties));

const FEED_CACHE = 'public, max-age=300';
const SITEMAP_CACHE = 'public, max-age=3600';
const XML = 'application/xml; charset=utf-8';

/** True when the client's copy (If-None-Match, else If-Modified-Since) is still current. */
function notModified(request: FastifyRequest, etag: string, lastModified: Date | null): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const ifNoneMatch = request.headers['if-none-match'];
  if (typeof ifNoneMatch === 'string')
    return ifNoneMatch.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(etag));
  const ifModifiedSince = request.headers['if-modified-since'];
  if (typeof ifModifiedSince === 'string' && lastModified) {
    const since = Date.parse(ifModifiedSince);
    // HTTP dates have whole seconds.
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

export async function feedsRoutes(app: TypedApp): Promise<void> {
  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'client error');
    if (reply.sent) return;
    return sendProblem(request, reply, problem);
  });

  const feed =
    (format: FeedFormat) =>
    async (request: FastifyRequest & { query: Static<typeof FeedQuery> }, reply: FastifyReply) => {
      const query = request.query;
      const selection = await selectFeedPractices(app.readDb, {
        q: query.q ?? '',
        filters: searchFiltersFrom(query),
        locale: query.lang ?? request.locale,
        format,
        publicUrl: app.config.publicUrl,
      });
      reply.header('etag', selection.etag).header('cache-control', FEED_CACHE);
      if (selection.lastModified)
        reply.header('last-modified', selection.lastModified.toUTCString());
      if (notModified(request, selection.etag, selection.lastModified))
        return reply.code(304).send();
      const body = await renderPracticeFeed(app.readDb, selection);
      return reply.type(FEED_TYPES[format]).send(body);
    };
  const feedOptions = {
    config: { access: 'public' as const },
    schema: { hide: true, querystring: FeedQuery },
    // As the API does: a misspelt filter is refused, not silently ignored.
    preValidation: async (request: FastifyRequest) => {
      const query: unknown = request.query;
      const unknown = Object.keys(typeof query === 'object' && query !== null ? query : {}).filter(
        (key) => !FEED_PARAMETERS.has(key),
      );
      if (unknown.length > 0)
        throw new ValidationError(
          unknown.map((key) => ({
            field: key.slice(0, 60),
            message: `is not a known parameter (known: ${[...FEED_PARAMETERS].join(', ')})`,
          })),
          'unknown_parameter',
        );
    },
  };
  app.get('/feeds/practices.atom', feedOptions, feed('atom'));
  app.get('/feeds/practices.rss', feedOptions, feed('rss'));

  const documentOptions = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/sitemap.xml', documentOptions, async (_request, reply) =>
    reply
      .type(XML)
      .header('cache-control', SITEMAP_CACHE)
      .send(await sitemapIndex(app.readDb, app.config.publicUrl)),
  );
  app.get('/sitemaps/static.xml', documentOptions, async (_request, reply) =>
    reply
      .type(XML)
      .header('cache-control', SITEMAP_CACHE)
      .send(await staticSitemap(app.readDb, app.config.publicUrl)),
  );
  const numberedOptions = {
    ...documentOptions,
    schema: { hide: true, params: Type.Object({ n: Type.String({ pattern: '^\\d{1,6}$' }) }) },
  };
  app.get('/sitemaps/practices-:n(^\\d{1,6}).xml', numberedOptions, async (request, reply) => {
    const { n } = request.params;
    const chunks = await practiceSitemap(app.readDb, app.config.publicUrl, Number(n));
    return reply.type(XML).header('cache-control', SITEMAP_CACHE).send(Readable.from(chunks));
  });
  app.get('/sitemaps/content-:n(^\\d{1,6}).xml', numberedOptions, async (request, reply) => {
    const { n } = request.params;
    const xml = await contentSitemap(app.readDb, app.config.publicUrl, Number(n));
    return reply.type(XML).header('cache-control', SITEMAP_CACHE).send(xml);
  });
  app.get('/robots.txt', documentOptions, async (_request, reply) =>
    reply
      .type('text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(robotsTxt(app.config.publicUrl)),
  );
}
