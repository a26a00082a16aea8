import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { CONTENT_FORM_LIMIT, formBody, SlugParams, textField } from '../../core/http/schemas.ts';
import { tabularDownloadRoutes } from '../../core/http/tabular-download.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { isUploadedFile } from '../../core/http/uploads.ts';
import { sendStoredFile } from '../files/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { resourceTable } from './resource.download.ts';
import { DEFAULT_PER_PAGE, LibraryQuery, libraryFiltersFrom } from './resource.model.ts';
import * as library from './resource.service.ts';
import * as editing from './resource-editing.service.ts';
import { ResourceFormPage } from './views/ResourceFormPage.tsx';
import { LibraryPage, ResourcePage } from './views/ResourcePages.tsx';

/** The translation form: text fields, bounded; the service checks what they mean. */
const translationBody = formBody(
  { locale: textField({ max: 35 }), t_title: textField(), t_abstract: textField() },
  { csrf: true },
);

/** The fields of a multipart form (text and the file), which no body schema describes. */
const multipartFields = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null ? Object.fromEntries(Object.entries(body)) : {};

export async function libraryPages(app: TypedApp) {
  const maxUploadMb = Math.round(app.config.uploadMaxBytes / (1024 * 1024));
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const themeChoices = async (request: FastifyRequest) =>
    (await getTaxonomy(app.db, request.locale))
      .list('theme')
      .map((c) => ({ value: c.id, label: c.label }));

  app.get(
    '/resources',
    {
      config: { access: 'public', pageCache: true },
      schema: { hide: true, querystring: LibraryQuery },
    },
    async (request, reply) => {
      const q = request.query;
      const filters = libraryFiltersFrom(q);
      const yearFrom = q.year_from ?? null;
      const yearTo = q.year_to ?? null;
      const result = await library.searchLibrary(app.readDb, request.locale, {
        q: q.q ?? '',
        filters,
        yearFrom,
        yearTo,
        // The schema's defaults fill these in; the types cannot tell.
        page: q.page ?? 1,
        perPage: q.per_page ?? DEFAULT_PER_PAGE,
      });
      return sendHtml(
        reply,
        LibraryPage({ ctx: viewOf(request), result, filters, yearFrom, yearTo }),
      );
    },
  );

  tabularDownloadRoutes<Static<typeof LibraryQuery>>(app, '/resources', {
    querystring: LibraryQuery,
    table: async (request) => ({
      ...(await resourceTable(app.readDb, request)),
      fileName: 'resources',
      sheetName: viewOf(request).text('library.title'),
    }),
  });

  app.get(
    '/resources/:slug',
    { config: { access: 'public', pageCache: true }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      const resource = await library.getResource(app.readDb, request.locale, slug);
      return sendHtml(reply, ResourcePage({ ctx: viewOf(request), resource }));
    },
  );

  app.get(
    '/resources/:slug/file',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams } },
    async (request, reply) => {
      const { slug } = request.params;
      const file = await library.getResourceFile(app.readDb, slug);
      return sendStoredFile(reply, app.storage, file, { variant: 'original' });
    },
  );

  // ── Editors ──
  const formPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      resource?: editing.ResourceForEdit;
      values: Record<string, string | string[]>;
      problems?: FieldProblem[];
      translation?: { values: Record<string, string | string[]>; problems: FieldProblem[] };
      saved?: boolean;
      status?: number;
    },
  ) =>
    page(
      reply,
      ResourceFormPage({
        ctx: formViewOf(request, reply),
        problems: [],
        themes: await themeChoices(request),
        maxUploadMb,
        ...options,
      }),
      options.status,
    );

  /** The file of a multipart form, when one was chosen; a file over the limit is refused by size. */
  const uploadOf = (body: Record<string, unknown>): editing.ResourceUpload | null => {
    const file = body.file;
    if (!isUploadedFile(file) || (file.filename === '' && file.data.length === 0)) return null;
    return { filename: file.filename, data: file.data };
  };

  app.get(
    '/editor/resources/new',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) => formPage(request, reply, { values: {} }),
  );

  app.post(
    '/editor/resources',
    {
      config: { access: 'editor' },
      bodyLimit: app.config.uploadMaxBytes + CONTENT_FORM_LIMIT,
      schema: { hide: true },
    },
    async (request, reply) => {
      const body = multipartFields(request.body);
      return handleForm(request, reply, {
        run: () =>
          editing.createResource(
            app.db,
            app.storage,
            request.actor,
            body,
            uploadOf(body),
            app.config.uploadMaxBytes,
          ),
        onInvalid: (problems, status) =>
          formPage(request, reply, {
            values: typedValues(body),
            problems,
            status,
          }),
        onDone: (value) => `/resources/${value.slug}`,
      });
    },
  );

  app.get(
    '/editor/resources/:slug/edit',
    {
      config: { access: 'editor' },
      schema: {
        hide: true,
        params: SlugParams,
        querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 1 })) }),
      },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const { saved } = request.query;
      const resource = await editing.getResourceForEdit(app.db, request.actor, slug);
      return formPage(request, reply, { resource, values: resource.values, saved: saved === '1' });
    },
  );

  app.post(
    '/editor/resources/:slug',
    {
      config: { access: 'editor' },
      bodyLimit: app.config.uploadMaxBytes + CONTENT_FORM_LIMIT,
      schema: { hide: true, params: SlugParams },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const body = multipartFields(request.body);
      return handleForm(request, reply, {
        run: () =>
          editing.updateResource(
            app.db,
            app.storage,
            request.actor,
            slug,
            body,
            uploadOf(body),
            app.config.uploadMaxBytes,
          ),
        onInvalid: async (problems, status) => {
          const resource = await editing.getResourceForEdit(app.db, request.actor, slug);
          return formPage(request, reply, {
            resource,
            values: typedValues(body),
            problems,
            status,
          });
        },
        onDone: (value) => `/resources/${value.slug}`,
      });
    },
  );

  app.post(
    '/editor/resources/:slug/translations',
    {
      config: { access: 'editor' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: SlugParams, body: translationBody },
    },
    async (request, reply) => {
      const { slug } = request.params;
      const body = request.body;
      return handleForm(request, reply, {
        run: () => editing.saveResourceTranslation(app.db, request.actor, slug, body),
        onInvalid: async (problems, status) => {
          const resource = await editing.getResourceForEdit(app.db, request.actor, slug);
          return formPage(request, reply, {
            resource,
            values: resource.values,
            translation: { values: typedValues(body), problems },
            status,
          });
        },
        onDone: () => `/editor/resources/${slug}/edit?saved=1#translations-heading`,
      });
    },
  );
}
