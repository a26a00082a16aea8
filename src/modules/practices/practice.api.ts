import { Type } from 'typebox';
import { problemResponse, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE, isLocale } from '../../core/i18n/locales.ts';
import {
  DEFAULT_PER_PAGE,
  filtersFrom,
  LangQuery,
  PracticeDetailSchema,
  PracticeListQuery,
  PracticeListSchema,
} from './practice.model.ts';
import { presentPracticeDetail, presentPracticeList } from './practice.presenter.ts';
import { listLanguageStates, listPractices } from './practice.service.ts';
import { getPractice } from './practice-detail.service.ts';

export async function practiceApi(app: TypedApp) {
  app.get(
    '/api/v1/practices',
    {
      config: { access: 'public' },
      schema: {
        tags: ['practices'],
        summary: 'List practices, filtered and paginated',
        description:
          'Repeat a filter for OR within it (theme=housing&theme=health); different filters combine with AND.',
        querystring: Type.Object({ ...PracticeListQuery.properties, ...LangQuery.properties }),
        response: { 200: PracticeListSchema, ...readResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const locale = isLocale(q.lang) ? q.lang : DEFAULT_LOCALE;
      const result = await listPractices(app.readDb, locale, {
        filters: filtersFrom(q),
        // The schema's defaults fill these in; the fallbacks only satisfy the type.
        page: q.page ?? 1,
        perPage: q.per_page ?? DEFAULT_PER_PAGE,
        sort: q.sort ?? 'newest',
      });
      return presentPracticeList(
        result,
        app.config.publicUrl,
        await listLanguageStates(app.readDb, result.items),
      );
    },
  );

  app.get(
    '/api/v1/practices/:idOrSlug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['practices'],
        summary: 'One practice, by numeric id or slug',
        params: Type.Object({ idOrSlug: Type.String({ maxLength: 200 }) }),
        querystring: LangQuery,
        response: {
          200: PracticeDetailSchema,
          ...readResponses,
          404: problemResponse('No practice has this id or slug.'),
        },
      },
    },
    async (request) => {
      const { idOrSlug } = request.params;
      const { lang } = request.query;
      const practice = await getPractice(
        app.readDb,
        isLocale(lang) ? lang : DEFAULT_LOCALE,
        idOrSlug,
        lang,
      );
      return presentPracticeDetail(practice, app.config.publicUrl);
    },
  );
}
