import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { csrfTokenFor } from '../../core/http/csrf.ts';
import { handleForm } from '../../core/http/form-outcome.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { CONTENT_FORM_LIMIT, formBody, listField, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { ExpertsQuery, expertFiltersFrom } from './people.model.ts';
import {
  getOwnProfile,
  getPersonPage,
  listExperts,
  type OwnProfileValues,
  saveOwnProfile,
} from './people.service.ts';
import { ExpertsPage, PeopleProfileFormPage, PersonPage } from './views/PeoplePages.tsx';

/** The profile form's fields, bounded; the service checks what they mean. */
const profileForm = formBody({
  listed: textField(),
  headline: textField(),
  organisation: textField(),
  bio: textField(),
  themes: listField(),
  languages: listField(),
  regions: listField(),
});

/** What was typed, to show again beside the problems; never the CSRF token. */
function keep(b: Static<typeof profileForm>): OwnProfileValues {
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  // As typed, blanks and spaces included: what the person sees again is what they sent.
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : [v].flat());
  return {
    listed: b.listed === 'true',
    headline: text(b.headline),
    organisation: text(b.organisation),
    bio: text(b.bio),
    themes: list(b.themes),
    languages: list(b.languages).join(', '),
    regions: list(b.regions),
  };
}

export async function peoplePages(app: TypedApp) {
  const PAGE_SIZE = 20;

  app.get(
    '/experts',
    {
      config: { access: 'public' },
      schema: {
        hide: true,
        querystring: Type.Object({
          theme: ExpertsQuery.properties.theme,
          language: ExpertsQuery.properties.language,
          region: ExpertsQuery.properties.region,
          page: ExpertsQuery.properties.page,
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const result = await listExperts(
        app.readDb,
        request.locale,
        // The schema's default fills the page in.
        { filters: expertFiltersFrom(q), page: q.page ?? 1, perPage: PAGE_SIZE },
        { lenient: true },
      );
      if (request.actor.kind === 'user') reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        ExpertsPage({ ctx: viewOf(request), result }),
        result.problems.length > 0 ? 400 : 200,
      );
    },
  );

  app.get(
    '/people/:id',
    {
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ id: Type.String({ maxLength: 20 }) }) },
    },
    async (request, reply) => {
      const { id } = request.params;
      const view = await getPersonPage(app.readDb, request.locale, id);
      if (request.actor.kind === 'user') reply.header('cache-control', 'no-store');
      return sendHtml(reply, PersonPage({ ctx: viewOf(request), ...view }));
    },
  );

  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: OwnProfileValues; problems?: FieldProblem[]; saved?: boolean },
    status = 200,
  ) => {
    csrfTokenFor(request, reply);
    const [values, taxonomy, places] = await Promise.all([
      options.values ?? getOwnProfile(app.db, request.actor),
      getTaxonomy(app.readDb, request.locale),
      getPlaceIndex(app.readDb, request.locale),
    ]);
    reply.header('cache-control', 'no-store');
    return sendHtml(
      reply,
      PeopleProfileFormPage({
        ctx: viewOf(request),
        values,
        problems: options.problems ?? [],
        saved: options.saved === true,
        personId: request.actor.kind === 'user' ? request.actor.id : 0,
        themes: taxonomy.list('theme').map((c) => ({ value: c.id, label: c.label })),
        regions: places.regions.map((r) => ({ value: r.code, label: r.name })),
      }),
      status,
    );
  };

  app.get(
    '/account/people-profile',
    {
      config: { access: 'signed-in' },
      schema: {
        hide: true,
        querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 1 })) }),
      },
    },
    async (request, reply) => {
      const { saved } = request.query;
      return formPage(request, reply, { saved: saved === '1' });
    },
  );

  app.post(
    '/account/people-profile',
    {
      config: { access: 'signed-in' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, body: profileForm },
    },
    async (request, reply) => {
      const body = request.body;
      return handleForm(request, reply, {
        run: () => saveOwnProfile(app.db, request.actor, body),
        onInvalid: (problems, status) =>
          formPage(request, reply, { values: keep(body), problems }, status),
        onDone: () => '/account/people-profile?saved=1',
      });
    },
  );
}
