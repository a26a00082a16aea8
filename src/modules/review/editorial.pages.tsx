import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { acceptedBody, handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { formViewOf } from '../../core/http/render.ts';
import { formBody, listField, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { countPendingChanges, countPendingClaims } from '../directory/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { listCalls } from './call.service.ts';
import {
  archiveSubmission,
  decide,
  getPipeline,
  getQueue,
  getSubmissionForEditor,
  type QueueFilters,
} from './editorial.service.ts';
import { assignReviewers, withdrawReviewer } from './review-assignment.service.ts';
import { FORM_LIMIT, idOf, idParams, seeOther, sendPrivate } from './review-pages.shared.ts';
import { isSubmissionState } from './submission.model.ts';
import { EditorPage } from './views/EditorQueuePage.tsx';
import { EditorSubmissionPage } from './views/EditorSubmissionPage.tsx';

const DAY_MS = 24 * 3600_000;

const assignForm = formBody(
  { reviewers: listField(), due_date: textField() },
  { others: 'bounded' },
);
const decisionForm = formBody(
  {
    decision: textField(),
    message: textField(),
    evidence_level: textField(),
    justification: textField(),
    override_reason: textField(),
  },
  { others: 'bounded' },
);
const archiveForm = formBody({ message: textField() }, { others: 'bounded' });
const withdrawForm = formBody({}, { others: 'bounded' });
const assignmentParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,9}$' }),
  assignmentId: Type.String({ pattern: '^[0-9]{1,9}$' }),
});

/** The editors' desk: the queue, a submission with its reviews, assignment and decision. */
export async function editorialPages(
  app: TypedApp,
  options: {
    moderationCounts?: () => Promise<{ held: number; reported: number }>;
    translationCount?: () => Promise<number>;
    assessmentCount?: () => Promise<number>;
  } = {},
) {
  const noModeration = async () => undefined;
  const noTranslations = async () => undefined;
  const editorQuery = Type.Object({
    state: Type.Optional(Type.String({ maxLength: 30 })),
    call: Type.Optional(Type.String({ maxLength: 9 })),
    theme: Type.Optional(Type.String({ maxLength: 100 })),
    region: Type.Optional(Type.String({ maxLength: 10 })),
    age: Type.Optional(Type.String({ maxLength: 5 })),
    page: Type.Optional(Type.String({ maxLength: 6 })),
  });

  app.get(
    '/editor',
    { config: { access: 'editor' }, schema: { hide: true, querystring: editorQuery } },
    async (request, reply) => {
      const q = request.query;
      const whole = (value: string | undefined, max: number) =>
        value && /^\d+$/.test(value) && Number(value) <= max ? Number(value) : undefined;
      const filters: QueueFilters = {
        state: isSubmissionState(q.state) ? q.state : undefined,
        callId: whole(q.call, 999_999_999),
        theme: q.theme || undefined,
        region: q.region || undefined,
        olderThanDays: whole(q.age, 3650),
        page: Math.max(1, whole(q.page, 100_000) ?? 1),
      };
      const [
        pipeline,
        queue,
        calls,
        taxonomy,
        places,
        organisationChanges,
        moderation,
        claims,
        translations,
        assessments,
      ] = await Promise.all([
        getPipeline(app.db, request.actor),
        getQueue(app.db, request.actor, filters),
        listCalls(app.db),
        getTaxonomy(app.db, request.locale),
        getPlaceIndex(app.db, request.locale),
        countPendingChanges(app.db),
        (options.moderationCounts ?? noModeration)(),
        countPendingClaims(app.db),
        (options.translationCount ?? noTranslations)(),
        (options.assessmentCount ?? noTranslations)(),
      ]);
      return sendPrivate(
        reply,
        EditorPage({
          ctx: formViewOf(request, reply),
          pipeline,
          queue,
          filters,
          calls,
          organisationChanges,
          organisationClaims: claims,
          moderation,
          translations,
          assessments,
          themes: taxonomy.list('theme').map((c) => ({ value: c.id, label: c.label })),
          regions: places.regions.map((r) => ({ value: r.code, label: r.name })),
        }),
      );
    },
  );

  const defaultDueDate = () => new Date(Date.now() + 21 * DAY_MS).toISOString().slice(0, 10);
  const editorSubmission = async (
    request: FastifyRequest & { params: { id: string } },
    reply: FastifyReply,
    options: {
      problems?: FieldProblem[];
      values?: Record<string, string | string[]>;
      form?: 'assign' | 'decide';
      status?: number;
    } = {},
  ) => {
    const view = await getSubmissionForEditor(app.db, request.actor, idOf(request), request.locale);
    return sendPrivate(
      reply,
      EditorSubmissionPage({
        ctx: formViewOf(request, reply),
        view,
        defaultDueDate: defaultDueDate(),
        ...options,
      }),
      options.status,
    );
  };

  app.get(
    '/editor/submissions/:id',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams } },
    async (request, reply) => editorSubmission(request, reply),
  );

  app.post(
    '/editor/submissions/:id/assign',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: assignForm },
    },
    async (request, reply) => {
      const id = idOf(request);
      const { body } = request;
      return handleForm(request, reply, {
        run: () =>
          assignReviewers(app.db, request.actor, id, {
            reviewerIds: body.reviewers,
            dueDate: body.due_date,
          }),
        onInvalid: (problems, status) =>
          editorSubmission(request, reply, {
            problems,
            values: typedValues(body),
            form: 'assign',
            status,
          }),
        onDone: () => `/editor/submissions/${id}`,
      });
    },
  );

  app.post(
    '/editor/submissions/:id/decide',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: decisionForm },
    },
    async (request, reply) => {
      const id = idOf(request);
      const { body } = request;
      return handleForm(request, reply, {
        run: () =>
          decide(app.db, request.actor, id, {
            decision: body.decision,
            message: body.message,
            evidenceLevel: body.evidence_level,
            justification: body.justification,
            overrideReason: body.override_reason,
          }),
        onInvalid: (problems, status) =>
          editorSubmission(request, reply, {
            problems,
            values: typedValues(body),
            form: 'decide',
            status,
          }),
        onDone: () => `/editor/submissions/${id}`,
      });
    },
  );

  app.post(
    '/editor/submissions/:id/assignments/:assignmentId/withdraw',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: assignmentParams, body: withdrawForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      const id = Number(request.params.id);
      await withdrawReviewer(app.db, request.actor, id, Number(request.params.assignmentId));
      return seeOther(request, reply, `/editor/submissions/${id}`);
    },
  );

  app.post(
    '/editor/submissions/:id/archive',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: archiveForm },
    },
    async (request, reply) => {
      acceptedBody(request);
      const id = idOf(request);
      await archiveSubmission(app.db, request.actor, id, request.body.message);
      return seeOther(request, reply, `/editor/submissions/${id}`);
    },
  );
}
