import { Type } from 'typebox';
import {
  LocaleQuery,
  problemResponse,
  readResponses,
  stringEnum,
} from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE, isLocale } from '../../core/i18n/locales.ts';
import {
  AUDIENCES,
  MAX_RECOMMENDATIONS_PER_PAGE,
  RECOMMENDATIONS_PER_PAGE,
} from './recommendation.model.ts';
import {
  presentRecommendationDetail,
  presentRecommendationList,
} from './recommendation.presenter.ts';
import { getRecommendation, listRecommendations } from './recommendation.service.ts';
import type { RecommendationApiOptions } from './recommendation.slots.ts';

const ConceptRef = Type.Object({ id: Type.String(), label: Type.String() });
const Place = Type.Object({ code: Type.String(), name: Type.String() });

const RecommendationSummary = Type.Object({
  slug: Type.String({ examples: ['open-municipal-services-to-all-residents'] }),
  url: Type.String(),
  title: Type.String({ examples: ['Open municipal services to all residents'] }),
  excerpt: Type.String({ description: 'The first paragraph of the text.' }),
  language: Type.String({
    description: 'Language of the original text (BCP-47).',
    examples: ['en'],
  }),
  title_language: Type.String({ description: 'Language of the title as returned.' }),
  text_language: Type.String({ description: 'Language of the text as returned.' }),
  audiences: Type.Array(stringEnum(AUDIENCES), { examples: [['local', 'national']] }),
  themes: Type.Array(ConceptRef),
  practice_count: Type.Integer({ description: 'Practices linked as supporting evidence.' }),
  illustrative: Type.Boolean({
    description: "Demo content written to show how recommendations work, not anyone's advice.",
  }),
  updated_at: Type.String(),
});

const RecommendationList = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(RecommendationSummary),
});

const RecommendationDetail = Type.Object({
  ...RecommendationSummary.properties,
  text: Type.String({ description: 'Paragraphs separated by blank lines.' }),
  available_languages: Type.Array(Type.String()),
  source: Type.Union([
    Type.Object({
      kind: stringEnum(['event', 'resource'] as const),
      slug: Type.String(),
      title: Type.String(),
      url: Type.String(),
    }),
    Type.Null(),
  ]),
  evidence: Type.Object({
    summary: Type.Object({
      count: Type.Integer(),
      by_level: Type.Array(Type.Object({ level: Type.String(), count: Type.Integer() }), {
        examples: [
          [
            { level: 'effective', count: 1 },
            { level: 'promising', count: 2 },
          ],
        ],
      }),
      regions: Type.Array(Place),
      countries: Type.Array(Place),
    }),
    practices: Type.Array(
      Type.Object({
        slug: Type.String(),
        url: Type.String(),
        title: Type.String(),
        evidence_level: Type.String(),
        country: Place,
        city: Type.Union([Type.String(), Type.Null()]),
        regions: Type.Array(Place),
        note: Type.String({ description: 'How the practice supports the recommendation.' }),
      }),
    ),
  }),
  created_at: Type.String(),
});

const ListQuery = Type.Object({
  theme: Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), {
      maxItems: 50,
      description: 'Theme ids (repeat for OR), e.g. housing.',
    }),
  ),
  audience: Type.Optional(
    Type.Array(Type.String({ maxLength: 30 }), {
      maxItems: 3,
      description: `Audiences (repeat for OR): ${AUDIENCES.join(', ')}.`,
    }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  per_page: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_RECOMMENDATIONS_PER_PAGE,
      default: RECOMMENDATIONS_PER_PAGE,
    }),
  ),
  ...LocaleQuery.properties,
});

export async function recommendationApi(app: TypedApp, { sources }: RecommendationApiOptions) {
  app.get(
    '/api/v1/recommendations',
    {
      config: { access: 'public' },
      schema: {
        tags: ['recommendations'],
        summary: 'List policy recommendations, filtered and paginated',
        description:
          'Repeat a filter for OR within it (theme=housing&theme=health); theme and audience combine with AND. An unknown theme or audience is refused, naming the parameter.',
        querystring: ListQuery,
        response: { 200: RecommendationList, ...readResponses },
      },
    },
    async (request) => {
      const q = request.query;
      const clean = (values: string[] | undefined) =>
        (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
      const result = await listRecommendations(
        app.readDb,
        isLocale(q.lang) ? q.lang : DEFAULT_LOCALE,
        {
          themes: clean(q.theme),
          audiences: clean(q.audience),
          // The schema's defaults fill the page and its size in.
          page: q.page ?? 1,
          perPage: q.per_page ?? RECOMMENDATIONS_PER_PAGE,
        },
      );
      return presentRecommendationList(result, app.config.publicUrl);
    },
  );

  app.get(
    '/api/v1/recommendations/:recommendationSlug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['recommendations'],
        summary: 'One recommendation, with the practices that support it',
        params: Type.Object({
          recommendationSlug: Type.String({
            maxLength: 200,
            examples: ['open-municipal-services-to-all-residents'],
          }),
        }),
        querystring: LocaleQuery,
        response: {
          200: RecommendationDetail,
          ...readResponses,
          404: problemResponse('No recommendation has this slug.'),
        },
      },
    },
    async (request) => {
      const { recommendationSlug: slug } = request.params;
      const { lang } = request.query;
      const r = await getRecommendation(
        app.readDb,
        isLocale(lang) ? lang : DEFAULT_LOCALE,
        slug,
        sources,
      );
      return presentRecommendationDetail(r, app.config.publicUrl);
    },
  );
}
