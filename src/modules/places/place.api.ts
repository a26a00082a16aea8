import { Type } from 'typebox';
import { LocaleQuery, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import { presentRegions } from './place.presenter.ts';
import { getPlaceIndex } from './place.service.ts';

export async function placeApi(app: TypedApp) {
  app.get(
    '/api/v1/regions',
    {
      config: { access: 'public' },
      schema: {
        tags: ['places'],
        summary: 'UN M49 regions, sub-regions and intermediate regions',
        querystring: LocaleQuery,
        response: {
          200: Type.Object({
            locale: Type.String(),
            total: Type.Integer({ description: 'How many regions: all of them are in results.' }),
            results: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                parent: Type.Union([Type.String(), Type.Null()]),
                level: Type.Integer(),
              }),
            ),
          }),
          ...readResponses,
        },
      },
    },
    async (request) => {
      const locale = request.query.lang ?? DEFAULT_LOCALE;
      const places = await getPlaceIndex(app.readDb, locale);
      return presentRegions(locale, places.regions);
    },
  );
}
