import { Type } from 'typebox';
import { etagOf } from '../../core/http/api-conventions.ts';
import { routeRateLimit } from '../../core/http/rate-limit-store.ts';
import { readResponses, stringEnum } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE, LOCALES } from '../../core/i18n/locales.ts';
import { DEFAULT_PER_PAGE } from '../practices/index.ts';
import { search } from './practice-search.service.ts';
import { SearchQuery, SearchResponse, searchFiltersFrom } from './search.model.ts';
import { presentSearchResult } from './search.presenter.ts';

export async function searchApi(app: TypedApp) {
  app.get(
    '/api/v1/search',
    {
      config: {
        access: 'public',
        rateLimit: routeRateLimit(app.config, app.config.searchRateLimitPerMinute),
      },
      schema: {
        tags: ['search'],
        summary: 'Search practices across languages, with facets',
        description:
          'Words in any of the six UN languages are matched against practices in every language: words naming a theme, target group, actor, country or other concept are recognised (see `concepts`) and practices tagged with it rank higher. Repeat a filter for OR; different filters combine with AND. Facet counts apply every other selected filter.',
        querystring: Type.Object({
          ...SearchQuery.properties,
          lang: Type.Optional(
            stringEnum(LOCALES, {
              description: 'Language of labels, titles and snippets where translated.',
            }),
          ),
          debug: Type.Optional(
            stringEnum(['0', '1', 'true', 'false'] as const, {
              description: 'debug=1 returns the parts of each score.',
            }),
          ),
        }),
        response: { 200: SearchResponse, ...readResponses },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await search(app.readDb, {
        q: q.q ?? '',
        filters: searchFiltersFrom(q),
        page: q.page ?? 1,
        perPage: q.per_page ?? DEFAULT_PER_PAGE,
        sort: q.sort ?? 'relevance',
        locale: q.lang ?? DEFAULT_LOCALE,
        debug: q.debug === '1' || q.debug === 'true',
        exact: q.exact === '1',
      });
      // The same request among the same kept answers gets the same answer (but `took_ms`): its
      // tag is worked out from those, not by hashing a body of tens of kilobytes. Weak, for
      // `took_ms`; a change of content or language tools starts new answers, and new tags.
      if (result.answers)
        reply.header('etag', `W/${etagOf(`${result.answers}\u0000${request.url}`)}`);
      return presentSearchResult(result, app.config.publicUrl);
    },
  );
}
