import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { sendTable } from '../../core/http/tabular-download.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { resultTable } from './assessment-results.download.ts';
import { presentResult } from './assessment-results.presenter.ts';
import { type AssessmentResult, getAssessmentResult } from './assessment-results.service.ts';
import { AssessmentResultPage } from './views/AssessmentResultPage.tsx';

// Both are checked by the service, so that a malformed one is "not found" like an unknown one.
const resultParams = Type.Object({
  id: Type.String({ maxLength: 20 }),
  year: Type.String({ maxLength: 20 }),
});

/**
 * A city's self-assessment result: the page (also the printed report), its table as CSV and its
 * numbers as JSON, each under the same rule: public once published, otherwise only for the
 * city's municipality and the editors, and "not found" for anyone else.
 */
export async function assessmentResultPages(app: TypedApp) {
  const read = (request: FastifyRequest, params: { id: string; year: string }) =>
    getAssessmentResult(app.readDb, request.actor, request.locale, params.id, params.year);
  // A private result is never kept by a shared cache.
  const privacy = (reply: FastifyReply, result: AssessmentResult) => {
    if (!result.published) reply.header('cache-control', 'private, no-store');
  };

  app.get(
    '/cities/:id/assessment/:year',
    { config: { access: 'public', pageCache: true }, schema: { hide: true, params: resultParams } },
    async (request, reply) => {
      const result = await read(request, request.params);
      privacy(reply, result);
      return sendHtml(reply, AssessmentResultPage({ ctx: viewOf(request), result }));
    },
  );

  app.get(
    '/cities/:id/assessment/:year.csv',
    { config: { access: 'public' }, schema: { hide: true, params: resultParams } },
    async (request, reply) => {
      const result = await read(request, request.params);
      const ctx = viewOf(request);
      await sendTable(reply, resultTable(ctx, result), {
        format: 'csv',
        fileName: `self-assessment-${result.city.id}-${result.year}`,
        sheetName: ctx.text('assessmentResult.csv.sheet'),
        locale: request.locale,
      });
      privacy(reply, result);
      return reply;
    },
  );

  app.get(
    '/cities/:id/assessment/:year.json',
    { config: { access: 'public' }, schema: { hide: true, params: resultParams } },
    async (request, reply) => {
      const result = await read(request, request.params);
      reply
        .header('cache-control', result.published ? 'no-cache' : 'private, no-store')
        .header(
          'content-disposition',
          `attachment; filename="self-assessment-${result.city.id}-${result.year}.json"`,
        );
      return presentResult(result, app.config.publicUrl);
    },
  );
}
