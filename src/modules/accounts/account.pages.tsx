import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { attempt } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { clearSessionCookie, setSessionCookie } from '../../core/http/session.ts';
import { getPlaceIndex } from '../places/place.service.ts';
import type { AccountSlots } from './account.ports.ts';
import * as apiTokens from './api-token.service.ts';
import * as credentials from './credential.service.ts';
import * as profiles from './profile.service.ts';
import * as sessions from './session.service.ts';
import { AccountPage, DeleteAccountPage } from './views/AccountPage.tsx';
import {
  EMPTY_FORM,
  ForgotPage,
  type FormState,
  LoginPage,
  MessagePage,
  RegisterPage,
  ResendForm,
  ResetPage,
} from './views/AuthPages.tsx';

/** Form fields: any text, bounded; the service checks what they mean. */
const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
const formBody = (fields: Record<string, number>) =>
  Type.Object({
    _csrf: text(200),
    ...Object.fromEntries(Object.entries(fields).map(([name, max]) => [name, text(max)])),
  });

const FORM_LIMIT = 64 * 1024;

/** Only paths of this site: `next=//evil.example` or a full URL falls back to the account page. */
function safeNext(next: unknown, fallback: string): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500
    ? next
    : fallback;
}

/** Keeps what was typed, never a password or a token. */
function keep(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([k, v]) => typeof v === 'string' && !/password|_csrf|token/.test(k),
    ) as [string, string][],
  );
}

export async function accountPages(app: FastifyInstance, slots: AccountSlots) {
  const ctxOf = () => ({
    db: app.db,
    mailer: app.mailer,
    publicUrl: app.config.publicUrl,
    loginDelayMs: app.config.loginDelayMs,
  });
  const authLimit = {
    rateLimit: { max: app.config.authRateLimitPerMinute, timeWindow: '1 minute' },
  };
  const countriesFor = async (request: FastifyRequest) =>
    (await getPlaceIndex(app.db, request.locale)).countries.map((c) => ({
      code: c.code,
      name: c.name,
    }));
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };

  // ── Registration and confirmation ──
  app.get(
    '/account/register',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      if (request.actor.kind === 'user')
        return reply.redirect(localePath(request.locale, '/account'), 303);
      return page(
        reply,
        RegisterPage({
          ctx: formViewOf(request, reply),
          form: EMPTY_FORM,
          countries: await countriesFor(request),
        }),
      );
    },
  );

  app.post(
    '/account/register',
    {
      config: { access: 'public', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        body: formBody({
          name: 1000,
          email: 1000,
          organisation: 1000,
          country: 20,
          password: 1024,
        }),
      },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() =>
        credentials.register(ctxOf(), { ...body, locale: request.locale }, slots.organisations),
      );
      if (!outcome.ok) {
        const form: FormState = { values: keep(body), problems: outcome.problems };
        return page(
          reply,
          RegisterPage({
            ctx: formViewOf(request, reply),
            form,
            countries: await countriesFor(request),
          }),
          400,
        );
      }
      const ctx = viewOf(request);
      return page(
        reply,
        MessagePage({
          ctx,
          title: ctx.text('auth.checkEmail.title'),
          body: ctx.text('auth.checkEmail.register'),
        }),
      );
    },
  );

  app.get(
    '/account/verify',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ token: text(200) }) },
    },
    async (request, reply) => {
      const outcome = await credentials.verifyEmail(
        app.db,
        (request.query as { token?: string }).token,
      );
      const ctx = formViewOf(request, reply);
      if (outcome === 'verified') {
        return page(
          reply,
          MessagePage({
            ctx,
            title: ctx.text('auth.verify.done'),
            body: ctx.text('auth.verify.doneBody'),
            link: { href: ctx.href('/account/login'), label: ctx.text('auth.login.title') },
          }),
        );
      }
      return page(
        reply,
        MessagePage({
          ctx,
          title: ctx.text('auth.link.failed'),
          body: ctx.text(`auth.link.${outcome}`),
          children: <ResendForm ctx={ctx} />,
        }),
        400,
      );
    },
  );

  app.post(
    '/account/verify/resend',
    {
      config: { access: 'public', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ email: 1000 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const ctx = formViewOf(request, reply);
      const outcome = await attempt(() => credentials.resendVerification(ctxOf(), body.email));
      if (!outcome.ok) {
        return page(
          reply,
          MessagePage({
            ctx,
            title: ctx.text('auth.link.failed'),
            body: ctx.text('form.error.email'),
            children: <ResendForm ctx={ctx} email={body.email} />,
          }),
          400,
        );
      }
      return page(
        reply,
        MessagePage({
          ctx,
          title: ctx.text('auth.checkEmail.title'),
          body: ctx.text('auth.checkEmail.resend'),
        }),
      );
    },
  );

  // ── Signing in and out ──
  app.get(
    '/account/login',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ next: text(500) }) },
    },
    async (request, reply) => {
      const next = safeNext(
        (request.query as { next?: string }).next,
        localePath(request.locale, '/account'),
      );
      if (request.actor.kind === 'user') return reply.redirect(next, 303);
      return page(reply, LoginPage({ ctx: formViewOf(request, reply), form: EMPTY_FORM, next }));
    },
  );

  app.post(
    '/account/login',
    {
      config: { access: 'public', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ email: 1000, password: 1024, next: 500 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const next = safeNext(body.next, localePath(request.locale, '/account'));
      const result = await credentials.login(ctxOf(), body, request.addressKey);
      if (result.outcome === 'ok') {
        setSessionCookie(request, reply, result.token);
        return reply.redirect(next, 303);
      }
      const ctx = formViewOf(request, reply);
      const form: FormState = { values: keep(body), problems: [] };
      if (result.outcome === 'unverified') {
        const notice = (
          <div class="notice notice--warning">
            <p>{ctx.t('auth.login.unverified')}</p>
            <ResendForm ctx={ctx} email={body.email} />
          </div>
        );
        return page(reply, LoginPage({ ctx, form, next, notice }), 403);
      }
      if (result.outcome === 'locked' || result.outcome === 'throttled') {
        reply.header('retry-after', String(result.retryAfterSeconds));
        const minutes = Math.max(1, Math.ceil(result.retryAfterSeconds / 60));
        form.problems = [
          {
            field: 'email',
            message: 'too many failed attempts',
            key: 'auth.login.locked',
            values: { minutes },
          },
        ];
        return page(reply, LoginPage({ ctx, form, next }), 429);
      }
      form.problems = [
        { field: 'email', message: 'wrong email or password', key: 'auth.login.invalid' },
      ];
      return page(reply, LoginPage({ ctx, form, next }), 401);
    },
  );

  app.post(
    '/account/logout',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({}) },
    },
    async (request, reply) => {
      await sessions.logout(app.db, request.sessionToken, request.actor);
      clearSessionCookie(request, reply);
      return reply.redirect(localePath(request.locale, '/'), 303);
    },
  );

  // ── Forgotten password ──
  app.get(
    '/account/forgot',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) =>
      page(reply, ForgotPage({ ctx: formViewOf(request, reply), form: EMPTY_FORM })),
  );

  app.post(
    '/account/forgot',
    {
      config: { access: 'public', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ email: 1000 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() => credentials.requestPasswordReset(ctxOf(), body.email));
      if (!outcome.ok) {
        return page(
          reply,
          ForgotPage({
            ctx: formViewOf(request, reply),
            form: { values: keep(body), problems: outcome.problems },
          }),
          400,
        );
      }
      const ctx = viewOf(request);
      return page(
        reply,
        MessagePage({
          ctx,
          title: ctx.text('auth.checkEmail.title'),
          body: ctx.text('auth.checkEmail.reset'),
        }),
      );
    },
  );

  app.get(
    '/account/reset',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ token: text(200) }) },
    },
    async (request, reply) => {
      const token = (request.query as { token?: string }).token ?? '';
      const state = await credentials.checkEmailToken(app.db, token, 'reset');
      const ctx = formViewOf(request, reply);
      if (state !== 'ok') {
        return page(
          reply,
          MessagePage({
            ctx,
            title: ctx.text('auth.link.failed'),
            body: ctx.text(`auth.link.${state}`),
            link: { href: ctx.href('/account/forgot'), label: ctx.text('auth.forgot.title') },
          }),
          400,
        );
      }
      return page(reply, ResetPage({ ctx, form: EMPTY_FORM, token }));
    },
  );

  app.post(
    '/account/reset',
    {
      config: { access: 'public', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ token: 200, password: 1024 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() =>
        credentials.resetPassword(app.db, body.token, body.password),
      );
      if (!outcome.ok) {
        return page(
          reply,
          ResetPage({
            ctx: formViewOf(request, reply),
            form: { values: {}, problems: outcome.problems },
            token: body.token ?? '',
          }),
          400,
        );
      }
      const ctx = formViewOf(request, reply);
      if (outcome.value !== 'reset') {
        return page(
          reply,
          MessagePage({
            ctx,
            title: ctx.text('auth.link.failed'),
            body: ctx.text(`auth.link.${outcome.value}`),
            link: { href: ctx.href('/account/forgot'), label: ctx.text('auth.forgot.title') },
          }),
          400,
        );
      }
      return page(
        reply,
        MessagePage({
          ctx,
          title: ctx.text('auth.reset.done'),
          body: ctx.text('auth.reset.doneBody'),
          link: { href: ctx.href('/account/login'), label: ctx.text('auth.login.title') },
        }),
      );
    },
  );

  app.get(
    '/account/email/confirm',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ token: text(200) }) },
    },
    async (request, reply) => {
      const outcome = await credentials.confirmEmailChange(
        ctxOf(),
        (request.query as { token?: string }).token,
      );
      const ctx = formViewOf(request, reply);
      if (outcome === 'changed')
        return page(
          reply,
          MessagePage({
            ctx,
            title: ctx.text('account.email.changed'),
            body: ctx.text('account.email.changedBody'),
            link: { href: ctx.href('/account'), label: ctx.text('account.title') },
          }),
        );
      const body =
        outcome === 'taken' ? ctx.text('auth.link.taken') : ctx.text(`auth.link.${outcome}`);
      return page(reply, MessagePage({ ctx, title: ctx.text('auth.link.failed'), body }), 400);
    },
  );

  // ── The account page ──
  const renderAccount = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Omit<Parameters<typeof AccountPage>[0], 'ctx' | 'profile' | 'countries' | 'tokens'> = {},
    status = 200,
  ) => {
    const [profile, countries, tokens] = await Promise.all([
      profiles.getProfile(app.db, request.actor, slots.organisations),
      countriesFor(request),
      apiTokens.listApiTokens(app.db, request.actor),
    ]);
    return page(
      reply,
      AccountPage({ ctx: formViewOf(request, reply), profile, countries, tokens, ...extra }),
      status,
    );
  };

  app.get(
    '/account',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => renderAccount(request, reply),
  );

  app.post(
    '/account/profile',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        body: formBody({ name: 1000, organisation: 1000, country: 20, locale: 10 }),
      },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() =>
        profiles.updateProfile(app.db, request.actor, body, slots.organisations),
      );
      if (!outcome.ok) {
        return renderAccount(
          request,
          reply,
          {
            form: { section: 'profile', state: { values: keep(body), problems: outcome.problems } },
          },
          400,
        );
      }
      return renderAccount(request, reply, { notice: viewOf(request).text('account.saved') });
    },
  );

  app.post(
    '/account/email',
    {
      config: { access: 'signed-in', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ email: 1000, current_password: 1024 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() =>
        credentials.requestEmailChange(ctxOf(), request.actor, body),
      );
      if (!outcome.ok) {
        return renderAccount(
          request,
          reply,
          { form: { section: 'email', state: { values: keep(body), problems: outcome.problems } } },
          400,
        );
      }
      return renderAccount(request, reply, { notice: viewOf(request).text('account.email.sent') });
    },
  );

  app.post(
    '/account/password',
    {
      config: { access: 'signed-in', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ current_password: 1024, password: 1024 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() =>
        credentials.changePassword(app.db, request.actor, body, request.sessionToken),
      );
      if (!outcome.ok) {
        return renderAccount(
          request,
          reply,
          { form: { section: 'password', state: { values: {}, problems: outcome.problems } } },
          400,
        );
      }
      return renderAccount(request, reply, {
        notice: viewOf(request).text('account.password.changed'),
      });
    },
  );

  app.post(
    '/account/sessions/end',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({}) },
    },
    async (request, reply) => {
      await sessions.logoutEverywhere(app.db, request.actor);
      clearSessionCookie(request, reply);
      const ctx = viewOf(request);
      return page(
        reply,
        MessagePage({
          ctx,
          title: ctx.text('account.sessions.ended'),
          body: ctx.text('account.sessions.endedBody'),
          link: { href: ctx.href('/account/login'), label: ctx.text('auth.login.title') },
        }),
      );
    },
  );

  app.post(
    '/account/tokens',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ name: 1000, scopes: 20 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() => apiTokens.createApiToken(app.db, request.actor, body));
      if (!outcome.ok) {
        return renderAccount(
          request,
          reply,
          {
            form: { section: 'tokens', state: { values: keep(body), problems: outcome.problems } },
          },
          400,
        );
      }
      return renderAccount(request, reply, { newToken: outcome.value.token });
    },
  );

  app.post(
    '/account/tokens/:id/revoke',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) }),
        body: formBody({}),
      },
    },
    async (request, reply) => {
      await apiTokens.revokeApiToken(app.db, request.actor, (request.params as { id: number }).id);
      return renderAccount(request, reply, {
        notice: viewOf(request).text('account.tokens.revokedNotice'),
      });
    },
  );

  app.get(
    '/account/data',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => {
      const data = await profiles.exportUserData(app.db, request.actor, request.locale, slots);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', 'attachment; filename="clearinghouse-account.json"')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    },
  );

  app.get(
    '/account/delete',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) =>
      page(reply, DeleteAccountPage({ ctx: formViewOf(request, reply), form: EMPTY_FORM })),
  );

  app.post(
    '/account/delete',
    {
      config: { access: 'signed-in', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({ current_password: 1024 }) },
    },
    async (request, reply) => {
      const body = request.body as Record<string, string | undefined>;
      const outcome = await attempt(() => profiles.deleteAccount(app.db, request.actor, body));
      if (!outcome.ok) {
        return page(
          reply,
          DeleteAccountPage({
            ctx: formViewOf(request, reply),
            form: { values: {}, problems: outcome.problems },
          }),
          400,
        );
      }
      clearSessionCookie(request, reply);
      request.actor = { kind: 'anonymous' };
      const ctx = viewOf(request);
      return page(
        reply,
        MessagePage({
          ctx,
          title: ctx.text('account.deleted'),
          body: ctx.text('account.deletedBody'),
          link: { href: ctx.href('/'), label: ctx.text('error.home') },
        }),
      );
    },
  );
}
