import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { formViewOf, sendHtml } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { isUploadedFile } from '../../core/http/uploads.ts';
import { checkImport, commitImport, megabytes } from './import.service.ts';
import { ImportDonePage, ImportFormPage, ImportReportPage } from './views/ImportPages.tsx';

const FORM_LIMIT = 64 * 1024;

/**
 * Bulk import for editors: upload a file in the interchange format, read the dry run's report,
 * confirm. The same importer as `clearinghouse import` (see import.service.ts).
 *
 *   GET  /editor/import          the upload form
 *   POST /editor/import          multipart: file (+ format); checks it and shows the report
 *   POST /editor/import/commit   upload (the opaque id), skip_invalid; imports it for real
 */
export async function importPages(app: TypedApp) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const maxUploadMb = megabytes(app.config.uploadMaxBytes);

  app.get(
    '/editor/import',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) =>
      page(reply, ImportFormPage({ ctx: formViewOf(request, reply), maxUploadMb, problems: [] })),
  );

  app.post(
    '/editor/import',
    {
      config: { access: 'editor' },
      bodyLimit: app.config.uploadMaxBytes + 256 * 1024,
      schema: { hide: true },
    },
    async (request, reply) => {
      // A multipart body, read by the multipart plugin: no schema describes it.
      const body: unknown = request.body;
      const field = (name: string): unknown =>
        typeof body === 'object' && body !== null ? Reflect.get(body, name) : undefined;
      const file = field('file');
      const sentFormat = field('format');
      const format = typeof sentFormat === 'string' ? sentFormat : '';
      const outcome = await checkImport(
        app.db,
        app.storage,
        request.actor,
        isUploadedFile(file) ? file : undefined,
        { maxBytes: app.config.uploadMaxBytes, format },
      );
      const ctx = formViewOf(request, reply);
      if (!outcome.ok)
        return page(
          reply,
          ImportFormPage({ ctx, maxUploadMb, problems: outcome.problems, format }),
          400,
        );
      return page(reply, ImportReportPage({ ctx, check: outcome.check, maxUploadMb }));
    },
  );

  app.post(
    '/editor/import/commit',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        body: Type.Object({
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          upload: Type.Optional(Type.String({ maxLength: 100 })),
          skip_invalid: Type.Optional(Type.String({ maxLength: 10 })),
        }),
      },
    },
    async (request, reply) => {
      const { body } = request;
      const done = await commitImport(app.db, app.storage, request.actor, body.upload ?? '', {
        skipInvalid: body.skip_invalid === '1',
      });
      const ctx = formViewOf(request, reply);
      switch (done.outcome) {
        case 'imported':
          return page(reply, ImportDonePage({ ctx, check: done.check }));
        case 'refused':
          return page(
            reply,
            ImportReportPage({ ctx, check: done.check, maxUploadMb, refused: true }),
            400,
          );
        case 'expired':
          return page(
            reply,
            ImportFormPage({
              ctx,
              maxUploadMb,
              problems: [
                {
                  field: 'file',
                  message: 'this upload has expired or was already imported',
                  key: 'import.error.expired',
                },
              ],
            }),
            400,
          );
      }
    },
  );
}
