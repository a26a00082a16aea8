import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { handleForm } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import * as cities from './city.service.ts';
import type { CityPagesOptions } from './city.slots.ts';
import * as editor from './city-editor.service.ts';
import { CityEditorPage } from './views/CityEditorPage.tsx';
import { CityPage } from './views/CityPage.tsx';
import { LikeMinePage, PeersPage } from './views/PeerPages.tsx';

// Ids are checked by the service, so that a malformed one is "not found" like an unknown one.
const idParams = Type.Object({ id: Type.String({ maxLength: 20 }) });
const itemParams = Type.Object({
  id: Type.String({ maxLength: 20 }),
  item: Type.String({ maxLength: 20 }),
});
// The form's fields, each optional: the service checks them and the page shows the problems.
const factBody = formBody({
  kind: textField({ max: 5000 }),
  value: textField({ max: 5000 }),
  year: textField({ max: 5000 }),
  source_title: textField({ max: 5000 }),
  source_url: textField({ max: 5000 }),
});
const networkBody = formBody({ name: textField({ max: 5000 }), url: textField({ max: 5000 }) });
const listValue = Type.Union([
  Type.String({ maxLength: 100 }),
  Type.Array(Type.String({ maxLength: 100 }), { maxItems: 100 }),
]);
const likeMineQuery = Type.Object({
  size: Type.Optional(Type.String({ maxLength: 20 })),
  region: Type.Optional(Type.String({ maxLength: 10 })),
  themes: Type.Optional(listValue),
  target_groups: Type.Optional(listValue),
});

/** What was typed, to show again beside the problems; never the CSRF token. */
function keep(body: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return result;
  for (const [key, value] of Object.entries(body))
    if (key !== '_csrf' && typeof value === 'string') result[key] = value;
  return result;
}

const asList = (value: unknown): string[] =>
  Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];

export async function cityPages(app: TypedApp, { slots = {} }: CityPagesOptions = {}) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };

  app.get(
    '/cities/like-mine',
    {
      config: { access: 'public', pageCache: true },
      schema: { hide: true, querystring: likeMineQuery },
    },
    async (request, reply) => {
      const query = request.query;
      const values = {
        size: query.size ?? '',
        region: query.region ?? '',
        themes: asList(query.themes),
        target_groups: asList(query.target_groups),
      };
      const choices = await cities.likeMineChoices(app.readDb, request.locale);
      return handleForm(request, reply, {
        run: () => cities.readLikeMine(app.readDb, query),
        onInvalid: (problems, status) =>
          sendHtml(
            reply,
            LikeMinePage({ ctx: viewOf(request), choices, values, problems }),
            status,
          ),
        onDone: async (value) => {
          const peers = cities.isEmptyCriteria(value)
            ? undefined
            : await cities.findPeersFor(app.readDb, request.locale, value);
          return sendHtml(
            reply,
            LikeMinePage({ ctx: viewOf(request), choices, values, problems: [], peers }),
          );
        },
      });
    },
  );

  app.get(
    '/cities/:id',
    { config: { access: 'public', pageCache: true }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const city = await cities.getCityProfile(app.readDb, request.locale, request.params.id);
      const ctx = viewOf(request);
      const panels = await Promise.all(
        (slots.afterFacts ?? []).map((panel) => panel({ db: app.readDb, request, ctx, city })),
      );
      // Editors see a link to the editing page, a city's members its private results: not a
      // page to share with others.
      if (ctx.can('cities.manage') || panels.some((p) => p.private))
        reply.header('cache-control', 'no-store');
      return sendHtml(reply, CityPage({ ctx, city, afterFacts: panels.map((p) => p.html) }));
    },
  );

  app.get(
    '/cities/:id/peers',
    { config: { access: 'public', pageCache: true }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const { city, peers } = await cities.findPeersOfCity(
        app.readDb,
        request.locale,
        request.params.id,
      );
      return sendHtml(reply, PeersPage({ ctx: viewOf(request), city, peers }));
    },
  );

  // ── Editors: figures and networks ──
  const empty = { values: {}, problems: [] as FieldProblem[] };
  const editorPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    forms: Partial<Parameters<typeof CityEditorPage>[0]['forms']> = {},
    status = 200,
  ) => {
    const city = await cities.getCityProfile(app.db, request.locale, id);
    return page(
      reply,
      CityEditorPage({
        ctx: formViewOf(request, reply),
        city,
        forms: { fact: forms.fact ?? empty, network: forms.network ?? empty },
      }),
      status,
    );
  };
  const backToEditor = (request: FastifyRequest, reply: FastifyReply, id: string) =>
    reply.redirect(localePath(request.locale, `/editor/cities/${id}`), 303);

  app.get(
    '/editor/cities/:id',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams } },
    async (request, reply) => editorPage(request, reply, request.params.id),
  );

  app.post(
    '/editor/cities/:id/facts',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams, body: factBody } },
    async (request, reply) => {
      const { id } = request.params;
      return handleForm(request, reply, {
        run: () => editor.addCityFact(app.db, request.actor, id, request.body),
        onInvalid: (problems, status) =>
          editorPage(
            request,
            reply,
            id,
            { fact: { values: keep(request.body), problems } },
            status,
          ),
        onDone: () => backToEditor(request, reply, id),
      });
    },
  );

  app.post(
    '/editor/cities/:id/networks',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams, body: networkBody } },
    async (request, reply) => {
      const { id } = request.params;
      return handleForm(request, reply, {
        run: () => editor.addCityNetwork(app.db, request.actor, id, request.body),
        onInvalid: (problems, status) =>
          editorPage(
            request,
            reply,
            id,
            { network: { values: keep(request.body), problems } },
            status,
          ),
        onDone: () => backToEditor(request, reply, id),
      });
    },
  );

  app.post(
    '/editor/cities/:id/facts/:item/delete',
    { config: { access: 'editor' }, schema: { hide: true, params: itemParams } },
    async (request, reply) => {
      const { id, item } = request.params;
      await editor.removeCityFact(app.db, request.actor, id, item);
      return backToEditor(request, reply, id);
    },
  );

  app.post(
    '/editor/cities/:id/networks/:item/delete',
    { config: { access: 'editor' }, schema: { hide: true, params: itemParams } },
    async (request, reply) => {
      const { id, item } = request.params;
      await editor.removeCityNetwork(app.db, request.actor, id, item);
      return backToEditor(request, reply, id);
    },
  );
}
