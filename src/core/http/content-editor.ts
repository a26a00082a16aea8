import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Static, TObject } from 'typebox';
import type { FieldProblem } from '../errors.ts';
import { handleForm, typedValues } from './form-outcome.ts';
import { SlugParams } from './schemas.ts';
import {
  registerTranslationRoute,
  type TranslationEditOptions,
  translationEditQuery,
} from './translation-route.ts';
import type { TypedApp } from './typed-app.ts';

/** The new item's form, filled with `values`, answered with `status` (200 by default). */
export type NewItemPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  values: Record<string, string | string[]>,
  problems: FieldProblem[],
  status?: number,
) => FastifyReply | Promise<unknown>;

/** An item's edit page, with its translation form (what was refused, in `options`). */
export type EditItemPage = (
  request: FastifyRequest,
  reply: FastifyReply,
  slug: string,
  options?: TranslationEditOptions,
) => Promise<unknown>;

/**
 * The editor's routes of a content type edited whole, with a translation form on its edit page
 * (events, press items), under `path` (`/editor/events`):
 *   GET/POST `new`: the blank form, then the new item;
 *   GET/POST `:slug/edit`: the edit page (`?lang=` chooses the translation shown), then the save;
 *   POST `:slug/translations/:locale`: the translation (`registerTranslationRoute`).
 * Refused input shows the form again beside its problems, with what was typed.
 */
export function registerContentEditor<B extends TObject, Created, Updated>(
  app: TypedApp,
  options: {
    path: string;
    body: B;
    bodyLimit: number;
    /** The new form's first values. */
    blank: Record<string, string>;
    newPage: NewItemPage;
    create: (request: FastifyRequest, body: Static<B>) => Promise<Created>;
    /** Where a created item is seen next. */
    created: (value: Created) => string;
    editPage: EditItemPage;
    update: (request: FastifyRequest, slug: string, body: Static<B>) => Promise<Updated>;
    /** Where a saved item is seen next. */
    updated: (value: Updated, slug: string) => string;
    /** The fields of the item a translation gives, and its save. */
    translation: {
      fields: readonly string[];
      save: (
        request: FastifyRequest,
        slug: string,
        locale: string,
        values: Record<string, string | undefined>,
      ) => Promise<void>;
    };
  },
): void {
  const { path, bodyLimit } = options;
  app.get(
    `${path}/new`,
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) => options.newPage(request, reply, options.blank, []),
  );

  app.post(
    `${path}/new`,
    { config: { access: 'editor' }, bodyLimit, schema: { hide: true, body: options.body } },
    async (request, reply) => {
      // Checked against `options.body`; a schema given as a type parameter leaves the provider
      // unable to name its type here, so it is said once for both routes.
      const body = request.body as Static<B>;
      return handleForm(request, reply, {
        run: () => options.create(request, body),
        onInvalid: (problems, status) =>
          options.newPage(request, reply, typedValues(body), problems, status),
        onDone: options.created,
      });
    },
  );

  app.get(
    `${path}/:slug/edit`,
    {
      config: { access: 'editor' },
      schema: { hide: true, params: SlugParams, querystring: translationEditQuery },
    },
    async (request, reply) => options.editPage(request, reply, request.params.slug, request.query),
  );

  app.post(
    `${path}/:slug/edit`,
    {
      config: { access: 'editor' },
      bodyLimit,
      schema: { hide: true, params: SlugParams, body: options.body },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const body = request.body as Static<B>;
      return handleForm(request, reply, {
        run: () => options.update(request, slug, body),
        onInvalid: (problems, status) =>
          options.editPage(request, reply, slug, { values: typedValues(body), problems, status }),
        onDone: (value) => options.updated(value, slug),
      });
    },
  );

  registerTranslationRoute(app, {
    path: `${path}/:slug/translations/:locale`,
    fields: options.translation.fields,
    bodyLimit,
    save: options.translation.save,
    editPath: (slug) => `${path}/${slug}/edit`,
    showAgain: (request, reply, slug, translation) =>
      options.editPage(request, reply, slug, { translation, status: 400 }),
  });
}
