import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../core/errors.ts';
import { csrfTokenFor } from '../../core/http/csrf.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import { queryString } from '../../views/context.ts';
import {
  addToShortlist,
  clearShortlist,
  parseShortlistCookie,
  readShortlist,
  removeFromShortlist,
  SHORTLIST_COOKIE,
  type ShortlistState,
  shortlistCards,
  shortlistDetails,
} from './shortlist.service.ts';
import { ComparePage, ShortlistBriefPage, ShortlistPage } from './views/ShortlistPages.tsx';

const ONE_YEAR_SECONDS = 365 * 24 * 3600;

export async function shortlistPages(app: TypedApp) {
  const cookieIds = (request: FastifyRequest) =>
    parseShortlistCookie(request.cookies[SHORTLIST_COOKIE]);

  function keep(reply: FastifyReply, state: ShortlistState) {
    if (state.cookie === null) reply.clearCookie(SHORTLIST_COOKIE, { path: '/' });
    else if (state.cookie !== undefined)
      reply.setCookie(SHORTLIST_COOKIE, state.cookie, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: app.config.publicUrl.startsWith('https:'),
        maxAge: ONE_YEAR_SECONDS,
      });
    // What is on a reader's list is theirs: never stored by a shared cache.
    reply.header('cache-control', 'private, no-store');
  }

  const saved = (request: FastifyRequest) =>
    request.actor.kind === 'user' && request.actor.via === 'session';

  app.get(
    '/shortlist',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: Type.Object({ added: Type.Optional(Type.String({ maxLength: 200 })) }),
      },
    },
    async (request, reply) => {
      const { added } = request.query;
      const state = await readShortlist(app.db, request.actor, cookieIds(request));
      keep(reply, state);
      csrfTokenFor(request, reply);
      const cards = await shortlistCards(app.readDb, request.locale, state.ids);
      return sendHtml(
        reply,
        ShortlistPage({
          ctx: viewOf(request),
          cards,
          saved: saved(request),
          // Only a practice that is on the list is announced: the address cannot put words on the page.
          added: cards.find((card) => card.slug === added)?.title,
        }),
      );
    },
  );

  // Sent from practice pages, which are cached for everyone and so carry no per-visitor token.
  app.post(
    '/shortlist/add',
    {
      config: { access: 'public', csrf: 'same-origin' },
      schema: {
        hide: true,
        body: Type.Object({ practice: Type.String({ minLength: 1, maxLength: 200 }) }),
      },
    },
    async (request, reply) => {
      const { practice } = request.body;
      try {
        keep(reply, await addToShortlist(app.db, request.actor, cookieIds(request), practice));
      } catch (caught) {
        if (!(caught instanceof AppError) || caught.status !== 400) throw caught;
        const problem = caught.details[0];
        const state = await readShortlist(app.db, request.actor, cookieIds(request));
        keep(reply, state);
        csrfTokenFor(request, reply);
        const cards = await shortlistCards(app.readDb, request.locale, state.ids);
        const error = problem?.key
          ? translator(request.locale)(problem.key as MessageKey, problem.values)
          : caught.message;
        return sendHtml(
          reply,
          ShortlistPage({ ctx: viewOf(request), cards, saved: saved(request), error }),
          400,
        );
      }
      return reply.redirect(
        viewOf(request).href(`/shortlist${queryString({ added: practice })}`),
        303,
      );
    },
  );

  app.post(
    '/shortlist/remove',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        body: Type.Object({ practice: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) }),
      },
    },
    async (request, reply) => {
      const { practice } = request.body;
      keep(
        reply,
        await removeFromShortlist(app.db, request.actor, cookieIds(request), Number(practice)),
      );
      return reply.redirect(viewOf(request).href('/shortlist'), 303);
    },
  );

  app.post(
    '/shortlist/clear',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      keep(reply, await clearShortlist(app.db, request.actor));
      return reply.redirect(viewOf(request).href('/shortlist'), 303);
    },
  );

  app.get(
    '/shortlist/compare',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const state = await readShortlist(app.db, request.actor, cookieIds(request));
      keep(reply, state);
      const practices = await shortlistDetails(app.readDb, request.locale, state.ids);
      return sendHtml(reply, ComparePage({ ctx: viewOf(request), practices }));
    },
  );

  app.get(
    '/shortlist/brief',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const state = await readShortlist(app.db, request.actor, cookieIds(request));
      keep(reply, state);
      const practices = await shortlistDetails(app.readDb, request.locale, state.ids);
      return sendHtml(reply, ShortlistBriefPage({ ctx: viewOf(request), practices }));
    },
  );
}
