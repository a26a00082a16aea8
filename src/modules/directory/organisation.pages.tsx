import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { acceptedBody, handleForm } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { tabularDownloadRoutes } from '../../core/http/tabular-download.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { isLocale, type Locale } from '../../core/i18n/locales.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { organisationTable } from './organisation.download.ts';
import { listOrganisations } from './organisation.service.ts';
import type { OrganisationPagesOptions } from './organisation.slots.ts';
import {
  approveChange,
  getOrganisationPageView,
  listPendingChanges,
  rejectChange,
} from './organisation-change.service.ts';
import { claimRoutes } from './organisation-claim.pages.tsx';
import {
  createOrganisation,
  editOrganisation,
  getOrganisationForEdit,
  type OrganisationInput,
  setOrganisationVerified,
} from './organisation-editing.service.ts';
import {
  acceptInvitation,
  getInvitation,
  getMembership,
  inviteMember,
  removeMember,
  setMemberListing,
} from './organisation-member.service.ts';
import { getMergeForm, mergeOrganisation } from './organisation-merge.service.ts';
import {
  invitationParams,
  keep,
  memberParams,
  nameTaken,
  organisationForm,
  slugParams,
} from './organisation-pages.shared.ts';
import { MergePage, PendingChangesPage } from './views/EditorPages.tsx';
import { InvitationPage, MembersPage, OrganisationFormPage } from './views/MemberPages.tsx';
import { DirectoryPage, OrganisationPage } from './views/OrganisationPages.tsx';

const PER_PAGE = 20;

/** The form's single description field, in the language chosen beside it. */
function inputOf(values: Record<string, string>): OrganisationInput {
  const locale = values.description_locale ?? '';
  return {
    name: values.name ?? '',
    type: values.type ?? '',
    country: values.country ?? '',
    city: values.city ?? '',
    website: values.website ?? '',
    descriptions: { [locale]: values.description ?? '' },
  };
}

/** Problems of the description (named by language in the service) shown at the form's fields. */
function formProblems(problems: FieldProblem[], locale: string): FieldProblem[] {
  return problems.map((p) =>
    p.field.startsWith('descriptions.')
      ? { ...p, field: isLocale(locale) ? 'description' : 'description_locale' }
      : p,
  );
}

const directoryQuery = Type.Object({
  type: Type.Optional(Type.String({ maxLength: 100 })),
  country: Type.Optional(Type.String({ maxLength: 10 })),
  verified: Type.Optional(Type.String({ maxLength: 10 })),
  q: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
});

function directoryFilters(q: Static<typeof directoryQuery>) {
  return {
    type: q.type?.trim() || undefined,
    country: q.country?.trim().toUpperCase() || undefined,
    verified: q.verified === 'true' ? true : undefined,
    q: q.q?.trim() || undefined,
  };
}

export async function organisationPages(
  app: TypedApp,
  { countPractices, slots = {} }: OrganisationPagesOptions,
) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const go = (request: FastifyRequest, reply: FastifyReply, path: string) =>
    reply.redirect(localePath(request.locale, path), 303);
  const choices = async (locale: Locale) => {
    const [taxonomy, places] = await Promise.all([
      getTaxonomy(app.readDb, locale),
      getPlaceIndex(app.readDb, locale),
    ]);
    return {
      types: taxonomy.list('actor-type').map((c) => ({ value: c.id, label: c.label })),
      countries: places.countries.map((c) => ({ value: c.code, label: c.name })),
    };
  };

  app.get(
    '/organisations',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: directoryQuery,
      },
    },
    async (request, reply) => {
      const q = request.query;
      const filters = directoryFilters(q);
      const [result, lists] = await Promise.all([
        listOrganisations(
          app.readDb,
          request.locale,
          {
            ...filters,
            // The schema's default fills the page in.
            page: q.page ?? 1,
            perPage: PER_PAGE,
          },
          countPractices,
        ),
        choices(request.locale),
      ]);
      if (request.actor.kind === 'user') reply.header('cache-control', 'no-store');
      return sendHtml(reply, DirectoryPage({ ctx: viewOf(request), result, filters, ...lists }));
    },
  );

  tabularDownloadRoutes<Static<typeof directoryQuery>>(app, '/organisations', {
    querystring: directoryQuery,
    table: async (request) => ({
      ...(await organisationTable(
        app.readDb,
        request,
        directoryFilters(request.query),
        countPractices,
      )),
      fileName: 'organisations',
      sheetName: viewOf(request).text('organisation.list.title'),
    }),
  });

  app.get(
    '/organisations/new',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) =>
      page(
        reply,
        OrganisationFormPage({
          ctx: formViewOf(request, reply),
          values: { description_locale: request.locale },
          problems: [],
          ...(await choices(request.locale)),
        }),
      ),
  );

  app.post(
    '/organisations',
    { config: { access: 'signed-in' }, schema: { hide: true, body: organisationForm } },
    async (request, reply) => {
      const values = keep(request.body);
      return handleForm(request, reply, {
        run: () => createOrganisation(app.db, request.actor, inputOf(values)),
        onInvalid: async (problems, status) =>
          page(
            reply,
            OrganisationFormPage({
              ctx: formViewOf(request, reply),
              values,
              problems: formProblems(problems, values.description_locale ?? ''),
              ...(await choices(request.locale)),
            }),
            status,
          ),
        onDone: (value) => `/organisations/${value.slug}`,
        refuses: nameTaken,
      });
    },
  );

  app.get(
    '/organisations/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: slugParams } },
    async (request, reply) => {
      const view = await getOrganisationPageView(
        app.readDb,
        request.actor,
        request.locale,
        request.params.slug,
      );
      const signedIn = request.actor.kind === 'user' && request.actor.via === 'session';
      if (signedIn) reply.header('cache-control', 'no-store');
      const ctx = signedIn ? formViewOf(request, reply) : viewOf(request);
      const panel = { db: app.readDb, request, ctx, organisation: view.organisation };
      const end = await Promise.all((slots.end ?? []).map((p) => p(panel)));
      return sendHtml(reply, OrganisationPage({ ctx, ...view, end }));
    },
  );

  const editForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    /** The language asked for in the edit page's address; a form sent back has none. */
    lang: string | undefined,
    values: Record<string, string> | undefined,
    problems: FieldProblem[] = [],
    status = 200,
  ) => {
    const { organisation, needsApproval } = await getOrganisationForEdit(
      app.db,
      request.actor,
      request.locale,
      slug,
      countPractices,
    );
    const locale = isLocale(lang) ? lang : (organisation.descriptionLocale ?? request.locale);
    return page(
      reply,
      OrganisationFormPage({
        ctx: formViewOf(request, reply),
        organisation,
        needsApproval,
        values: values ?? {
          name: organisation.name,
          type: organisation.type ?? '',
          country: organisation.countryCode ?? '',
          city: organisation.cityName ?? '',
          website: organisation.website ?? '',
          description_locale: locale,
          description: organisation.descriptions[locale] ?? '',
        },
        problems,
        ...(await choices(request.locale)),
      }),
      status,
    );
  };

  app.get(
    '/organisations/:slug/edit',
    {
      config: { access: 'signed-in' },
      schema: {
        hide: true,
        params: slugParams,
        querystring: Type.Object({ lang: Type.Optional(Type.String({ maxLength: 35 })) }),
      },
    },
    async (request, reply) =>
      editForm(request, reply, request.params.slug, request.query.lang, undefined),
  );

  app.post(
    '/organisations/:slug',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: slugParams, body: organisationForm },
    },
    async (request, reply) => {
      const values = keep(request.body);
      return handleForm(request, reply, {
        run: () =>
          editOrganisation(
            app.db,
            request.actor,
            request.params.slug,
            inputOf(values),
            countPractices,
          ),
        onInvalid: (problems, status) =>
          editForm(
            request,
            reply,
            request.params.slug,
            undefined,
            values,
            formProblems(problems, values.description_locale ?? ''),
            status,
          ),
        onDone: (value) => `/organisations/${value.slug}`,
        refuses: nameTaken,
      });
    },
  );

  for (const [action, verified] of [
    ['verify', true],
    ['unverify', false],
  ] as const) {
    app.post(
      `/organisations/:slug/${action}`,
      {
        config: { access: 'editor' },
        schema: { hide: true, params: slugParams, body: organisationForm },
      },
      async (request, reply) => {
        acceptedBody(request);
        await setOrganisationVerified(app.db, request.actor, request.params.slug, verified);
        return go(request, reply, `/organisations/${request.params.slug}`);
      },
    );
  }

  // An editor's decision on a member's change, from the profile or the list of changes.
  for (const [action, decide] of [
    ['approve', approveChange],
    ['reject', rejectChange],
  ] as const) {
    app.post(
      `/organisations/:slug/changes/${action}`,
      {
        config: { access: 'editor' },
        schema: { hide: true, params: slugParams, body: organisationForm },
      },
      async (request, reply) => {
        acceptedBody(request);
        await decide(app.db, request.actor, request.params.slug);
        return go(request, reply, `/organisations/${request.params.slug}`);
      },
    );
  }

  const mergeForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    values: Record<string, string> = {},
    problems: FieldProblem[] = [],
    status = 200,
  ) =>
    page(
      reply,
      MergePage({
        ctx: formViewOf(request, reply),
        organisation: await getMergeForm(app.db, request.actor, request.locale, slug),
        values,
        problems,
      }),
      status,
    );

  app.get(
    '/organisations/:slug/merge',
    { config: { access: 'editor' }, schema: { hide: true, params: slugParams } },
    async (request, reply) => mergeForm(request, reply, request.params.slug),
  );

  app.post(
    '/organisations/:slug/merge',
    {
      config: { access: 'editor' },
      schema: { hide: true, params: slugParams, body: organisationForm },
    },
    async (request, reply) => {
      const values = keep(request.body);
      return handleForm(request, reply, {
        run: () =>
          mergeOrganisation(app.db, request.actor, request.params.slug, { into: values.into }),
        onInvalid: (problems, status) =>
          mergeForm(request, reply, request.params.slug, values, problems, status),
        onDone: (value) => `/organisations/${value.slug}`,
        refuses: nameTaken,
      });
    },
  );

  app.get(
    '/editor/organisations',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) =>
      page(
        reply,
        PendingChangesPage({
          ctx: formViewOf(request, reply),
          changes: await listPendingChanges(app.db, request.actor, request.locale),
        }),
      ),
  );

  const membersPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    slug: string,
    options: {
      values?: Record<string, string>;
      problems?: FieldProblem[];
      notice?: string;
      status?: number;
    } = {},
  ) => {
    const view = await getMembership(app.db, request.actor, request.locale, slug);
    return page(
      reply,
      MembersPage({
        ctx: formViewOf(request, reply),
        ...view,
        selfId: request.actor.kind === 'user' ? request.actor.id : null,
        values: options.values ?? {},
        problems: options.problems ?? [],
        notice: options.notice,
      }),
      options.status,
    );
  };

  app.get(
    '/organisations/:slug/members',
    { config: { access: 'signed-in' }, schema: { hide: true, params: slugParams } },
    async (request, reply) => membersPage(request, reply, request.params.slug),
  );

  app.post(
    '/organisations/:slug/members',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: slugParams, body: organisationForm },
    },
    async (request, reply) => {
      const values = keep(request.body);
      return handleForm(request, reply, {
        run: () =>
          inviteMember(app.db, request.actor, request.params.slug, {
            email: values.email,
            role: values.role,
          }),
        onInvalid: (problems, status) =>
          membersPage(request, reply, request.params.slug, {
            values,
            problems,
            status,
          }),
        onDone: () =>
          membersPage(request, reply, request.params.slug, {
            notice: viewOf(request).text('organisation.members.invited'),
          }),
        refuses: nameTaken,
      });
    },
  );

  app.post(
    '/organisations/:slug/members/:userId/remove',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: memberParams, body: organisationForm },
    },
    async (request, reply) => {
      const userId = Number(request.params.userId);
      return handleForm(request, reply, {
        run: () => removeMember(app.db, request.actor, request.params.slug, userId),
        onInvalid: (problems, status) =>
          membersPage(request, reply, request.params.slug, {
            problems,
            status,
          }),
        onDone: () => {
          const left = request.actor.kind === 'user' && request.actor.id === userId;
          return go(
            request,
            reply,
            `/organisations/${request.params.slug}${left ? '' : '/members'}`,
          );
        },
        refuses: nameTaken,
      });
    },
  );

  // Under /account: an organisation's slug could never shadow it, and it is a signed-in page.
  app.get(
    '/account/invitations/:token',
    { config: { access: 'signed-in' }, schema: { hide: true, params: invitationParams } },
    async (request, reply) => {
      const invitation = await getInvitation(app.db, request.actor, request.params.token);
      return page(
        reply,
        InvitationPage({
          ctx: formViewOf(request, reply),
          token: request.params.token,
          invitation,
        }),
      );
    },
  );

  app.post(
    '/account/invitations/:token',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: invitationParams, body: organisationForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      const { slug } = await acceptInvitation(app.db, request.actor, request.params.token);
      return go(request, reply, `/organisations/${slug}/members`);
    },
  );

  app.post(
    '/organisations/:slug/listing',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: slugParams, body: organisationForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      const { listed } = keep(request.body);
      await setMemberListing(app.db, request.actor, request.params.slug, listed === 'true');
      return go(request, reply, `/organisations/${request.params.slug}/members`);
    },
  );

  claimRoutes(app, { page, go });
}
