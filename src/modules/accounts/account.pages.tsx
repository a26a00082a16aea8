import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { acceptedBody, handleForm } from '../../core/http/form-outcome.ts';
import { formViewOf, viewOf } from '../../core/http/render.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import { clearSessionCookie } from '../../core/http/session.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import type { AccountSlots } from './account.ports.ts';
import { accountFormHelpers, FORM_LIMIT, keep } from './account-forms.ts';
import * as apiTokens from './api-token.service.ts';
import * as credentials from './credential.service.ts';
import * as profiles from './profile.service.ts';
import * as sessions from './session.service.ts';
import { AccountPage, DeleteAccountPage } from './views/AccountPage.tsx';
import { EMPTY_FORM, MessagePage } from './views/AuthPages.tsx';

/**
 * The signed-in person's account page: profile, address, password, sessions, API tokens, the
 * copy of their data and the deletion of the account.
 */
export async function accountPages(app: TypedApp, slots: AccountSlots) {
  const { ctxOf, authLimit, countriesFor, page } = accountFormHelpers(app);

  // ── The account page ──
  const renderAccount = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Omit<
      Parameters<typeof AccountPage>[0],
      'ctx' | 'profile' | 'countries' | 'tokens' | 'panels'
    > = {},
    status = 200,
  ) => {
    const [profile, countries, tokens] = await Promise.all([
      profiles.getProfile(app.db, request.actor, slots.organisations),
      countriesFor(request),
      apiTokens.listApiTokens(app.db, request.actor),
    ]);
    return page(
      reply,
      AccountPage({
        ctx: formViewOf(request, reply),
        profile,
        countries,
        tokens,
        panels: slots.panels,
        ...extra,
      }),
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
        body: formBody(
          {
            name: textField({ max: 1000 }),
            organisation: textField({ max: 1000 }),
            country: textField({ max: 20 }),
            locale: textField({ max: 10 }),
          },
          { csrf: true },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => profiles.updateProfile(app.db, request.actor, body, slots.organisations),
        onInvalid: (problems, status) =>
          renderAccount(
            request,
            reply,
            {
              form: { section: 'profile', state: { values: keep(body), problems } },
            },
            status,
          ),
        onDone: () =>
          renderAccount(request, reply, { notice: viewOf(request).text('account.saved') }),
      });
    },
  );

  app.post(
    '/account/email',
    {
      config: { access: 'signed-in', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        body: formBody(
          { email: textField({ max: 1000 }), current_password: textField({ max: 1024 }) },
          { csrf: true },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => credentials.requestEmailChange(ctxOf(), request.actor, body),
        onInvalid: (problems, status) =>
          renderAccount(
            request,
            reply,
            { form: { section: 'email', state: { values: keep(body), problems } } },
            status,
          ),
        onDone: () =>
          renderAccount(request, reply, { notice: viewOf(request).text('account.email.sent') }),
      });
    },
  );

  app.post(
    '/account/password',
    {
      config: { access: 'signed-in', ...authLimit },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        body: formBody(
          { current_password: textField({ max: 1024 }), password: textField({ max: 1024 }) },
          { csrf: true },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => credentials.changePassword(app.db, request.actor, body, request.sessionToken),
        onInvalid: (problems, status) =>
          renderAccount(
            request,
            reply,
            { form: { section: 'password', state: { values: {}, problems } } },
            status,
          ),
        onDone: (value) => {
          const { tokensRevoked } = value;
          const ctx = viewOf(request);
          return renderAccount(request, reply, {
            notice:
              tokensRevoked > 0
                ? ctx.text('account.password.changedTokens', { count: tokensRevoked })
                : ctx.text('account.password.changed'),
          });
        },
      });
    },
  );

  app.post(
    '/account/sessions/end',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody({}, { csrf: true }) },
    },
    async (request, reply) => {
      acceptedBody(request);
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
      schema: {
        hide: true,
        body: formBody(
          { name: textField({ max: 1000 }), scopes: textField({ max: 20 }) },
          { csrf: true },
        ),
      },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => apiTokens.createApiToken(app.db, request.actor, body),
        onInvalid: (problems, status) =>
          renderAccount(
            request,
            reply,
            {
              form: { section: 'tokens', state: { values: keep(body), problems } },
            },
            status,
          ),
        onDone: (value) => renderAccount(request, reply, { newToken: value.token }),
      });
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
        body: formBody({}, { csrf: true }),
      },
    },
    async (request, reply) => {
      acceptedBody(request);
      await apiTokens.revokeApiToken(app.db, request.actor, request.params.id);
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
      schema: {
        hide: true,
        body: formBody({ current_password: textField({ max: 1024 }) }, { csrf: true }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => profiles.deleteAccount(app.db, request.actor, body),
        onInvalid: (problems, status) =>
          page(
            reply,
            DeleteAccountPage({
              ctx: formViewOf(request, reply),
              form: { values: {}, problems },
            }),
            status,
          ),
        onDone: () => {
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
      });
    },
  );
}
