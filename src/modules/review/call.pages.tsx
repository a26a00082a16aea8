import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { formBody, listField, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { listTimeZones, utcToZoned } from '../../core/time.ts';
import { loadCards } from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import {
  callPrefill,
  createCall,
  getCall,
  getCallById,
  listCalls,
  updateCall,
} from './call.service.ts';
import { FORM_LIMIT, idOf, idParams, sendPrivate } from './review-pages.shared.ts';
import { CallPage, CallsPage } from './views/CallPages.tsx';
import { CallFormPage, EditorCallsPage } from './views/EditorCallPages.tsx';

/** Calls for practices: the public pages, and the editors' forms that open and change them. */
const callForm = formBody(
  {
    title: textField(),
    description: textField(),
    themes: listField(),
    opens_at: textField(),
    closes_at: textField(),
    time_zone: textField(),
  },
  { others: 'bounded' },
);

export async function callPages(app: TypedApp) {
  const themeChoices = async (request: FastifyRequest) =>
    (await getTaxonomy(app.db, request.locale))
      .list('theme')
      .map((c) => ({ value: c.id, label: c.label }));

  app.get(
    '/editor/calls',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) =>
      sendPrivate(
        reply,
        EditorCallsPage({
          ctx: formViewOf(request, reply),
          calls: await listCalls(app.db),
        }),
      ),
  );

  // A gap the editors' insights show opens this form with its theme and region filled in.
  const newCallQuery = Type.Object({
    theme: Type.Optional(Type.String({ maxLength: 100 })),
    region: Type.Optional(Type.String({ maxLength: 10 })),
  });

  app.get(
    '/editor/calls/new',
    { config: { access: 'editor' }, schema: { hide: true, querystring: newCallQuery } },
    async (request, reply) => {
      const values = await callPrefill(app.db, request.locale, request.query);
      return sendPrivate(
        reply,
        CallFormPage({
          ctx: formViewOf(request, reply),
          values: { time_zone: 'UTC', ...values },
          problems: [],
          themes: await themeChoices(request),
          timeZones: listTimeZones(),
        }),
      );
    },
  );

  app.post(
    '/editor/calls',
    { config: { access: 'editor' }, bodyLimit: FORM_LIMIT, schema: { hide: true, body: callForm } },
    async (request, reply) => {
      const { body } = request;
      return handleForm(request, reply, {
        run: () => createCall(app.db, request.actor, body),
        onInvalid: async (problems, status) =>
          sendPrivate(
            reply,
            CallFormPage({
              ctx: formViewOf(request, reply),
              values: typedValues(body),
              problems,
              themes: await themeChoices(request),
              timeZones: listTimeZones(),
            }),
            status,
          ),
        onDone: (value) => `/calls/${value.slug}`,
      });
    },
  );

  app.get(
    '/editor/calls/:id/edit',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const call = await getCallById(app.db, idOf(request));
      return sendPrivate(
        reply,
        CallFormPage({
          ctx: formViewOf(request, reply),
          call,
          values: {
            title: call.title,
            description: call.description,
            themes: call.themes,
            opens_at: utcToZoned(call.opensAt, call.timeZone),
            closes_at: utcToZoned(call.closesAt, call.timeZone),
            time_zone: call.timeZone,
          },
          problems: [],
          themes: await themeChoices(request),
          timeZones: listTimeZones(),
        }),
      );
    },
  );

  app.post(
    '/editor/calls/:id',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: callForm },
    },
    async (request, reply) => {
      const { body } = request;
      const id = idOf(request);
      return handleForm(request, reply, {
        run: () => updateCall(app.db, request.actor, id, body),
        onInvalid: async (problems, status) =>
          sendPrivate(
            reply,
            CallFormPage({
              ctx: formViewOf(request, reply),
              call: await getCallById(app.db, id),
              values: typedValues(body),
              problems,
              themes: await themeChoices(request),
              timeZones: listTimeZones(),
            }),
            status,
          ),
        onDone: (value) => `/calls/${value.slug}`,
      });
    },
  );

  app.get(
    '/calls',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) =>
      sendHtml(reply, CallsPage({ ctx: viewOf(request), calls: await listCalls(app.db) })),
  );

  app.get(
    '/calls/:slug',
    {
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 200 }) }) },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const { call, practiceIds } = await getCall(app.db, slug);
      const [practices, taxonomy] = await Promise.all([
        loadCards(app.db, request.locale, practiceIds),
        getTaxonomy(app.db, request.locale),
      ]);
      const signedIn = request.actor.kind === 'user' && request.actor.via === 'session';
      const ctx = signedIn ? formViewOf(request, reply) : viewOf(request);
      if (signedIn) reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        CallPage({
          ctx,
          call,
          practices,
          themes: call.themes.map((id) => ({ id, label: taxonomy.label('theme', id) })),
          signedIn,
        }),
      );
    },
  );
}
