import type { FastifyInstance } from 'fastify';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { getWorldMap } from '../atlas/atlas.service.ts';
import { getOverview } from '../practices/practice.service.ts';
import { AboutPage } from './views/AboutPage.tsx';
import { ApiDocsPage, type OpenApiDocument } from './views/ApiDocsPage.tsx';
import { EvidencePage } from './views/EvidencePage.tsx';
import { HomePage } from './views/HomePage.tsx';

export async function sitePages(app: FastifyInstance) {
  app.get(
    '/',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      const [overview, worldMap] = await Promise.all([
        getOverview(app.readDb, request.locale, 6),
        getWorldMap(app.readDb, request.locale),
      ]);
      return sendHtml(reply, HomePage({ ctx: viewOf(request), overview, worldMap }));
    },
  );

  app.get(
    '/about',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      return sendHtml(reply, AboutPage({ ctx: viewOf(request) }));
    },
  );

  app.get(
    '/evidence',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      return sendHtml(reply, EvidencePage({ ctx: viewOf(request) }));
    },
  );

  app.get(
    '/api/docs',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      return sendHtml(
        reply,
        ApiDocsPage({
          ctx: viewOf(request),
          document: app.swagger() as unknown as OpenApiDocument,
        }),
      );
    },
  );
}
