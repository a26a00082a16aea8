import { Type } from 'typebox';
import { problemResponse, readResponses, stringEnum } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE, isLocale } from '../../core/i18n/locales.ts';
import { DEFAULT_PER_PAGE, LangQuery, pageProperties } from '../practices/index.ts';
import { presentNewsDetail, presentNewsList } from './news.presenter.ts';
import { FOUNDING_PRESS_SLUG, getNews, listNews, NEWS_KINDS } from './news.service.ts';

const nullableString = Type.Union([Type.String(), Type.Null()]);

const NewsSummarySchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  url: Type.String(),
  kind: stringEnum(NEWS_KINDS),
  title: Type.String(),
  dateline: nullableString,
  published_on: Type.String({ description: 'The date printed on the item (YYYY-MM-DD).' }),
  language: Type.String(),
  display_language: Type.String(),
  lead: Type.String({ description: 'The first paragraph.' }),
  updated_at: Type.String(),
});

const NewsDetailSchema = Type.Object({
  ...NewsSummarySchema.properties,
  body: Type.String({ description: 'Plain text; paragraphs separated by blank lines.' }),
  speakers_available: Type.Boolean({ description: 'Speakers are available for interviews.' }),
  speakers_note: nullableString,
  event: Type.Union([
    Type.Object({
      slug: Type.String(),
      title: Type.String(),
      starts_at: Type.String(),
      url: Type.String(),
    }),
    Type.Null(),
  ]),
  contacts: Type.Array(
    Type.Object({
      name: Type.String(),
      role: nullableString,
      organisation: nullableString,
      phone: nullableString,
      email: nullableString,
    }),
    { description: 'Public media contacts.' },
  ),
  organisations: Type.Array(
    Type.Object({ slug: Type.String(), name: Type.String(), url: Type.String() }),
  ),
});

export async function newsApi(app: TypedApp) {
  app.get(
    '/api/v1/news',
    {
      config: { access: 'public' },
      schema: {
        tags: ['news'],
        summary: 'Press releases and news, newest first',
        querystring: Type.Object({
          page: pageProperties.page,
          per_page: pageProperties.per_page,
          ...LangQuery.properties,
        }),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            page: Type.Integer(),
            per_page: Type.Integer(),
            results: Type.Array(NewsSummarySchema),
          }),
          ...readResponses,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const list = await listNews(app.readDb, isLocale(q.lang) ? q.lang : DEFAULT_LOCALE, {
        // The schema's defaults fill these in; the types cannot tell.
        page: q.page ?? 1,
        perPage: q.per_page ?? DEFAULT_PER_PAGE,
      });
      return presentNewsList(list, app.config.publicUrl);
    },
  );

  app.get(
    '/api/v1/news/:newsSlug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['news'],
        summary: 'One press release or news item, with its media contacts',
        params: Type.Object({
          newsSlug: Type.String({ maxLength: 200, examples: [FOUNDING_PRESS_SLUG] }),
        }),
        querystring: LangQuery,
        response: {
          200: NewsDetailSchema,
          ...readResponses,
          404: problemResponse('No news item has this slug.'),
        },
      },
    },
    async (request) => {
      const { newsSlug } = request.params;
      const { lang } = request.query;
      const item = await getNews(app.readDb, isLocale(lang) ? lang : DEFAULT_LOCALE, newsSlug);
      return presentNewsDetail(item, app.config.publicUrl);
    },
  );
}
