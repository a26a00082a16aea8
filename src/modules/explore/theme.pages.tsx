import { Type } from 'typebox';
import { NotFoundError } from '../../core/errors.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getThemeChart } from '../atlas/index.ts';
import {
  DEFAULT_PER_PAGE,
  getOverview,
  listPractices,
  NO_FILTERS,
  pageProperties,
} from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { ThemePage } from './views/ThemePage.tsx';
import { ThemesPage } from './views/ThemesPage.tsx';

export async function themePages(app: TypedApp) {
  app.get(
    '/themes',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      const overview = await getOverview(app.readDb, request.locale, 0);
      return sendHtml(reply, ThemesPage({ ctx: viewOf(request), overview }));
    },
  );

  app.get(
    '/themes/:id',
    {
      config: { access: 'public', pageCache: true },
      schema: {
        hide: true,
        params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object(pageProperties),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const q = request.query;
      const taxonomy = await getTaxonomy(app.readDb, request.locale);
      const area = taxonomy.get('policy-area', id);
      const theme = area ? undefined : taxonomy.get('theme', id);
      const concept = area ?? theme;
      if (!concept)
        throw new NotFoundError(
          'theme_not_found',
          `No theme or policy area has the id "${id.slice(0, 100)}".`,
        );
      const filters = area ? { ...NO_FILTERS, policy_area: [id] } : { ...NO_FILTERS, theme: [id] };
      const [result, overview, byRegion] = await Promise.all([
        listPractices(app.readDb, request.locale, {
          filters,
          page: q.page ?? 1,
          perPage: q.per_page ?? DEFAULT_PER_PAGE,
          sort: q.sort ?? 'newest',
        }),
        getOverview(app.readDb, request.locale, 0),
        getThemeChart(app.readDb, request.locale, { id, isPolicyArea: Boolean(area) }),
      ]);
      const parent = theme?.parentId ? taxonomy.get('policy-area', theme.parentId) : undefined;
      const subthemes = area
        ? (overview.policyAreas.find((a) => a.id === area.id)?.themes ?? [])
        : [];
      return sendHtml(
        reply,
        ThemePage({
          ctx: viewOf(request),
          concept,
          isPolicyArea: Boolean(area),
          parent,
          subthemes,
          result,
          byRegion,
        }),
      );
    },
  );
}
