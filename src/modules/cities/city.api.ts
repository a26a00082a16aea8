import { Type } from 'typebox';
import { LocaleQuery, problemResponse, readResponses } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import { CityPeersSchema, CityProfileSchema } from './city.model.ts';
import { presentCityProfile, presentPeers } from './city.presenter.ts';
import { findPeersOfCity, getCityProfile } from './city.service.ts';

const cityParams = Type.Object({
  id: Type.String({
    pattern: '^[0-9]{1,9}$',
    description: 'The numeric id of the city, as in its page address /cities/{id}.',
    examples: ['1'],
  }),
});

export async function cityApi(app: TypedApp) {
  app.get(
    '/api/v1/cities/:id',
    {
      config: { access: 'public' },
      schema: {
        tags: ['places'],
        summary: 'A city: where it is, its figures with their sources, networks, practices',
        params: cityParams,
        querystring: LocaleQuery,
        response: {
          200: CityProfileSchema,
          ...readResponses,
          404: problemResponse('No city has this id.'),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const locale = request.query.lang ?? DEFAULT_LOCALE;
      const city = await getCityProfile(app.readDb, locale, id);
      return presentCityProfile(city, app.config.publicUrl);
    },
  );

  app.get(
    '/api/v1/cities/:id/peers',
    {
      config: { access: 'public' },
      schema: {
        tags: ['places'],
        summary: 'Cities like this one, ranked by similarity, with the reasons and some practices',
        description:
          'score = 0.40 × themes + 0.25 × target groups + 0.20 × size + 0.15 × region. Themes and target groups: weighted Jaccard index over the share of each city’s published practices tagged with each concept. Size: 1 in the same band, 0.5 in the neighbouring band. Region: 1 in the same UN M49 sub-region, 0.5 in the same region. Only cities with published practices are candidates; ties by name, then id.',
        params: cityParams,
        querystring: LocaleQuery,
        response: {
          200: CityPeersSchema,
          ...readResponses,
          404: problemResponse('No city has this id.'),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const locale = request.query.lang ?? DEFAULT_LOCALE;
      const result = await findPeersOfCity(app.readDb, locale, id);
      return presentPeers(result, app.config.publicUrl);
    },
  );
}
