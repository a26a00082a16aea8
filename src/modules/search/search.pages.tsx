import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localeOfRaw } from '../../core/http/locale.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { type SearchSort, search } from './practice-search.service.ts';
import { SearchQuery, searchFiltersFrom } from './search.schemas.ts';
import { logSearch } from './search-log.service.ts';
import { SearchPage } from './views/SearchPage.tsx';

/** Updates typed into the search box, before the reader settles on a query: not logged. */
const PREVIEW_HEADER = 'x-search-preview';
/** Kept with a cached result page, so that answering from the cache can still log the search. */
const TOTAL_HEADER = 'x-search-total';

type SearchPageQuery = Record<string, unknown> & {
  q: string;
  page: number;
  per_page: number;
  sort: SearchSort;
};

function shouldLog(request: FastifyRequest): boolean {
  return (
    request.headers[PREVIEW_HEADER] === undefined &&
    String((request.query as { q?: unknown }).q ?? '').trim() !== ''
  );
}

export async function searchPages(app: FastifyInstance) {
  const handler =
    (path: '/search' | '/practices') => async (request: FastifyRequest, reply: FastifyReply) => {
      const q = request.query as SearchPageQuery;
      const filters = searchFiltersFrom(q as Parameters<typeof searchFiltersFrom>[0]);
      const result = await search(app.readDb, {
        q: q.q ?? '',
        filters,
        page: q.page,
        perPage: q.per_page,
        sort: q.sort,
        locale: request.locale,
        log: shouldLog(request),
      });
      reply.header(TOTAL_HEADER, String(result.total));
      const ctx = viewOf(request);
      const [title, description] =
        path === '/search'
          ? [ctx.text('search.title'), ctx.text('search.description')]
          : [ctx.text('practices.title'), ctx.text('practices.description')];
      return sendHtml(
        reply,
        SearchPage({ ctx, path, result, filters, sort: q.sort, title, description }),
      );
    };

  // A result page is the same for every anonymous reader until content changes, so it is cached
  // like any other page; a search answered from the cache is logged all the same.
  // A hit is answered before validation and the locale hook: the query string is still raw.
  const logCachedSearch = async (request: FastifyRequest, headers: Record<string, string>) => {
    if (!shouldLog(request)) return;
    const raw = request.query as Record<string, string | string[] | undefined>;
    const lists = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v : v === undefined ? [] : [v]]),
    );
    await logSearch(app.db, {
      q: String(raw.q ?? ''),
      filters: searchFiltersFrom(lists),
      total: Number(headers[TOTAL_HEADER] ?? 0),
      locale: localeOfRaw(request.raw),
      tookMs: 0,
    });
  };
  const options = {
    config: { access: 'public' as const, pageCache: true, pageCacheHit: logCachedSearch },
    schema: { hide: true, querystring: SearchQuery },
  };
  app.get('/search', options, handler('/search'));
  app.get('/practices', options, handler('/practices'));
}
