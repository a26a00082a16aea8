import { Type } from 'typebox';
import { LocaleQuery, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getOverview } from '../practices/index.ts';
import { presentCountries } from './country.presenter.ts';

/** The countries with their practice counts: places' reference data joined with practices. */
export async function countryApi(app: TypedApp) {
  app.get(
    '/api/v1/countries',
    {
      config: { access: 'public' },
      schema: {
        tags: ['places'],
        summary: 'Countries (ISO 3166-1) with their UN M49 regions and practice counts',
        querystring: LocaleQuery,
        response: {
          200: Type.Object({
            locale: Type.String(),
            total: Type.Integer({ description: 'How many countries: all of them are in results.' }),
            results: Type.Array(
              Type.Object({
                code: Type.String(),
                name: Type.String(),
                region: Type.Union([Type.String(), Type.Null()]),
                subregion: Type.Union([Type.String(), Type.Null()]),
                intermediate_region: Type.Union([Type.String(), Type.Null()]),
                practices: Type.Integer(),
              }),
            ),
          }),
          ...readResponses,
        },
      },
    },
    async (request) => {
      const locale = request.query.lang ?? DEFAULT_LOCALE;
      const [places, overview] = await Promise.all([
        getPlaceIndex(app.readDb, locale),
        getOverview(app.readDb, locale, 0),
      ]);
      return presentCountries(locale, places.countries, overview.countries);
    },
  );
}
