import { Type } from 'typebox';
import { problemResponse, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import {
  DEFAULT_PER_PAGE,
  LangQuery,
  LibraryQuery,
  libraryFiltersFrom,
  ResourceDetailSchema,
  ResourceListSchema,
} from './resource.model.ts';
import { presentLibraryResult, presentResourceDetail } from './resource.presenter.ts';
import { getResource, searchLibrary } from './resource.service.ts';

export async function resourceApi(app: TypedApp) {
  app.get(
    '/api/v1/resources',
    {
      config: { access: 'public' },
      schema: {
        tags: ['resources'],
        summary: 'Search and list the resource library, with facets',
        description:
          'Guidelines, toolkits, policy papers, studies, datasets and organisations. Words in any of the six UN languages are matched across languages through the themes they name. Repeat a filter for OR; different filters combine with AND; facet counts apply every other selected filter. Without q, newest first.',
        querystring: Type.Object({ ...LibraryQuery.properties, ...LangQuery.properties }),
        response: { 200: ResourceListSchema, ...readResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const result = await searchLibrary(app.readDb, q.lang ?? DEFAULT_LOCALE, {
        q: q.q ?? '',
        filters: libraryFiltersFrom(q),
        yearFrom: q.year_from ?? null,
        yearTo: q.year_to ?? null,
        // The schema's defaults fill these in; the types cannot tell.
        page: q.page ?? 1,
        perPage: q.per_page ?? DEFAULT_PER_PAGE,
      });
      return presentLibraryResult(result, app.config.publicUrl);
    },
  );

  app.get(
    '/api/v1/resources/:resourceSlug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['resources'],
        summary: 'One resource of the library, by slug',
        params: Type.Object({
          resourceSlug: Type.String({
            maxLength: 200,
            examples: ['international-organization-for-migration'],
          }),
        }),
        querystring: LangQuery,
        response: {
          200: ResourceDetailSchema,
          ...readResponses,
          404: problemResponse('No resource has this slug.'),
        },
      },
    },
    async (request) => {
      const { resourceSlug } = request.params;
      const { lang } = request.query;
      const resource = await getResource(app.readDb, lang ?? DEFAULT_LOCALE, resourceSlug);
      return presentResourceDetail(resource, app.config.publicUrl);
    },
  );
}
