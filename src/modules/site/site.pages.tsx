import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getWorldMap } from '../atlas/index.ts';
import { listEvents } from '../events/index.ts';
import { getOverview } from '../practices/index.ts';
import { listNews } from '../press/index.ts';
import { AboutPage } from './views/AboutPage.tsx';
import { ApiDocsPage, type OpenApiDocument } from './views/ApiDocsPage.tsx';
import { EvidencePage } from './views/EvidencePage.tsx';
import { HomePage } from './views/HomePage.tsx';

export async function sitePages(app: TypedApp) {
  app.get(
    '/',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => {
      const [overview, worldMap, upcoming, past, news] = await Promise.all([
        getOverview(app.readDb, request.locale, 6),
        getWorldMap(app.readDb, request.locale),
        listEvents(app.readDb, request.locale, { when: 'upcoming', page: 1, perPage: 2 }),
        listEvents(app.readDb, request.locale, { when: 'past', page: 1, perPage: 2 }),
        listNews(app.readDb, request.locale, { page: 1, perPage: 2 }),
      ]);
      return sendHtml(
        reply,
        HomePage({
          ctx: viewOf(request),
          overview,
          worldMap,
          events: { upcoming: upcoming.items, past: past.items },
          news: news.items,
        }),
      );
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
