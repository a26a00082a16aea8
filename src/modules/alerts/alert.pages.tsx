import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { type Static, Type } from 'typebox';
import { NotFoundError } from '../../core/errors.ts';
import { csrfTokenFor } from '../../core/http/csrf.ts';
import { handleForm } from '../../core/http/form-outcome.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import * as alerts from './alert.service.ts';
import { createDigestJobHandler, DIGEST_JOB, scheduleDigests } from './digest.service.ts';
import { AlertsPage, UnsubscribePage } from './views/AlertPages.tsx';

const FollowBody = formBody(
  {
    kind: textField({ max: 40 }),
    target: textField({ max: 1000 }),
    next: textField({ max: 1000 }),
  },
  { csrf: true },
);
const UnsubscribeParams = Type.Object({
  userId: Type.String({ maxLength: 20 }),
  token: Type.String({ maxLength: 200 }),
});

/** Only paths of this site: anything else falls back to the alerts page. */
function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 1000
    ? next
    : '/account/alerts';
}

/**
 * Follows, the alerts page, one-click unsubscription and the digest job. What the follow buttons
 * of other modules' pages show is filled by followStateOf (follow-state.ts), wired in app.ts.
 */
async function alertsPlugin(app: TypedApp) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };

  const renderAlerts = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Omit<Parameters<typeof AlertsPage>[0], 'ctx' | 'overview'> = {},
    status = 200,
  ) => {
    csrfTokenFor(request, reply);
    const overview = await alerts.getAlertOverview(app.db, request.actor, request.locale);
    return page(reply, AlertsPage({ ctx: viewOf(request), overview, ...extra }), status);
  };

  app.get(
    '/account/alerts',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => renderAlerts(request, reply),
  );

  app.post(
    '/account/alerts',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, body: formBody({ frequency: textField({ max: 40 }) }, { csrf: true }) },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => alerts.setFrequency(app.db, request.actor, body),
        onInvalid: (problems, status) =>
          renderAlerts(request, reply, { frequency: body.frequency ?? '', problems }, status),
        onDone: () =>
          renderAlerts(request, reply, { notice: viewOf(request).text('alerts.saved') }),
      });
    },
  );

  const followRoute = (
    path: string,
    action: (request: FastifyRequest, body: Static<typeof FollowBody>) => Promise<unknown>,
  ) =>
    app.post(
      path,
      { config: { access: 'signed-in' }, schema: { hide: true, body: FollowBody } },
      async (request, reply) => {
        const body = request.body;
        return handleForm(request, reply, {
          run: () => action(request, body),
          onInvalid: (problems, status) => renderAlerts(request, reply, { problems }, status),
          onDone: () => reply.redirect(viewOf(request).href(safeNext(body.next)), 303),
        });
      },
    );
  followRoute('/alerts/follow', (request, body) =>
    alerts.follow(app.db, request.actor, request.locale, body),
  );
  followRoute('/alerts/unfollow', (request, body) => alerts.unfollow(app.db, request.actor, body));

  const unsubscribeAction = (
    request: FastifyRequest,
    { userId, token }: Static<typeof UnsubscribeParams>,
  ) => {
    return viewOf(request).href(
      `/alerts/unsubscribe/${encodeURIComponent(userId)}/${encodeURIComponent(token)}`,
    );
  };
  const notFound = () =>
    new NotFoundError('unsubscribe_link_not_found', 'This unsubscription link is not valid.');

  app.get(
    '/alerts/unsubscribe/:userId/:token',
    { config: { access: 'public' }, schema: { hide: true, params: UnsubscribeParams } },
    async (request, reply) => {
      const { userId, token } = request.params;
      if ((await alerts.checkUnsubscribeLink(app.readDb, userId, token)) === undefined)
        throw notFound();
      reply.header('referrer-policy', 'no-referrer');
      return page(
        reply,
        UnsubscribePage({
          ctx: viewOf(request),
          action: unsubscribeAction(request, request.params),
          done: false,
        }),
      );
    },
  );

  // The token in the address authenticates the request, as a session would: no CSRF token, so
  // that mail clients can unsubscribe in one click (RFC 8058: `List-Unsubscribe=One-Click`).
  app.post(
    '/alerts/unsubscribe/:userId/:token',
    {
      config: { access: 'public', csrf: false },
      schema: { hide: true, params: UnsubscribeParams },
    },
    async (request, reply) => {
      const { userId, token } = request.params;
      if (!(await alerts.unsubscribe(app.db, userId, token))) throw notFound();
      return page(
        reply,
        UnsubscribePage({
          ctx: viewOf(request),
          action: unsubscribeAction(request, request.params),
          done: true,
        }),
      );
    },
  );

  app.jobs.register(DIGEST_JOB, createDigestJobHandler({ publicUrl: app.config.publicUrl }), {
    idempotent: true,
  });
  if (app.config.jobWorker) app.addHook('onReady', async () => scheduleDigests(app.db, new Date()));
}

export const alertPages = fp(alertsPlugin, {
  name: 'alerts',
  decorators: { fastify: ['config', 'db', 'jobs'] },
});
