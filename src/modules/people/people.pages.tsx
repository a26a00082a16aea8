import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { csrfTokenFor } from '../../core/http/csrf.ts';
import { attempt } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { getPlaceIndex } from '../places/place.service.ts';
import { getTaxonomy } from '../taxonomy/taxonomy.service.ts';
import { ExpertsQuery, type ExpertsQueryInput, expertFiltersFrom } from './people.schemas.ts';
import {
  getOwnProfile,
  getPersonPage,
  listExperts,
  type OwnProfileValues,
  saveOwnProfile,
} from './people.service.ts';
import { ExpertsPage, PeopleProfileFormPage, PersonPage } from './views/PeoplePages.tsx';

const FORM_LIMIT = 256 * 1024;
/** A form body: text fields and lists of text, bounded; the service checks what they mean. */
const formBody = Type.Record(
  Type.String({ maxLength: 100 }),
  Type.Union([
    Type.String({ maxLength: 25_000 }),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
  ]),
);

/** What was typed, to show again beside the problems; never the CSRF token. */
function keep(body: unknown): OwnProfileValues {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
      (x): x is string => typeof x === 'string',
    );
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

export async function peoplePages(app: FastifyInstance) {
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
      const q = request.query as Omit<ExpertsQueryInput, 'per_page'>;
      const result = await listExperts(
        app.readDb,
        request.locale,
        { filters: expertFiltersFrom(q), page: q.page, perPage: PAGE_SIZE },
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
      const { id } = request.params as { id: string };
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
      const { saved } = request.query as { saved?: string };
      return formPage(request, reply, { saved: saved === '1' });
    },
  );

  app.post(
    '/account/people-profile',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, body: formBody },
    },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>;
      const outcome = await attempt(() => saveOwnProfile(app.db, request.actor, body));
      if (!outcome.ok)
        return formPage(request, reply, { values: keep(body), problems: outcome.problems }, 400);
      return reply.redirect(localePath(request.locale, '/account/people-profile?saved=1'), 303);
    },
  );
}
