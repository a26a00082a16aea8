import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { acceptedBody, handleForm } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, viewOf } from '../../core/http/render.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import { clearSessionCookie, setSessionCookie } from '../../core/http/session.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import type { AccountSlots } from './account.ports.ts';
import { accountFormHelpers, FORM_LIMIT, keep } from './account-forms.ts';
import { ACCOUNT_EMAIL_JOB, accountEmailHandler } from './account-mail.service.ts';
import * as credentials from './credential.service.ts';
import * as sessions from './session.service.ts';
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

/** Only paths of this site: `next=//evil.example` or a full URL falls back to the account page. */
function safeNext(next: unknown, fallback: string): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) && next.length < 500
    ? next
    : fallback;
}

/** The query of a link emailed to confirm an address or reset a password. */
const tokenQuery = Type.Object({ token: textField({ max: 200 }) });

/**
 * Registration, confirmation of the address, signing in and out, the forgotten password and the
 * links emailed to change an address.
 */
export async function authPages(
  app: TypedApp,
  { organisations }: Pick<AccountSlots, 'organisations'>,
) {
  const { ctxOf, authLimit, countriesFor, page } = accountFormHelpers(app);
  app.jobs.register(ACCOUNT_EMAIL_JOB, accountEmailHandler(ctxOf), { idempotent: false });
  /** After a form that sends an email: the page that says to look for it, and why. */
  const checkEmail = (
    request: FastifyRequest,
    reply: FastifyReply,
    why: { key: 'auth.checkEmail.register' | 'auth.checkEmail.resend' | 'auth.checkEmail.reset' },
  ) => {
    const ctx = viewOf(request);
    return page(
      reply,
      MessagePage({ ctx, title: ctx.text('auth.checkEmail.title'), body: ctx.text(why.key) }),
    );
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
        body: formBody(
          {
            name: textField({ max: 1000 }),
            email: textField({ max: 1000 }),
            organisation: textField({ max: 1000 }),
            country: textField({ max: 20 }),
            password: textField({ max: 1024 }),
          },
          { csrf: true },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () =>
          credentials.register(ctxOf(), { ...body, locale: request.locale }, organisations),
        onInvalid: async (problems, status) => {
          const form: FormState = { values: keep(body), problems };
          return page(
            reply,
            RegisterPage({
              ctx: formViewOf(request, reply),
              form,
              countries: await countriesFor(request),
            }),
            status,
          );
        },
        onDone: () => checkEmail(request, reply, { key: 'auth.checkEmail.register' }),
      });
    },
  );

  app.get(
    '/account/verify',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: tokenQuery },
    },
    async (request, reply) => {
      const outcome = await credentials.verifyEmail(app.db, request.query.token);
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
      schema: { hide: true, body: formBody({ email: textField({ max: 1000 }) }, { csrf: true }) },
    },
    async (request, reply) => {
      const body = request.body;
      const ctx = formViewOf(request, reply);
      return handleForm(request, reply, {
        run: () => credentials.resendVerification(ctxOf(), body.email),
        onInvalid: (_problems, status) =>
          page(
            reply,
            MessagePage({
              ctx,
              title: ctx.text('auth.link.failed'),
              body: ctx.text('form.error.email'),
              children: <ResendForm ctx={ctx} email={body.email} />,
            }),
            status,
          ),
        onDone: () => checkEmail(request, reply, { key: 'auth.checkEmail.resend' }),
      });
    },
  );

  // ── Signing in and out ──
  app.get(
    '/account/login',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: Type.Object({ next: textField({ max: 500 }) }) },
    },
    async (request, reply) => {
      const next = safeNext(request.query.next, localePath(request.locale, '/account'));
      if (request.actor.kind === 'user') return reply.redirect(next, 303);
      return page(reply, LoginPage({ ctx: formViewOf(request, reply), form: EMPTY_FORM, next }));
    },
  );

  app.post(
    '/account/login',
    {
      config: { access: 'public', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        body: formBody(
          {
            email: textField({ max: 1000 }),
            password: textField({ max: 1024 }),
            next: textField({ max: 500 }),
          },
          { csrf: true },
        ),
      },
    },
    async (request, reply) => {
      acceptedBody(request);
      const body = request.body;
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
      if (result.outcome === 'throttled') {
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
      schema: { hide: true, body: formBody({}, { csrf: true }) },
    },
    async (request, reply) => {
      acceptedBody(request);
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
      schema: { hide: true, body: formBody({ email: textField({ max: 1000 }) }, { csrf: true }) },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => credentials.requestPasswordReset(ctxOf(), body.email),
        onInvalid: (problems, status) =>
          page(
            reply,
            ForgotPage({
              ctx: formViewOf(request, reply),
              form: { values: keep(body), problems },
            }),
            status,
          ),
        onDone: () => checkEmail(request, reply, { key: 'auth.checkEmail.reset' }),
      });
    },
  );

  app.get(
    '/account/reset',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: tokenQuery },
    },
    async (request, reply) => {
      const token = request.query.token ?? '';
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
      schema: {
        hide: true,
        body: formBody(
          { token: textField({ max: 200 }), password: textField({ max: 1024 }) },
          { csrf: true },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => credentials.resetPassword(app.db, body.token, body.password, request.addressKey),
        onInvalid: (problems, status) =>
          page(
            reply,
            ResetPage({
              ctx: formViewOf(request, reply),
              form: { values: {}, problems },
              token: body.token ?? '',
            }),
            status,
          ),
        onDone: ({ outcome: done, tokensRevoked }) => {
          const ctx = formViewOf(request, reply);
          if (done !== 'reset') {
            return page(
              reply,
              MessagePage({
                ctx,
                title: ctx.text('auth.link.failed'),
                body: ctx.text(`auth.link.${done}`),
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
              body:
                tokensRevoked > 0
                  ? ctx.text('auth.reset.doneBodyTokens', { count: tokensRevoked })
                  : ctx.text('auth.reset.doneBody'),
              link: { href: ctx.href('/account/login'), label: ctx.text('auth.login.title') },
            }),
          );
        },
      });
    },
  );

  app.get(
    '/account/email/confirm',
    {
      config: { access: 'public' },
      schema: { hide: true, querystring: tokenQuery },
    },
    async (request, reply) => {
      const outcome = await credentials.confirmEmailChange(ctxOf(), request.query.token);
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
}
