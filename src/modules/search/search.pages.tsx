import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { localeOfRaw } from '../../core/http/locale.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { tabularDownloadRoutes } from '../../core/http/tabular-download.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_PER_PAGE } from '../practices/index.ts';
import { search } from './practice-search.service.ts';
import { practiceTable } from './search.download.ts';
import { SearchQuery, searchFiltersFrom } from './search.model.ts';
import { logSearch } from './search-log.service.ts';
import { SearchPage } from './views/SearchPage.tsx';

/** Updates typed into the search box, before the reader settles on a query: not logged. */
const PREVIEW_HEADER = 'x-search-preview';
/** Kept with a cached result page, so that answering from the cache can still log the search. */
const TOTAL_HEADER = 'x-search-total';

/** The query string as it arrived: a cache hit is answered before the schema has read it. */
function rawQuery(request: FastifyRequest): Record<string, unknown> {
  const query = request.query;
  return typeof query === 'object' && query !== null
    ? Object.fromEntries(Object.entries(query))
    : {};
}

function shouldLog(request: FastifyRequest): boolean {
  return (
    request.headers[PREVIEW_HEADER] === undefined && String(rawQuery(request).q ?? '').trim() !== ''
  );
}

export async function searchPages(app: TypedApp) {
  // A result page is the same for every anonymous reader until content changes, so it is cached
  // like any other page; a search answered from the cache is logged all the same.
  // A hit is answered before validation and the locale hook: the query string is still raw.
  const logCachedSearch = async (request: FastifyRequest, headers: Record<string, string>) => {
    if (!shouldLog(request)) return;
    const raw = rawQuery(request);
    const lists = Object.fromEntries(
      Object.entries(raw).map(([k, v]) => [
        k,
        (Array.isArray(v) ? v : v === undefined ? [] : [v]).map(String),
      ]),
    );
    await logSearch(app.db, {
      q: String(raw.q ?? ''),
      filters: searchFiltersFrom(lists),
      total: Number(headers[TOTAL_HEADER] ?? 0),
      locale: localeOfRaw(request.raw),
      tookMs: 0,
    });
  };
  for (const path of ['/search', '/practices'] as const)
    app.get(
      path,
      {
        config: { access: 'public', pageCache: true, pageCacheHit: logCachedSearch },
        schema: { hide: true, querystring: SearchQuery },
      },
      async (request, reply) => {
        const q = request.query;
        const filters = searchFiltersFrom(q);
        const sort = q.sort ?? 'relevance';
        const result = await search(app.readDb, {
          q: q.q ?? '',
          filters,
          page: q.page ?? 1,
          perPage: q.per_page ?? DEFAULT_PER_PAGE,
          sort,
          locale: request.locale,
          exact: q.exact === '1',
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
          SearchPage({ ctx, path, result, filters, sort, title, description }),
        );
      },
    );
  // The theme, country and region pages offer these too, with their own filter.
  for (const path of ['/search', '/practices'] as const)
    tabularDownloadRoutes<Static<typeof SearchQuery>>(app, path, {
      querystring: SearchQuery,
      table: async (request) => ({
        ...(await practiceTable(app.readDb, request)),
        fileName: 'practices',
        sheetName: viewOf(request).text('practices.title'),
      }),
    });
}
