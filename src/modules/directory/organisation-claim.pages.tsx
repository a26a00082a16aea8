import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldProblem } from '../../core/errors.ts';
import { acceptedBody, handleForm } from '../../core/http/form-outcome.ts';
import { formViewOf, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import {
  approveClaim,
  CLAIM_EMAIL_JOB,
  claimEmailHandler,
  confirmClaimEmail,
  getClaimForm,
  getPendingClaim,
  listPendingClaims,
  refuseClaim,
  requestClaim,
} from './organisation-claim.service.ts';
import {
  type Answer,
  claimParams,
  invitationParams,
  keep,
  nameTaken,
  organisationForm,
  slugParams,
} from './organisation-pages.shared.ts';
import { ClaimConfirmedPage, ClaimPage, ClaimsPage, RefuseClaimPage } from './views/ClaimPages.tsx';

/** Asking to manage an organisation, confirming the address, and the editors' decisions. */
export function claimRoutes(app: TypedApp, { page, go }: Answer): void {
  // ── Asking to manage an organisation, and the editors' decisions ──
  app.jobs.register(
    CLAIM_EMAIL_JOB,
    claimEmailHandler(() => ({ mailer: app.mailer, publicUrl: app.config.publicUrl })),
    { idempotent: false },
  );

  const claimPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    options: {
      values?: Record<string, string>;
      problems?: FieldProblem[];
      notice?: string;
      status?: number;
    } = {},
  ) =>
    page(
      reply,
      ClaimPage({
        ctx: formViewOf(request, reply),
        ...(await getClaimForm(app.db, request.actor, slug)),
        values: options.values ?? {},
        problems: options.problems ?? [],
        notice: options.notice,
      }),
      options.status,
    );

  app.get(
    '/organisations/:slug/claim',
    { config: { access: 'signed-in' }, schema: { hide: true, params: slugParams } },
    async (request, reply) => claimPage(request, reply, request.params.slug),
  );

  app.post(
    '/organisations/:slug/claim',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: slugParams, body: organisationForm },
    },
    async (request, reply) => {
      const values = keep(request.body);
      return handleForm(request, reply, {
        run: () => requestClaim(app.db, request.actor, request.params.slug, values),
        onInvalid: (problems, status) =>
          claimPage(request, reply, request.params.slug, { values, problems, status }),
        onDone: () =>
          claimPage(request, reply, request.params.slug, {
            notice: viewOf(request).text('organisation.claim.sent'),
          }),
        refuses: (error) => error.status === 409 || error.status === 429,
      });
    },
  );

  // Opened from the email sent to the address at the organisation's domain: that mailbox may be
  // read by someone not signed in, so the link alone confirms it.
  app.get(
    '/account/claims/:token',
    { config: { access: 'public' }, schema: { hide: true, params: invitationParams } },
    async (request, reply) => {
      const organisation = await confirmClaimEmail(app.db, request.params.token);
      return page(reply, ClaimConfirmedPage({ ctx: viewOf(request), organisation }));
    },
  );

  app.get(
    '/editor/claims',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) =>
      page(
        reply,
        ClaimsPage({
          ctx: formViewOf(request, reply),
          claims: await listPendingClaims(app.db, request.actor),
        }),
      ),
  );

  app.post(
    '/editor/claims/:id/approve',
    {
      config: { access: 'editor' },
      schema: { hide: true, params: claimParams, body: organisationForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      await approveClaim(app.db, request.actor, Number(request.params.id));
      return go(request, reply, '/editor/claims');
    },
  );

  const refusePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, string> = {},
    problems: FieldProblem[] = [],
    status = 200,
  ) =>
    page(
      reply,
      RefuseClaimPage({
        ctx: formViewOf(request, reply),
        claim: await getPendingClaim(app.db, request.actor, id),
        values,
        problems,
      }),
      status,
    );

  app.get(
    '/editor/claims/:id/refuse',
    { config: { access: 'editor' }, schema: { hide: true, params: claimParams } },
    async (request, reply) => refusePage(request, reply, Number(request.params.id)),
  );

  app.post(
    '/editor/claims/:id/refuse',
    {
      config: { access: 'editor' },
      schema: { hide: true, params: claimParams, body: organisationForm },
    },
    async (request, reply) => {
      const values = keep(request.body);
      const id = Number(request.params.id);
      return handleForm(request, reply, {
        run: () => refuseClaim(app.db, request.actor, id, { reason: values.reason }),
        onInvalid: (problems, status) => refusePage(request, reply, id, values, problems, status),
        onDone: () => '/editor/claims',
        refuses: nameTaken,
      });
    },
  );
}
