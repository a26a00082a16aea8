import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type FieldProblem, NotFoundError } from '../../core/errors.ts';
import { bodyProblemsOf, handleForm } from '../../core/http/form-outcome.ts';
import { formViewOf } from '../../core/http/render.ts';
import { formBody, listField, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { isUploadedFile } from '../../core/http/uploads.ts';
import { sendStoredFile } from '../files/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import { SECTION_KEYS } from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { listCalls } from './call.service.ts';
import { FORM_LIMIT, idOf, idParams, seeOther, sendPrivate } from './review-pages.shared.ts';
import {
  EDITABLE_STATES,
  isStep,
  MAX_SECTION,
  MAX_SUMMARY,
  mergeStep,
  STEP_FIELDS,
  STEPS,
} from './submission.model.ts';
import {
  attachFile,
  createSubmission,
  detachFile,
  getSubmission,
  listMySubmissions,
  previewSubmission,
  proposeNewVersion,
  readableFile,
  saveStep,
  stepGaps,
  submitSubmission,
  withdrawSubmission,
} from './submission.service.ts';
import { PreviewPage, SubmissionPage, SubmissionsPage } from './views/SubmissionPages.tsx';
import { StepPage } from './views/SubmissionStepPage.tsx';

// Every field of every step (the numbered organisation and source rows come as extra fields);
// the steps that choose several send lists.
const LIST_FIELDS = new Set([
  'themes',
  'target_groups',
  'actor_type',
  'gcm_objectives',
  'sdg_targets',
]);
// The long texts are bounded by their own limits, so that a text too long is told the limit the
// form shows under the field.
const TEXT_LIMITS: Record<string, number> = {
  summary: MAX_SUMMARY,
  ...Object.fromEntries(SECTION_KEYS.map((key) => [key, MAX_SECTION])),
};
const stepForm = formBody(
  {
    ...Object.fromEntries(
      STEPS.flatMap((step) => STEP_FIELDS[step]).map((name) => [
        name,
        LIST_FIELDS.has(name) ? listField() : textField({ max: TEXT_LIMITS[name] }),
      ]),
    ),
    go: textField(),
  },
  { others: 'bounded' },
);

/** The contributors' pages: their submissions, the guided form, attachments and files. */
export async function submissionPages(app: TypedApp) {
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
    request: FastifyRequest & { params: { id: string } },
    reply: FastifyReply,
    options: {
      problems?: FieldProblem[];
      refusals?: FieldProblem[];
      uploadProblems?: FieldProblem[];
      notice?: string;
      status?: number;
    } = {},
  ) => {
    const submission = await getSubmission(app.db, request.actor, idOf(request));
    return sendPrivate(
      reply,
      SubmissionPage({ ctx: formViewOf(request, reply), submission, maxUploadMb, ...options }),
      options.status,
    );
  };

  app.get(
    '/submissions',
    { config: { access: 'signed-in' }, schema: { hide: true } },
    async (request, reply) => {
      const [submissions, calls] = await Promise.all([
        listMySubmissions(app.db, request.actor),
        listCalls(app.db),
      ]);
      return sendPrivate(
        reply,
        SubmissionsPage({ ctx: formViewOf(request, reply), submissions, calls }),
      );
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
      const { call } = request.body;
      const id = await createSubmission(app.db, request.actor, {
        callSlug: call || undefined,
      });
      return seeOther(request, reply, `/submissions/${id}/edit/basics`);
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
      const { step } = request.params;
      if (!isStep(step))
        throw new NotFoundError('step_not_found', `No step "${step}" in the form.`);
      const submission = await getSubmission(app.db, request.actor, idOf(request));
      if (!EDITABLE_STATES.includes(submission.state))
        return seeOther(request, reply, `/submissions/${submission.id}`);
      return sendPrivate(
        reply,
        StepPage({
          ctx: formViewOf(request, reply),
          submission,
          step,
          problems: [],
          choices: await stepChoices(request),
          saved: request.query.saved === '1',
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
        body: stepForm,
      },
    },
    async (request, reply) => {
      const { step } = request.params;
      if (!isStep(step))
        throw new NotFoundError('step_not_found', `No step "${step}" in the form.`);
      const id = idOf(request);
      const refused = bodyProblemsOf(request);
      const { body } = request;
      if (refused.length > 0) {
        // Nothing is saved from a step its schema refused; it comes back as typed.
        const submission = await getSubmission(app.db, request.actor, id);
        return sendPrivate(
          reply,
          StepPage({
            ctx: formViewOf(request, reply),
            submission: { ...submission, data: mergeStep(submission.data, step, body) },
            step,
            problems: refused,
            choices: await stepChoices(request),
          }),
          400,
        );
      }
      const problems = await saveStep(app.db, request.actor, id, step, body);
      if (problems.length > 0) {
        const submission = await getSubmission(app.db, request.actor, id);
        return sendPrivate(
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
      // Saved; before moving on, the step says what it still lacks, once.
      const gaps = body.go === 'next' ? await stepGaps(app.db, request.actor, id, step) : [];
      if (gaps.length > 0) {
        const submission = await getSubmission(app.db, request.actor, id);
        return sendPrivate(
          reply,
          StepPage({
            ctx: formViewOf(request, reply),
            submission,
            step,
            problems: [],
            gaps,
            choices: await stepChoices(request),
            saved: true,
          }),
        );
      }
      if (body.go === 'next' && next)
        return seeOther(request, reply, `/submissions/${id}/edit/${next}`);
      if (body.go === 'overview') return seeOther(request, reply, `/submissions/${id}`);
      return seeOther(request, reply, `/submissions/${id}/edit/${step}?saved=1`);
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
      // A multipart body, read by the multipart plugin: no schema describes it.
      const body: unknown = request.body;
      const file =
        typeof body === 'object' && body !== null ? Reflect.get(body, 'file') : undefined;
      if (!isUploadedFile(file) || file.filename === '') {
        return submissionPage(request, reply, {
          uploadProblems: [
            { field: 'file', message: 'choose a file', key: 'form.error.fileMissing' },
          ],
          status: 400,
        });
      }
      return handleForm(request, reply, {
        run: () =>
          attachFile(
            app.db,
            app.storage,
            request.actor,
            id,
            { filename: file.filename, data: file.data },
            app.config.uploadMaxBytes,
          ),
        onInvalid: (problems, status) =>
          submissionPage(request, reply, { uploadProblems: problems, status }),
        onDone: () => `/submissions/${id}#files-heading`,
      });
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
      await detachFile(app.db, request.actor, id, Number(request.params.fileId));
      return seeOther(request, reply, `/submissions/${id}#files-heading`);
    },
  );

  app.get(
    '/submissions/:id/preview',
    { config: { access: 'signed-in' }, schema: { hide: true, params: idParams } },
    async (request, reply) => {
      const id = idOf(request);
      const submission = await getSubmission(app.db, request.actor, id);
      const preview = await previewSubmission(app.db, request.actor, request.locale, id);
      return sendPrivate(
        reply,
        PreviewPage({ ctx: formViewOf(request, reply), submission, preview }),
      );
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
      return handleForm(request, reply, {
        run: () =>
          submitSubmission(app.db, request.actor, id, app.config.submissionRateLimitPerHour),
        // A limit reached is told above the form; bad input beside its fields.
        onInvalid: (problems, status) =>
          submissionPage(
            request,
            reply,
            status === 429 ? { refusals: problems, status } : { problems, status },
          ),
        onDone: () => `/submissions/${id}?sent=1`,
      });
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
      await withdrawSubmission(app.db, request.actor, id);
      return seeOther(request, reply, `/submissions/${id}`);
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
      const { slug } = request.params;
      const id = await proposeNewVersion(app.db, request.actor, slug);
      return seeOther(request, reply, `/submissions/${id}`);
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
    request: FastifyRequest & { params: { id: string } },
    reply: FastifyReply,
    variant: 'original' | 'web',
  ) {
    const id = idOf(request);
    const { file, access } = await readableFile(app.db, request.actor, id);
    // The public gets an image's web copy, never the original with its camera metadata.
    const published = access === 'published' && file.web_key !== null;
    return sendStoredFile(reply, app.storage, file, { variant: published ? 'web' : variant });
  }
}
