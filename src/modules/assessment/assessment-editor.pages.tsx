import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { acceptedBody, handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml } from '../../core/http/render.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { LIMITS } from './assessment.model.ts';
import {
  acceptAssessment,
  askQuestion,
  getAssessmentForReview,
  getAssessmentQueue,
} from './assessment-review.service.ts';
import { AssessmentQueuePage, AssessmentReviewPage } from './views/AssessmentEditorPages.tsx';

const FORM_LIMIT = 64 * 1024;
const idParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const doneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 10 })) });
const questionForm = formBody(
  { message: textField({ max: LIMITS.message }) },
  { others: 'bounded' },
);
const acceptForm = formBody({}, { others: 'bounded' });

function noStore(reply: FastifyReply, html: JSX.Element, status = 200) {
  reply.header('cache-control', 'no-store');
  return sendHtml(reply, html, status);
}

/** The editors' queue of submitted self-assessments, and their questions and acceptances. */
export async function assessmentEditorPages(app: TypedApp) {
  app.get(
    '/editor/assessments',
    { config: { access: 'editor' }, schema: { hide: true, querystring: doneQuery } },
    async (request, reply) =>
      noStore(
        reply,
        AssessmentQueuePage({
          ctx: formViewOf(request, reply),
          queue: await getAssessmentQueue(app.db, request.actor),
          done: request.query.done,
        }),
      ),
  );

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    values: Record<string, string | string[]> = {},
    problems: FieldProblem[] = [],
    status = 200,
  ) =>
    noStore(
      reply,
      AssessmentReviewPage({
        ctx: formViewOf(request, reply),
        id,
        workspace: await getAssessmentForReview(app.db, request.actor, id),
        values,
        problems,
      }),
      status,
    );

  app.get(
    '/editor/assessments/:id',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams } },
    async (request, reply) => reviewPage(request, reply, Number(request.params.id)),
  );

  app.post(
    '/editor/assessments/:id/question',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: questionForm },
    },
    async (request, reply) => {
      const id = Number(request.params.id);
      const body = request.body ?? {};
      return handleForm(request, reply, {
        run: () => askQuestion(app.db, request.actor, id, body),
        onInvalid: (problems, status) =>
          reviewPage(request, reply, id, typedValues(body), problems, status),
        onDone: () => '/editor/assessments?done=asked',
      });
    },
  );

  app.post(
    '/editor/assessments/:id/accept',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: acceptForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      await acceptAssessment(app.db, request.actor, Number(request.params.id));
      return reply.redirect(localePath(request.locale, '/editor/assessments?done=accepted'), 303);
    },
  );
}
