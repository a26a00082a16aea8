import { Type } from 'typebox';
import { LocaleQuery, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import { presentTaxonomy } from './taxonomy.presenter.ts';
import { getTaxonomy } from './taxonomy.service.ts';

const ConceptSchema = Type.Object({
  scheme: Type.String(),
  id: Type.String(),
  parent: Type.Union([Type.String(), Type.Null()]),
  label: Type.String(),
  definition: Type.String(),
  synonyms: Type.Array(Type.String()),
});

export async function taxonomyApi(app: TypedApp) {
  app.get(
    '/api/v1/taxonomy',
    {
      config: { access: 'public' },
      schema: {
        tags: ['taxonomy'],
        summary:
          'The taxonomy: policy areas, themes, target groups, actor types, GCM objectives, SDG targets',
        querystring: LocaleQuery,
        response: {
          200: Type.Object({
            locale: Type.String(),
            schemes: Type.Record(Type.String(), Type.Array(ConceptSchema)),
          }),
          ...readResponses,
        },
      },
    },
    async (request) => {
      const { lang } = request.query;
      const locale = lang ?? DEFAULT_LOCALE;
      const taxonomy = await getTaxonomy(app.readDb, locale);
      return presentTaxonomy(locale, taxonomy);
    },
  );
}
