import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable } from '../../db/unavailable.ts';
import { AppError, type FieldProblem, TooManyRequestsError } from '../errors.ts';
import { isStorageUnavailable } from '../storage.ts';
import { isApiRequest } from './api-request.ts';
import { refuseBody } from './form-outcome.ts';
import { sendHtml } from './render.ts';
import { fieldMaxLength, isFormBody } from './schemas.ts';

/**
 * One error handler for the whole app. Client errors (< 500) are answered with their details;
 * anything else is logged with the request id and answered with a generic message. The API
 * answers application/problem+json (RFC 9457); pages answer an HTML page that helps onwards.
 */
interface Problem {
  status: number;
  code: string;
  title: string;
  detail: string;
  errors: FieldProblem[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

// Long enough for a primary to restart or a replica to be left for the primary.
const RETRY_AFTER_SECONDS = 5;

function validationProblems(error: FastifyError): FieldProblem[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params as Record<string, unknown>;
    const path = v.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const field =
      typeof params.missingProperty === 'string'
        ? [path, params.missingProperty].filter(Boolean).join('.')
        : typeof params.additionalProperty === 'string'
          ? params.additionalProperty
          : path || (error.validationContext ?? 'request');
    let message = v.message ?? 'is invalid';
    if (typeof params.missingProperty === 'string') message = 'is required';
    else if (typeof params.additionalProperty === 'string') message = 'is not a known parameter';
    else if (Array.isArray(params.allowedValues))
      message = `must be one of ${params.allowedValues.join(', ')}`;
    return {
      field: field.replace(/^(querystring|body|params|headers)\.?/, '') || 'request',
      message,
    };
  });
}

/**
 * A form's body its schema refused, as one problem per field in the reader's words, or null when
 * the body as a whole is wrong (then the error page says so, as for any request).
 */
export function formBodyProblems(
  schema: Record<string, unknown>,
  body: unknown,
  error: FastifyError,
): FieldProblem[] | null {
  const typed = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const problems = new Map<string, FieldProblem>();
  for (const v of error.validation ?? []) {
    const params = v.params as Record<string, unknown>;
    const field =
      v.instancePath.split('/').filter(Boolean)[0] ??
      (typeof params.missingProperty === 'string' ? params.missingProperty : undefined);
    if (field === undefined) return null;
    if (problems.has(field)) continue;
    const max = fieldMaxLength(schema, field);
    const value = typed[field];
    const length = typeof value === 'string' ? value.length : 0;
    problems.set(
      field,
      max !== undefined && length > max
        ? {
            field,
            message: `must have at most ${max} characters (it has ${length})`,
            key: 'form.error.tooLongTyped',
            values: { max, count: length },
          }
        : { field, message: 'is not valid', key: 'form.error.invalid' },
    );
  }
  return problems.size > 0 ? [...problems.values()] : null;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    return {
      status: error.status,
      code: error.code,
      title: TITLES[error.status] ?? 'Error',
      detail: error.message,
      errors: error.details,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      status: 503,
      code: 'database_unavailable',
      title: TITLES[503] as string,
      detail: 'The database cannot be reached for a moment; try again in a few seconds.',
      errors: [],
    };
  }
  if (isStorageUnavailable(error)) {
    return {
      status: 503,
      code: 'storage_unavailable',
      title: TITLES[503] as string,
      detail: 'Files cannot be stored or read for the moment; try again later.',
      errors: [],
    };
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const errors = validationProblems(fe);
    return {
      status: 400,
      code: 'invalid_input',
      title: TITLES[400] as string,
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    };
  }
  const status =
    typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 600
      ? fe.statusCode
      : 500;
  if (status < 500) {
    return {
      status,
      code: (fe.code ?? 'bad_request').toLowerCase().replace(/^fst_(err_)?/, ''),
      title: TITLES[status] ?? 'Error',
      detail: fe.message,
      errors: [],
    };
  }
  return {
    status,
    code: status === 503 ? 'unavailable' : 'internal_error',
    title: TITLES[status] ?? 'Error',
    detail:
      status === 503
        ? 'The service is busy; try again shortly.'
        : 'Something went wrong on our side. It has been logged.',
    errors: [],
  };
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
  return reply
    .code(problem.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'about:blank',
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: request.url.split('?')[0],
      code: problem.code,
      request_id: request.id,
      ...(problem.errors.length > 0 ? { errors: problem.errors } : {}),
    });
}

/** What the error page shows; the page itself is a view, given by app.ts (core renders none). */
export interface ErrorPageProps {
  status: number;
  code?: string;
  details?: FieldProblem[];
  requestId?: string;
}

export interface ErrorsOptions {
  errorPage: (request: FastifyRequest, props: ErrorPageProps) => JSX.Element;
}

declare module 'fastify' {
  interface FastifyInstance {
    errorPage: ErrorsOptions['errorPage'];
  }
}

/** Answers a page request with the error page (the API answers with sendProblem). */
export function sendErrorPage(
  request: FastifyRequest,
  reply: FastifyReply,
  props: ErrorPageProps,
): Promise<FastifyReply> {
  return sendHtml(reply, request.server.errorPage(request, props), props.status);
}

/**
 * A page route whose body is a form's (`formBody`) runs even when the body breaks the schema, so
 * that it can show the form again with each problem beside its field and everything as typed;
 * the body it sees is the one sent, before the validator coerced any of it. `handleForm` shows
 * the problems before running anything; a route without it calls `bodyProblemsOf` or
 * `acceptedBody` first (`test/architecture/form-routes.test.ts` checks that each does).
 */
function keepFormsOnSchemaFailure(app: FastifyInstance) {
  const sent = new WeakMap<FastifyRequest, Record<string, unknown>>();
  app.addHook('onRoute', (route) => {
    const schema = route.schema?.body;
    if (!isFormBody(schema) || route.attachValidation) return;
    route.attachValidation = true;
    const keepSent = (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
      if (typeof request.body === 'object' && request.body !== null)
        sent.set(request, { ...(request.body as Record<string, unknown>) });
      done();
    };
    const own = route.preValidation;
    route.preValidation = own === undefined ? [keepSent] : [keepSent, ...[own].flat()];
    const handler = route.handler;
    route.handler = function formHandler(this: FastifyInstance, request, reply) {
      const error = request.validationError as FastifyError | undefined;
      if (!error) return handler.call(this, request, reply);
      const typed = sent.get(request) ?? request.body ?? {};
      const problems =
        error.validationContext === 'body' ? formBodyProblems(schema, typed, error) : null;
      if (!problems) throw error;
      refuseBody(request, problems);
      request.body = typed;
      return handler.call(this, request, reply);
    };
  });
}

async function errorsPlugin(app: FastifyInstance, options: ErrorsOptions) {
  app.decorate('errorPage', options.errorPage);
  keepFormsOnSchemaFailure(app);
  app.setErrorHandler(async (error, request, reply) => {
    const problem = toProblem(error);
    // An outage is not a bug: one line that says so, and the client is told when to come back.
    if (problem.code === 'database_unavailable' || problem.code === 'storage_unavailable')
      request.log.warn(
        { code: (error as { code?: unknown }).code },
        problem.code.replace('_', ' '),
      );
    else if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'client error');
    if (reply.sent) return;
    if (error instanceof TooManyRequestsError)
      reply.header('retry-after', String(error.retryAfterSeconds));
    if (problem.status === 503 && !reply.hasHeader('retry-after'))
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (isApiRequest(request)) return sendProblem(request, reply, problem);
    return sendErrorPage(request, reply, {
      status: problem.status,
      code: problem.code,
      details: problem.errors,
      requestId: problem.status >= 500 ? request.id : undefined,
    });
  });

  app.setNotFoundHandler(async (request, reply) => {
    const problem: Problem = {
      status: 404,
      code: 'not_found',
      title: 'Not Found',
      detail: `Nothing is found at ${request.url.split('?')[0]?.slice(0, 200)}.`,
      errors: [],
    };
    if (isApiRequest(request)) return sendProblem(request, reply, problem);
    return sendErrorPage(request, reply, { status: 404 });
  });
}

export default fp(errorsPlugin, { name: 'errors', dependencies: ['locale'] });
