import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { filtersFrom, PracticeListQuery } from './practice.schemas.ts';
import { getFilterOptions, getPractice, listPractices } from './practice.service.ts';
import type { PracticeSort } from './practice.ts';
import { PracticeListPage } from './views/PracticeListPage.tsx';
import { PracticePage } from './views/PracticePage.tsx';

export async function practicePages(app: FastifyInstance) {
  app.get(
    '/practices',
    { config: { pageCache: true }, schema: { hide: true, querystring: PracticeListQuery } },
    async (request, reply) => {
      const q = request.query as Parameters<typeof filtersFrom>[0] & {
        page: number;
        per_page: number;
        sort: PracticeSort;
      };
      const filters = filtersFrom(q);
      const [result, options] = await Promise.all([
        listPractices(app.db, request.locale, {
          filters,
          page: q.page,
          perPage: q.per_page,
          sort: q.sort,
        }),
        getFilterOptions(app.db, request.locale),
      ]);
      return sendHtml(
        reply,
        PracticeListPage({ ctx: viewOf(request), result, filters, options, sort: q.sort }),
      );
    },
  );

  app.get(
    '/practices/:slug',
    {
      config: { pageCache: true },
      schema: {
        hide: true,
        params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) }),
      },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const { lang } = request.query as { lang?: string };
      const practice = await getPractice(app.db, request.locale, slug, lang);
      return sendHtml(reply, PracticePage({ ctx: viewOf(request), practice }));
    },
  );
}
