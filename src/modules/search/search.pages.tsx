import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { SearchQuery, searchFiltersFrom } from './search.schemas.ts';
import { type SearchSort, search } from './search.service.ts';
import { SearchPage } from './views/SearchPage.tsx';

/** Updates typed into the search box, before the reader settles on a query: not logged. */
const PREVIEW_HEADER = 'x-search-preview';

export async function searchPages(app: FastifyInstance) {
  const handler =
    (path: '/search' | '/practices') => async (request: FastifyRequest, reply: FastifyReply) => {
      const q = request.query as Record<string, unknown> & {
        q: string;
        page: number;
        per_page: number;
        sort: SearchSort;
      };
      const filters = searchFiltersFrom(q as Parameters<typeof searchFiltersFrom>[0]);
      const result = await search(app.db, {
        q: q.q ?? '',
        filters,
        page: q.page,
        perPage: q.per_page,
        sort: q.sort,
        locale: request.locale,
        log: request.headers[PREVIEW_HEADER] === undefined,
      });
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
  // Browsing without words is the same for everyone and is cached; a query is searched (and
  // logged) each time.
  const withoutWords = (request: FastifyRequest) =>
    !String((request.query as { q?: unknown }).q ?? '').trim();
  const options = {
    config: { pageCache: withoutWords },
    schema: { hide: true, querystring: SearchQuery },
  };
  app.get('/search', options, handler('/search'));
  app.get('/practices', options, handler('/practices'));
}
