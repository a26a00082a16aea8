import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { handleForm } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { formBody, listField, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import * as cities from './city.service.ts';
import type { CityPagesOptions } from './city.slots.ts';
import * as editor from './city-editor.service.ts';
import * as profile from './city-profile.service.ts';
import { contactFields, MAX_CONTACTS } from './city-profile.service.ts';
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
// Bounds well above the service's, so that a text too long comes back with its message.
const profileBody = formBody({
  language: textField({ max: 5000 }),
  context: textField({ max: 25_000 }),
  offers: textField({ max: 25_000 }),
  looking_for: textField({ max: 25_000 }),
  languages: listField({ max: 5000 }),
  ...Object.fromEntries(
    Array.from({ length: MAX_CONTACTS }, (_, i) => Object.values(contactFields(i + 1)))
      .flat()
      .map((name) => [name, textField({ max: 5000 })]),
  ),
});
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
      const ownCity = await cities.findOwnCity(app.readDb, request.actor, request.locale);
      const choices = await cities.likeMineChoices(app.readDb, request.locale);
      // A reader whose city is known starts from it, until they send the form themselves.
      if (ownCity && Object.keys(query).length === 0) {
        const start = await cities.criteriaOfCity(app.readDb, ownCity.id);
        const peers = await cities.findPeersFor(app.readDb, request.locale, start, ownCity.id);
        return sendHtml(
          reply,
          LikeMinePage({
            ctx: viewOf(request),
            choices,
            values: {
              size: start.size ?? '',
              region: start.region ?? '',
              themes: start.themes,
              target_groups: start.targetGroups,
            },
            problems: [],
            peers,
            ownCity,
          }),
        );
      }
      const values = {
        size: query.size ?? '',
        region: query.region ?? '',
        themes: asList(query.themes),
        target_groups: asList(query.target_groups),
      };
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
            : await cities.findPeersFor(app.readDb, request.locale, value, ownCity?.id);
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
      const [mayEdit, panels] = await Promise.all([
        profile.mayManageCity(app.readDb, request.actor, city.id),
        Promise.all(
          (slots.afterFacts ?? []).map((panel) => panel({ db: app.readDb, request, ctx, city })),
        ),
      ]);
      // Those who may edit see a link to the editing page, a city's members its private results:
      // not a page to share with others.
      if (mayEdit || panels.some((p) => p.private)) reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        CityPage({ ctx, city, mayEdit, afterFacts: panels.map((p) => p.html) }),
      );
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

  // ── The municipality's members and the editors: profile, figures and networks ──
  const empty = { values: {}, problems: [] as FieldProblem[] };
  const editorPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    forms: Partial<Parameters<typeof CityEditorPage>[0]['forms']> = {},
    status = 200,
  ) => {
    const city = await profile.getCityForEdit(app.db, request.actor, request.locale, id);
    return page(
      reply,
      CityEditorPage({
        ctx: formViewOf(request, reply),
        city,
        forms: {
          profile: forms.profile ?? {
            values: profile.profileFormValues(city, request.locale),
            problems: [],
          },
          fact: forms.fact ?? empty,
          network: forms.network ?? empty,
        },
      }),
      status,
    );
  };
  const backToEditor = (request: FastifyRequest, reply: FastifyReply, id: string) =>
    reply.redirect(localePath(request.locale, `/cities/${id}/edit`), 303);

  // Signed in: whether this reader may edit this city is the policy's (cities.manage) to say.
  app.get(
    '/cities/:id/edit',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams } },
    async (request, reply) => editorPage(request, reply, request.params.id),
  );

  app.post(
    '/cities/:id/edit',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: idParams, body: profileBody },
    },
    async (request, reply) => {
      const { id } = request.params;
      return handleForm(request, reply, {
        run: () => profile.saveCityProfile(app.db, request.actor, id, request.body),
        onInvalid: (problems, status) =>
          editorPage(
            request,
            reply,
            id,
            { profile: { values: keep(request.body), problems } },
            status,
          ),
        onDone: () => `/cities/${id}`,
      });
    },
  );

  app.post(
    '/cities/:id/edit/facts',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams, body: factBody } },
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
    '/cities/:id/edit/networks',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: idParams, body: networkBody },
    },
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
    '/cities/:id/edit/facts/:item/delete',
    { config: { access: 'signed-in' }, schema: { hide: true, params: itemParams } },
    async (request, reply) => {
      const { id, item } = request.params;
      await editor.removeCityFact(app.db, request.actor, id, item);
      return backToEditor(request, reply, id);
    },
  );

  app.post(
    '/cities/:id/edit/networks/:item/delete',
    { config: { access: 'signed-in' }, schema: { hide: true, params: itemParams } },
    async (request, reply) => {
      const { id, item } = request.params;
      await editor.removeCityNetwork(app.db, request.actor, id, item);
      return backToEditor(request, reply, id);
    },
  );
}
