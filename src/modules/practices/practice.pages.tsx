import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { getPractice } from './practice.service.ts';
import { PracticePage } from './views/PracticePage.tsx';

// The practice list (/practices) is the search page without words: see the search module.
export async function practicePages(app: FastifyInstance) {
  app.get(
    '/practices/:slug',
    {
      config: { access: 'public', pageCache: true },
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
