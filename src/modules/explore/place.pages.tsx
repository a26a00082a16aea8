import { Type } from 'typebox';
import { NotFoundError } from '../../core/errors.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getCountryChart, getRegionAtlas } from '../atlas/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import {
  countByPlaceWithin,
  DEFAULT_PER_PAGE,
  getOverview,
  listPractices,
  NO_FILTERS,
  pageProperties,
} from '../practices/index.ts';
import { CountryPage } from './views/CountryPage.tsx';
import { RegionPage } from './views/RegionPage.tsx';
import { RegionsPage } from './views/RegionsPage.tsx';

export async function placePages(app: TypedApp) {
  app.get(
    '/regions',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      const overview = await getOverview(app.readDb, request.locale, 0);
      const within = await Promise.all(
        overview.regions.map((r) => countByPlaceWithin(app.readDb, request.locale, r.code)),
      );
      return sendHtml(reply, RegionsPage({ ctx: viewOf(request), regions: within }));
    },
  );

  app.get(
    '/regions/:code',
    {
      config: { access: 'public', pageCache: true },
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ maxLength: 10 }) }),
        querystring: Type.Object(pageProperties),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const q = request.query;
      const places = await getPlaceIndex(app.readDb, request.locale);
      if (!places.region(code) || code === '001')
        throw new NotFoundError('region_not_found', `No region has the code "${code}".`);
      const [summary, result, atlas] = await Promise.all([
        countByPlaceWithin(app.readDb, request.locale, code),
        listPractices(app.readDb, request.locale, {
          filters: { ...NO_FILTERS, region: [code] },
          page: q.page ?? 1,
          perPage: q.per_page ?? DEFAULT_PER_PAGE,
          sort: q.sort ?? 'newest',
        }),
        getRegionAtlas(app.readDb, request.locale, code),
      ]);
      return sendHtml(reply, RegionPage({ ctx: viewOf(request), summary, result, atlas }));
    },
  );

  app.get(
    '/countries/:code',
    {
      config: { access: 'public', pageCache: true },
      schema: {
        hide: true,
        params: Type.Object({ code: Type.String({ maxLength: 10 }) }),
        querystring: Type.Object(pageProperties),
      },
    },
    async (request, reply) => {
      const { code } = request.params;
      const q = request.query;
      const places = await getPlaceIndex(app.readDb, request.locale);
      const country = places.country(code);
      if (!country)
        throw new NotFoundError('country_not_found', `No country has the code "${code}".`);
      if (code !== country.code)
        return reply.redirect(viewOf(request).href(`/countries/${country.code}`), 301);
      const [result, byTheme] = await Promise.all([
        listPractices(app.readDb, request.locale, {
          filters: { ...NO_FILTERS, country: [country.code] },
          page: q.page ?? 1,
          perPage: q.per_page ?? DEFAULT_PER_PAGE,
          sort: q.sort ?? 'newest',
        }),
        getCountryChart(app.readDb, request.locale, country.code),
      ]);
      return sendHtml(
        reply,
        CountryPage({
          ctx: viewOf(request),
          country,
          regions: places.regionsOfCountry(country.code),
          result,
          byTheme,
        }),
      );
    },
  );
}
