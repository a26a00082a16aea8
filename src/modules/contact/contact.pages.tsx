import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TObject, type TString, Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { acceptedBody, handleForm } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getPractice } from '../practices/index.ts';
import {
  ContactRefused,
  getContactPage,
  getContactPreference,
  MESSAGE_MAX,
  practiceHasContact,
  type RecipientKind,
  sendContactMessage,
  setContactPreference,
  setOrganisationContact,
} from './contact.service.ts';
import {
  getReport,
  listContactReports,
  reportMessage,
  setSenderBanned,
} from './contact-report.service.ts';
import {
  ContactPage,
  ContactPreferencePage,
  ContactReportsPage,
  ContactSentPage,
  ReportPage,
} from './views/ContactPages.tsx';
import { noticeOf, PracticeNoContactPage } from './views/PracticeContactNotice.tsx';

/** The contact forms' fields, bounded; the service checks what they mean. */
const contactForm = formBody({
  subject: textField(),
  // The service's own limit, so that a text too long is told the limit shown under the field.
  message: textField({ max: MESSAGE_MAX }),
  website: textField(),
  accepts: textField(),
});
const tokenParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
const messageParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });

/** Where each kind of recipient is named in the address. */
const ROUTES: {
  kind: RecipientKind;
  path: string;
  params: TObject<{ id: TString }> | TObject<{ slug: TString }>;
}[] = [
  {
    kind: 'person',
    path: '/contact/person/:id',
    params: Type.Object({ id: Type.String({ maxLength: 20 }) }),
  },
  {
    kind: 'organisation',
    path: '/contact/organisation/:slug',
    params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
  },
  {
    kind: 'practice',
    path: '/contact/practice/:slug',
    params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
  },
];

/** What was typed, to show again beside the problems; never the CSRF token. */
function keep(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [key, value] of Object.entries(body))
    if (key !== '_csrf' && typeof value === 'string') values[key] = value;
  return values;
}

export async function contactPages(app: TypedApp) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const go = (request: FastifyRequest, reply: FastifyReply, path: string) =>
    reply.redirect(localePath(request.locale, path), 303);
  const refOf = (params: { id: string } | { slug: string }) =>
    'id' in params ? params.id : params.slug;

  for (const route of ROUTES) {
    const form = async (
      request: FastifyRequest,
      reply: FastifyReply,
      ref: string,
      values: Record<string, string> = {},
      problems: FieldProblem[] = [],
      status = 200,
    ) => {
      const view = await getContactPage(app.db, request.actor, request.locale, route.kind, ref);
      // The honeypot is never shown back filled in.
      const { website: _, ...shown } = values;
      return page(
        reply,
        ContactPage({ ctx: formViewOf(request, reply), view, values: shown, problems }),
        status,
      );
    };

    app.get(
      route.path,
      {
        // A practice nobody can receive messages about says so to everyone, before sign-in.
        config: { access: route.kind === 'practice' ? 'public' : 'signed-in' },
        schema: { hide: true, params: route.params },
      },
      async (request, reply) => {
        const ref = refOf(request.params);
        if (request.actor.kind === 'user') return form(request, reply, ref);
        const practice = await getPractice(app.db, request.locale, ref);
        if (await practiceHasContact(app.db, practice)) {
          const next = encodeURIComponent(request.url);
          return reply.redirect(
            `${localePath(request.locale, '/account/login')}?next=${next}`,
            303,
          );
        }
        return page(
          reply,
          PracticeNoContactPage({
            ctx: viewOf(request),
            practice: {
              slug: practice.slug,
              title: practice.title,
              language: practice.displayLanguage,
            },
            ...noticeOf(practice),
          }),
        );
      },
    );

    app.post(
      route.path,
      {
        config: { access: 'signed-in' },
        schema: { hide: true, params: route.params, body: contactForm },
      },
      async (request, reply) => {
        const values = keep(request.body);
        try {
          return await handleForm(request, reply, {
            run: () =>
              sendContactMessage(
                app.db,
                request.actor,
                request.locale,
                route.kind,
                refOf(request.params),
                {
                  subject: values.subject,
                  message: values.message,
                  website: values.website,
                },
                app.config.contactRateLimitPerHour,
              ),
            onInvalid: (problems, status) =>
              form(request, reply, refOf(request.params), values, problems, status),
            onDone: () => '/contact/sent',
          });
        } catch (error) {
          // The page says why (the recipient is off, the sender barred…) in place of the form.
          if (error instanceof ContactRefused)
            return form(request, reply, refOf(request.params), {}, [], 403);
          throw error;
        }
      },
    );
  }

  app.post(
    '/contact/organisation/:slug/settings',
    {
      config: { access: 'signed-in' },
      schema: {
        hide: true,
        params: Type.Object({ slug: Type.String({ maxLength: 200 }) }),
        body: contactForm,
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const values = keep(request.body);
      return handleForm(request, reply, {
        run: () =>
          setOrganisationContact(app.db, request.actor, request.locale, slug, {
            accepts: values.accepts,
          }),
        // Two radio buttons, one always chosen: a missing answer comes only from a forged form.
        onInvalid: () => go(request, reply, `/contact/organisation/${slug}`),
        onDone: (organisation) => `/contact/organisation/${organisation.slug}`,
      });
    },
  );

  app.get(
    '/contact/sent',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => page(reply, ContactSentPage({ ctx: viewOf(request) })),
  );

  // ── One's own switch ──
  app.get(
    '/account/contact',
    {
      config: { access: 'signed-in' },
      schema: {
        hide: true,
        querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) }),
      },
    },
    async (request, reply) => {
      const { accepts } = await getContactPreference(app.db, request.actor);
      const { saved } = request.query;
      return page(
        reply,
        ContactPreferencePage({
          ctx: formViewOf(request, reply),
          accepts,
          problems: [],
          saved: saved === '1',
        }),
      );
    },
  );

  app.post(
    '/account/contact',
    { config: { access: 'signed-in' }, schema: { hide: true, body: contactForm } },
    async (request, reply) => {
      const values = keep(request.body);
      return handleForm(request, reply, {
        run: () => setContactPreference(app.db, request.actor, { accepts: values.accepts }),
        onInvalid: async (problems, status) => {
          const { accepts } = await getContactPreference(app.db, request.actor);
          return page(
            reply,
            ContactPreferencePage({
              ctx: formViewOf(request, reply),
              accepts,
              problems,
              saved: false,
            }),
            status,
          );
        },
        onDone: () => '/account/contact?saved=1',
      });
    },
  );

  // ── Reports of abuse, from the link in each email ──
  app.get(
    '/contact/report/:token',
    { config: { access: 'public' }, schema: { hide: true, params: tokenParams } },
    async (request, reply) => {
      const { token } = request.params;
      const report = await getReport(app.readDb, token);
      return page(reply, ReportPage({ ctx: formViewOf(request, reply), token, report }));
    },
  );

  app.post(
    '/contact/report/:token',
    {
      config: { access: 'public' },
      schema: { hide: true, params: tokenParams, body: contactForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      const { token } = request.params;
      const report = await reportMessage(app.db, token);
      return page(reply, ReportPage({ ctx: formViewOf(request, reply), token, report }));
    },
  );

  // ── Editors ──
  app.get(
    '/editor/contact-reports',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) => {
      const reports = await listContactReports(app.db, request.actor);
      return page(reply, ContactReportsPage({ ctx: formViewOf(request, reply), reports }));
    },
  );

  for (const [action, banned] of [
    ['ban', true],
    ['unban', false],
  ] as const) {
    app.post(
      `/editor/contact-reports/:id/${action}`,
      {
        config: { access: 'editor' },
        schema: { hide: true, params: messageParams, body: contactForm },
      },
      async (request, reply) => {
        acceptedBody(request);
        const id = Number(request.params.id);
        await setSenderBanned(app.db, request.actor, id, banned);
        return go(request, reply, '/editor/contact-reports');
      },
    );
  }
}
