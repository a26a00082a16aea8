import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { FieldProblem } from '../../core/errors.ts';
import { handleForm, typedValues } from '../../core/http/form-outcome.ts';
import { formViewOf, sendHtml, viewOf } from '../../core/http/render.ts';
import { CONTENT_FORM_LIMIT, formBody, textField } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { LIMITS } from './assessment.model.ts';
import {
  getCityAssessments,
  openAssessment,
  saveArea,
  setSharing,
  startAssessment,
  submitAssessment,
} from './assessment.service.ts';
import { frameworkVersions } from './framework.ts';
import {
  AreaPage,
  AssessmentOverviewPage,
  CityAssessmentsPage,
  ReviewPage,
} from './views/AssessmentCityPages.tsx';
import { MethodPage } from './views/MethodPage.tsx';

const cityParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const yearParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }),
  year: Type.String({ pattern: '^[0-9]{4}$' }),
});
const areaParams = Type.Object({
  id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }),
  year: Type.String({ pattern: '^[0-9]{4}$' }),
  area: Type.String({ pattern: '^[a-z0-9-]{1,60}$' }),
});
const doneQuery = Type.Object({ done: Type.Optional(Type.String({ maxLength: 10 })) });
const startForm = formBody({ year: textField({ max: 10 }) }, { others: 'bounded' });
// An area's answers are fields named after its questions: bounded, and read by the service.
const areaForm = formBody({}, { others: 'bounded' });
const submitForm = formBody(
  { share: textField({ max: 10 }), message: textField({ max: LIMITS.message }) },
  { others: 'bounded' },
);
const shareForm = formBody({ share: textField({ max: 10 }) }, { others: 'bounded' });

function noStore(reply: FastifyReply, html: JSX.Element, status = 200) {
  reply.header('cache-control', 'no-store');
  return sendHtml(reply, html, status);
}

export const editPath = (cityId: number | string, year: number | string) =>
  `/cities/${cityId}/assessment/${year}/edit`;

/** The method page, and a city's members filling in its self-assessment. */
export async function assessmentPages(app: TypedApp) {
  // Every framework file is read and checked now, so a broken one stops the start.
  const versions = frameworkVersions();

  app.get(
    '/self-assessment/method',
    { config: { access: 'public', pageCache: true }, schema: { hide: true } },
    async (request, reply) => sendHtml(reply, MethodPage({ ctx: viewOf(request), versions })),
  );

  const citySelfAssessments = async (
    request: FastifyRequest,
    reply: FastifyReply,
    cityId: number,
    values: Record<string, string | string[]> = {},
    problems: FieldProblem[] = [],
    status = 200,
  ) =>
    noStore(
      reply,
      CityAssessmentsPage({
        ctx: formViewOf(request, reply),
        data: await getCityAssessments(app.db, request.actor, cityId),
        values,
        problems,
      }),
      status,
    );

  app.get(
    '/cities/:id/self-assessment',
    { config: { access: 'signed-in' }, schema: { hide: true, params: cityParams } },
    async (request, reply) => citySelfAssessments(request, reply, Number(request.params.id)),
  );

  app.post(
    '/cities/:id/self-assessment',
    {
      config: { access: 'signed-in' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: cityParams, body: startForm },
    },
    async (request, reply) => {
      const cityId = Number(request.params.id);
      const body = request.body ?? {};
      return handleForm(request, reply, {
        run: () => startAssessment(app.db, request.actor, cityId, body),
        onInvalid: (problems, status) =>
          citySelfAssessments(request, reply, cityId, typedValues(body), problems, status),
        onDone: (year) => editPath(cityId, year),
      });
    },
  );

  app.get(
    '/cities/:id/assessment/:year/edit',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: yearParams, querystring: doneQuery },
    },
    async (request, reply) => {
      const { id, year } = request.params;
      const workspace = await openAssessment(app.db, request.actor, Number(id), Number(year));
      return noStore(
        reply,
        AssessmentOverviewPage({
          ctx: formViewOf(request, reply),
          workspace,
          done: request.query.done,
          problems: [],
        }),
      );
    },
  );

  app.post(
    '/cities/:id/assessment/:year/sharing',
    {
      config: { access: 'signed-in' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: yearParams, body: shareForm },
    },
    async (request, reply) => {
      const cityId = Number(request.params.id);
      const year = Number(request.params.year);
      return handleForm(request, reply, {
        run: () => setSharing(app.db, request.actor, cityId, year, request.body ?? {}),
        onInvalid: async (problems, status) =>
          noStore(
            reply,
            AssessmentOverviewPage({
              ctx: formViewOf(request, reply),
              workspace: await openAssessment(app.db, request.actor, cityId, year),
              problems,
            }),
            status,
          ),
        onDone: () => `${editPath(cityId, year)}?done=sharing`,
      });
    },
  );

  const areaPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { id: string; year: string; area: string },
    options: { values?: Record<string, string | string[]>; problems?: FieldProblem[] } = {},
    status = 200,
  ) => {
    const workspace = await openAssessment(
      app.db,
      request.actor,
      Number(params.id),
      Number(params.year),
    );
    return noStore(
      reply,
      AreaPage({
        ctx: formViewOf(request, reply),
        workspace,
        areaId: params.area,
        values: options.values,
        problems: options.problems ?? [],
        saved: (request.query as { done?: string }).done === 'saved',
      }),
      status,
    );
  };

  app.get(
    '/cities/:id/assessment/:year/edit/areas/:area',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: areaParams, querystring: doneQuery },
    },
    async (request, reply) => areaPage(request, reply, request.params),
  );

  app.post(
    '/cities/:id/assessment/:year/edit/areas/:area',
    {
      config: { access: 'signed-in' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: areaParams, body: areaForm },
    },
    async (request, reply) => {
      const { id, year, area } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      return handleForm(request, reply, {
        run: () => saveArea(app.db, request.actor, Number(id), Number(year), area, body),
        onInvalid: (problems, status) =>
          areaPage(request, reply, request.params, { values: typedValues(body), problems }, status),
        onDone: () => `${editPath(id, year)}/areas/${area}?done=saved`,
      });
    },
  );

  const reviewPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    params: { id: string; year: string },
    values: Record<string, string | string[]> = {},
    problems: FieldProblem[] = [],
    status = 200,
  ) =>
    noStore(
      reply,
      ReviewPage({
        ctx: formViewOf(request, reply),
        workspace: await openAssessment(
          app.db,
          request.actor,
          Number(params.id),
          Number(params.year),
        ),
        values,
        problems,
      }),
      status,
    );

  app.get(
    '/cities/:id/assessment/:year/edit/review',
    { config: { access: 'signed-in' }, schema: { hide: true, params: yearParams } },
    async (request, reply) => reviewPage(request, reply, request.params),
  );

  app.post(
    '/cities/:id/assessment/:year/submit',
    {
      config: { access: 'signed-in' },
      bodyLimit: CONTENT_FORM_LIMIT,
      schema: { hide: true, params: yearParams, body: submitForm },
    },
    async (request, reply) => {
      const { id, year } = request.params;
      const body = request.body ?? {};
      return handleForm(request, reply, {
        run: () => submitAssessment(app.db, request.actor, Number(id), Number(year), body),
        onInvalid: (problems, status) =>
          reviewPage(request, reply, request.params, typedValues(body), problems, status),
        onDone: () => `${editPath(id, year)}?done=sent`,
      });
    },
  );
}
