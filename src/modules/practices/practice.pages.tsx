import { Type } from 'typebox';
import { ValidationError } from '../../core/errors.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { SlugParams } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { LangQuery } from './practice.model.ts';
import type { PracticePagesOptions } from './practice.slots.ts';
import { getPractice } from './practice-detail.service.ts';
import {
  compareVersions,
  getPracticeHistory,
  getPracticeVersion,
} from './practice-history.service.ts';
import { HistoryPage } from './views/HistoryPage.tsx';
import { PracticeBriefPage } from './views/PracticeBrief.tsx';
import { PracticePage, PracticeVersionPage } from './views/PracticePage.tsx';

/** A page of one practice, in the language asked for (`?lang=`) when it has that version. */
const pageOfSlug = { hide: true, params: SlugParams, querystring: LangQuery };

// The practice list (/practices) is the search page without words: see the search module.
export async function practicePages(app: TypedApp, { slots = {} }: PracticePagesOptions) {
  app.get(
    '/practices/:slug',
    {
      config: { access: 'public', pageCache: true },
      schema: pageOfSlug,
    },
    async (request, reply) => {
      const { slug } = request.params;
      const { lang } = request.query;
      const practice = await getPractice(app.readDb, request.locale, slug, lang);
      const ctx = viewOf(request);
      const mayPropose =
        practice.archivedAt === null &&
        ctx.can('practices.propose', { id: practice.id, ownerId: practice.proposerId });
      if (mayPropose) reply.header('cache-control', 'no-store');
      const panel = { db: app.readDb, request, ctx, practice };
      const [afterArticle, end] = await Promise.all(
        [slots.afterArticle, slots.end].map((panels) =>
          Promise.all((panels ?? []).map((p) => p(panel))),
        ),
      );
      return sendHtml(reply, PracticePage({ ctx, practice, mayPropose, afterArticle, end }));
    },
  );

  // One printed page to hand round at a meeting.
  app.get(
    '/practices/:slug/brief',
    {
      config: { access: 'public', pageCache: true },
      schema: pageOfSlug,
    },
    async (request, reply) => {
      const { slug } = request.params;
      const { lang } = request.query;
      const practice = await getPractice(app.readDb, request.locale, slug, lang);
      return sendHtml(reply, PracticeBriefPage({ ctx: viewOf(request), practice }));
    },
  );

  app.get(
    '/practices/:slug/history',
    {
      config: { access: 'public', pageCache: true },
      schema: {
        hide: true,
        params: SlugParams,
        querystring: Type.Object({
          from: Type.Optional(Type.String({ maxLength: 6 })),
          to: Type.Optional(Type.String({ maxLength: 6 })),
        }),
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const { from, to } = request.query;
      const history = await getPracticeHistory(app.readDb, slug);
      let comparison: Awaited<ReturnType<typeof compareVersions>> | undefined;
      if (from !== undefined || to !== undefined) {
        const version = (name: string, value: string | undefined) => {
          if (value === undefined || !/^[1-9]\d{0,5}$/.test(value))
            throw new ValidationError([
              { field: name, message: 'must be a version number such as 2' },
            ]);
          return Number(value);
        };
        comparison = await compareVersions(
          app.readDb,
          slug,
          version('from', from),
          version('to', to),
        );
      }
      return sendHtml(reply, HistoryPage({ ctx: viewOf(request), history, comparison }));
    },
  );

  // A published version at a permanent address, for citations: its text never changes.
  app.get(
    '/practices/:slug/versions/:version',
    {
      config: { access: 'public', pageCache: true },
      schema: {
        hide: true,
        params: Type.Object({
          slug: Type.String({ maxLength: 200 }),
          version: Type.String({ maxLength: 12 }),
        }),
        querystring: LangQuery,
      },
    },
    async (request, reply) => {
      const { slug, version } = request.params;
      const { lang } = request.query;
      if (!/^\d{1,9}$/.test(version))
        throw new ValidationError([
          { field: 'version', message: 'must be a version number such as 2' },
        ]);
      const view = await getPracticeVersion(
        app.readDb,
        request.locale,
        slug,
        Number(version),
        lang,
      );
      return sendHtml(reply, PracticeVersionPage({ ctx: viewOf(request), view }));
    },
  );
}
