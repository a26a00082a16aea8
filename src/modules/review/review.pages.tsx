import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type FieldProblem, NotFoundError } from '../../core/errors.ts';
import { attempt, typedValues } from '../../core/http/form-outcome.ts';
import { localePath } from '../../core/http/locale.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { isUploadedFile } from '../../core/http/uploads.ts';
import { listTimeZones, utcToZoned } from '../../core/time.ts';
import { sendStoredFile } from '../files/file.service.ts';
import { getPlaceIndex } from '../places/place.service.ts';
import { loadCards } from '../practices/practice.service.ts';
import { getTaxonomy } from '../taxonomy/taxonomy.service.ts';
import * as callService from './call.service.ts';
import * as editorialService from './editorial.service.ts';
import * as assignmentService from './review-assignment.service.ts';
import * as submissionService from './submission.service.ts';
import { EDITABLE_STATES, isStep, isSubmissionState, STEPS } from './submission.ts';
import { CallPage, CallsPage } from './views/CallPages.tsx';
import {
  CallFormPage,
  EditorCallsPage,
  EditorPage,
  EditorSubmissionPage,
} from './views/EditorPages.tsx';
import { AssignmentPage, ReviewDashboard } from './views/ReviewPages.tsx';
import {
  PreviewPage,
  StepPage,
  SubmissionPage,
  SubmissionsPage,
} from './views/SubmissionPages.tsx';

const FORM_LIMIT = 256 * 1024;
const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
/** A form body: text fields and lists of text, bounded; the service checks what they mean. */
const formBody = Type.Record(
  Type.String({ maxLength: 100 }),
  Type.Union([
    Type.String({ maxLength: 25_000 }),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
  ]),
);

/** What was typed, to show again beside the problems; never the CSRF token. */
function flat(values: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]),
  );
}

const DAY_MS = 24 * 3600_000;

export async function reviewPages(app: FastifyInstance) {
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  const go = (request: FastifyRequest, reply: FastifyReply, path: string) =>
    reply.redirect(localePath(request.locale, path), 303);
  const idOf = (request: FastifyRequest) => Number((request.params as { id: string }).id);
  const maxUploadMb = Math.round(app.config.uploadMaxBytes / (1024 * 1024));

  const stepChoices = async (request: FastifyRequest) => {
    const [taxonomy, places] = await Promise.all([
      getTaxonomy(app.db, request.locale),
      getPlaceIndex(app.db, request.locale),
    ]);
    const of = (scheme: 'theme' | 'target-group' | 'actor-type' | 'gcm-objective' | 'sdg-target') =>
      taxonomy.list(scheme).map((c) => ({ value: c.id, label: c.label }));
    return {
      countries: places.countries.map((c) => ({ value: c.code, label: c.name })),
      themes: of('theme'),
      targetGroups: of('target-group'),
      actorTypes: of('actor-type'),
      gcmObjectives: of('gcm-objective'),
      sdgTargets: of('sdg-target'),
    };
  };

  const submissionPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      problems?: FieldProblem[];
      uploadProblems?: FieldProblem[];
      notice?: string;
      status?: number;
    } = {},
  ) => {
    const submission = await submissionService.getSubmission(app.db, request.actor, idOf(request));
    return page(
      reply,
      SubmissionPage({ ctx: formViewOf(request, reply), submission, maxUploadMb, ...options }),
      options.status,
    );
  };

  // ── Contributors ──
  app.get(
    '/submissions',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => {
      const [submissions, calls] = await Promise.all([
        submissionService.listMySubmissions(app.db, request.actor),
        callService.listCalls(app.db),
      ]);
      return page(reply, SubmissionsPage({ ctx: formViewOf(request, reply), submissions, calls }));
    },
  );

  app.post(
    '/submissions',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        body: Type.Object({
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          call: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      const { call } = request.body as { call?: string };
      const id = await submissionService.createSubmission(app.db, request.actor, {
        callSlug: call || undefined,
      });
      return go(request, reply, `/submissions/${id}/edit/basics`);
    },
  );

  app.get(
    '/submissions/:id',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams } },
    async (request, reply) => submissionPage(request, reply),
  );

  app.get(
    '/submissions/:id/edit/:step',
    {
      config: { access: 'signed-in' },
      schema: {
        hide: true,
        params: Type.Object({
          id: Type.String({ pattern: '^[0-9]{1,9}$' }),
          step: Type.String({ maxLength: 20 }),
        }),
        querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 1 })) }),
      },
    },
    async (request, reply) => {
      const { step } = request.params as { step: string };
      if (!isStep(step))
        throw new NotFoundError('step_not_found', `No step "${step}" in the form.`);
      const submission = await submissionService.getSubmission(
        app.db,
        request.actor,
        idOf(request),
      );
      if (!EDITABLE_STATES.includes(submission.state))
        return go(request, reply, `/submissions/${submission.id}`);
      return page(
        reply,
        StepPage({
          ctx: formViewOf(request, reply),
          submission,
          step,
          problems: [],
          choices: await stepChoices(request),
          saved: (request.query as { saved?: string }).saved === '1',
        }),
      );
    },
  );

  app.post(
    '/submissions/:id/edit/:step',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        params: Type.Object({
          id: Type.String({ pattern: '^[0-9]{1,9}$' }),
          step: Type.String({ maxLength: 20 }),
        }),
        body: formBody,
      },
    },
    async (request, reply) => {
      const { step } = request.params as { step: string };
      if (!isStep(step))
        throw new NotFoundError('step_not_found', `No step "${step}" in the form.`);
      const id = idOf(request);
      const body = request.body as Record<string, unknown>;
      const problems = await submissionService.saveStep(app.db, request.actor, id, step, body);
      if (problems.length > 0) {
        const submission = await submissionService.getSubmission(app.db, request.actor, id);
        return page(
          reply,
          StepPage({
            ctx: formViewOf(request, reply),
            submission,
            step,
            problems,
            choices: await stepChoices(request),
          }),
          400,
        );
      }
      const next = STEPS[STEPS.indexOf(step) + 1];
      if (body.go === 'next' && next) return go(request, reply, `/submissions/${id}/edit/${next}`);
      if (body.go === 'overview') return go(request, reply, `/submissions/${id}`);
      return go(request, reply, `/submissions/${id}/edit/${step}?saved=1`);
    },
  );

  app.post(
    '/submissions/:id/files',
    {
      config: { access: 'signed-in' },
      bodyLimit: app.config.uploadMaxBytes + 256 * 1024,
      schema: { hide: true, params: idParams },
    },
    async (request, reply) => {
      const id = idOf(request);
      const body = request.body as Record<string, unknown> | undefined;
      const file = body?.file;
      if (!isUploadedFile(file) || file.filename === '') {
        return submissionPage(request, reply, {
          uploadProblems: [
            { field: 'file', message: 'choose a file', key: 'form.error.fileMissing' },
          ],
          status: 400,
        });
      }
      const outcome = await attempt(() =>
        submissionService.attachFile(
          app.db,
          app.storage,
          request.actor,
          id,
          { filename: file.filename, data: file.data },
          app.config.uploadMaxBytes,
        ),
      );
      if (!outcome.ok)
        return submissionPage(request, reply, { uploadProblems: outcome.problems, status: 400 });
      return go(request, reply, `/submissions/${id}#files-heading`);
    },
  );

  app.post(
    '/submissions/:id/files/:fileId/delete',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: {
        hide: true,
        params: Type.Object({
          id: Type.String({ pattern: '^[0-9]{1,9}$' }),
          fileId: Type.String({ pattern: '^[0-9]{1,9}$' }),
        }),
      },
    },
    async (request, reply) => {
      const id = idOf(request);
      await submissionService.detachFile(
        app.db,
        request.actor,
        id,
        Number((request.params as { fileId: string }).fileId),
      );
      return go(request, reply, `/submissions/${id}#files-heading`);
    },
  );

  app.get(
    '/submissions/:id/preview',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const id = idOf(request);
      const submission = await submissionService.getSubmission(app.db, request.actor, id);
      const preview = await submissionService.previewSubmission(
        app.db,
        request.actor,
        request.locale,
        id,
      );
      return page(reply, PreviewPage({ ctx: formViewOf(request, reply), submission, preview }));
    },
  );

  app.post(
    '/submissions/:id/submit',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams },
    },
    async (request, reply) => {
      const id = idOf(request);
      const outcome = await attempt(() =>
        submissionService.submitSubmission(app.db, request.actor, id),
      );
      if (!outcome.ok)
        return submissionPage(request, reply, { problems: outcome.problems, status: 400 });
      return go(request, reply, `/submissions/${id}?sent=1`);
    },
  );

  app.post(
    '/submissions/:id/withdraw',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams },
    },
    async (request, reply) => {
      const id = idOf(request);
      await submissionService.withdrawSubmission(app.db, request.actor, id);
      return go(request, reply, `/submissions/${id}`);
    },
  );

  app.post(
    '/practices/:slug/new-version',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 200 }) }) },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const id = await submissionService.proposeNewVersion(app.db, request.actor, slug);
      return go(request, reply, `/submissions/${id}`);
    },
  );

  // Uploaded files: a published practice's for everyone, a submission's for those who may read
  // it; anyone else is told the file does not exist.
  app.get(
    '/files/:id',
    { config: { access: 'public' }, schema: { hide: true, params: idParams } },
    async (request, reply) => sendFile(request, reply, 'original'),
  );
  app.get(
    '/files/:id/web',
    { config: { access: 'public' }, schema: { hide: true, params: idParams } },
    async (request, reply) => sendFile(request, reply, 'web'),
  );
  async function sendFile(
    request: FastifyRequest,
    reply: FastifyReply,
    variant: 'original' | 'web',
  ) {
    const id = idOf(request);
    const { file, access } = await submissionService.readableFile(app.db, request.actor, id);
    // The public gets an image's web copy, never the original with its camera metadata.
    const published = access === 'published' && file.web_key !== null;
    return sendStoredFile(reply, app.storage, file, { variant: published ? 'web' : variant });
  }

  // ── Reviewers ──
  app.get(
    '/review',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => {
      const assignments = await assignmentService.listMyAssignments(app.db, request.actor);
      return page(reply, ReviewDashboard({ ctx: formViewOf(request, reply), assignments }));
    },
  );

  app.get(
    '/review/assignments/:id',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const assignment = await assignmentService.getAssignment(
        app.db,
        request.actor,
        idOf(request),
      );
      return page(reply, AssignmentPage({ ctx: formViewOf(request, reply), assignment }));
    },
  );

  app.post(
    '/review/assignments/:id/declare',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: formBody },
    },
    async (request, reply) => {
      const id = idOf(request);
      const body = request.body as Record<string, unknown>;
      const outcome = await attempt(() =>
        assignmentService.declareInterests(app.db, request.actor, id, {
          conflict: body.conflict,
          statement: body.statement,
        }),
      );
      if (!outcome.ok) {
        const assignment = await assignmentService.getAssignment(app.db, request.actor, id);
        return page(
          reply,
          AssignmentPage({
            ctx: formViewOf(request, reply),
            assignment,
            problems: outcome.problems,
            values: flat(typedValues(body)),
          }),
          400,
        );
      }
      return go(request, reply, `/review/assignments/${id}`);
    },
  );

  app.post(
    '/review/assignments/:id/review',
    {
      config: { access: 'signed-in' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: formBody },
    },
    async (request, reply) => {
      const id = idOf(request);
      const body = request.body as Record<string, unknown>;
      const outcome = await attempt(() =>
        assignmentService.submitReview(app.db, request.actor, id, body),
      );
      if (!outcome.ok) {
        const assignment = await assignmentService.getAssignment(app.db, request.actor, id);
        return page(
          reply,
          AssignmentPage({
            ctx: formViewOf(request, reply),
            assignment,
            problems: outcome.problems,
            values: flat(typedValues(body)),
          }),
          400,
        );
      }
      return go(request, reply, `/review/assignments/${id}`);
    },
  );

  // ── Editors ──
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
      const q = request.query as Record<string, string | undefined>;
      const whole = (value: string | undefined, max: number) =>
        value && /^\d+$/.test(value) && Number(value) <= max ? Number(value) : undefined;
      const filters: editorialService.QueueFilters = {
        state: isSubmissionState(q.state) ? q.state : undefined,
        callId: whole(q.call, 999_999_999),
        theme: q.theme || undefined,
        region: q.region || undefined,
        olderThanDays: whole(q.age, 3650),
        page: Math.max(1, whole(q.page, 100_000) ?? 1),
      };
      const [pipeline, queue, calls, taxonomy, places] = await Promise.all([
        editorialService.getPipeline(app.db, request.actor),
        editorialService.getQueue(app.db, request.actor, filters),
        callService.listCalls(app.db),
        getTaxonomy(app.db, request.locale),
        getPlaceIndex(app.db, request.locale),
      ]);
      return page(
        reply,
        EditorPage({
          ctx: formViewOf(request, reply),
          pipeline,
          queue,
          filters,
          calls,
          themes: taxonomy.list('theme').map((c) => ({ value: c.id, label: c.label })),
          regions: places.regions.map((r) => ({ value: r.code, label: r.name })),
        }),
      );
    },
  );

  const defaultDueDate = () => new Date(Date.now() + 21 * DAY_MS).toISOString().slice(0, 10);
  const editorSubmission = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      problems?: FieldProblem[];
      values?: Record<string, string | string[]>;
      form?: 'assign' | 'decide';
      status?: number;
    } = {},
  ) => {
    const view = await editorialService.getSubmissionForEditor(
      app.db,
      request.actor,
      idOf(request),
    );
    return page(
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
      schema: { hide: true, params: idParams, body: formBody },
    },
    async (request, reply) => {
      const id = idOf(request);
      const body = request.body as Record<string, unknown>;
      const outcome = await attempt(() =>
        assignmentService.assignReviewers(app.db, request.actor, id, {
          reviewerIds: body.reviewers,
          dueDate: body.due_date,
        }),
      );
      if (!outcome.ok)
        return editorSubmission(request, reply, {
          problems: outcome.problems,
          values: typedValues(body),
          form: 'assign',
          status: 400,
        });
      return go(request, reply, `/editor/submissions/${id}`);
    },
  );

  app.post(
    '/editor/submissions/:id/decide',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: formBody },
    },
    async (request, reply) => {
      const id = idOf(request);
      const body = request.body as Record<string, unknown>;
      const outcome = await attempt(() =>
        editorialService.decide(app.db, request.actor, id, {
          decision: body.decision,
          message: body.message,
          evidenceLevel: body.evidence_level,
          justification: body.justification,
        }),
      );
      if (!outcome.ok)
        return editorSubmission(request, reply, {
          problems: outcome.problems,
          values: typedValues(body),
          form: 'decide',
          status: 400,
        });
      return go(request, reply, `/editor/submissions/${id}`);
    },
  );

  app.post(
    '/editor/submissions/:id/archive',
    {
      config: { access: 'editor' },
      bodyLimit: FORM_LIMIT,
      schema: { hide: true, params: idParams, body: formBody },
    },
    async (request, reply) => {
      const id = idOf(request);
      await editorialService.archiveSubmission(
        app.db,
        request.actor,
        id,
        (request.body as Record<string, unknown>).message,
      );
      return go(request, reply, `/editor/submissions/${id}`);
    },
  );

  // ── Calls for practices ──
  const themeChoices = async (request: FastifyRequest) =>
    (await getTaxonomy(app.db, request.locale))
      .list('theme')
      .map((c) => ({ value: c.id, label: c.label }));

  app.get(
    '/editor/calls',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) =>
      page(
        reply,
        EditorCallsPage({
          ctx: formViewOf(request, reply),
          calls: await callService.listCalls(app.db),
        }),
      ),
  );

  app.get(
    '/editor/calls/new',
    { config: { access: 'editor' }, schema: { hide: true } },
    async (request, reply) =>
      page(
        reply,
        CallFormPage({
          ctx: formViewOf(request, reply),
          values: { time_zone: 'UTC' },
          problems: [],
          themes: await themeChoices(request),
          timeZones: listTimeZones(),
        }),
      ),
  );

  app.post(
    '/editor/calls',
    { config: { access: 'editor' }, bodyLimit: FORM_LIMIT, schema: { hide: true, body: formBody } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>;
      const outcome = await attempt(() => callService.createCall(app.db, request.actor, body));
      if (!outcome.ok)
        return page(
          reply,
          CallFormPage({
            ctx: formViewOf(request, reply),
            values: typedValues(body),
            problems: outcome.problems,
            themes: await themeChoices(request),
            timeZones: listTimeZones(),
          }),
          400,
        );
      return go(request, reply, `/calls/${outcome.value.slug}`);
    },
  );

  app.get(
    '/editor/calls/:id/edit',
    { config: { access: 'editor' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const call = await callService.getCallById(app.db, idOf(request));
      return page(
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
      schema: { hide: true, params: idParams, body: formBody },
    },
    async (request, reply) => {
      const body = request.body as Record<string, unknown>;
      const id = idOf(request);
      const outcome = await attempt(() => callService.updateCall(app.db, request.actor, id, body));
      if (!outcome.ok)
        return page(
          reply,
          CallFormPage({
            ctx: formViewOf(request, reply),
            call: await callService.getCallById(app.db, id),
            values: typedValues(body),
            problems: outcome.problems,
            themes: await themeChoices(request),
            timeZones: listTimeZones(),
          }),
          400,
        );
      return go(request, reply, `/calls/${outcome.value.slug}`);
    },
  );

  app.get(
    '/calls',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) =>
      sendHtml(
        reply,
        CallsPage({ ctx: viewOf(request), calls: await callService.listCalls(app.db) }),
      ),
  );

  app.get(
    '/calls/:slug',
    {
      config: { access: 'public' },
      schema: { hide: true, params: Type.Object({ slug: Type.String({ maxLength: 200 }) }) },
    },
    async (request, reply) => {
      const { slug } = request.params as { slug: string };
      const { call, practiceIds } = await callService.getCall(app.db, slug);
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
