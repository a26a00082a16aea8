import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem, TooManyRequestsError, ValidationError } from '../errors.ts';
import { localePath } from './locale.ts';

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; problems: FieldProblem[]; status: number; retryAfterSeconds?: number };

/**
 * Runs a form's action; refused input, or a limit reached, becomes the problems to show beside
 * the form again, with the status to answer (`refusedStatus`). `refuses` names other refusals a
 * form shows beside its fields (a name taken, a ban), each with the problems it carries.
 */
export async function attempt<T>(
  action: () => Promise<T>,
  refuses?: (error: AppError) => boolean,
): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof TooManyRequestsError)
      return {
        ok: false,
        problems: error.details,
        status: error.status,
        retryAfterSeconds: error.retryAfterSeconds,
      };
    if (
      error instanceof ValidationError ||
      (error instanceof AppError && error.details.length > 0 && refuses?.(error))
    )
      return { ok: false, problems: error.details, status: error.status };
    throw error;
  }
}

// A form's body that broke its schema (a field too long): the problems to show beside the form.
const refusedBodies = new WeakMap<FastifyRequest, FieldProblem[]>();

/** Records the problems of a body its form's schema refused (core/http/errors.ts does). */
export function refuseBody(request: FastifyRequest, problems: FieldProblem[]): void {
  refusedBodies.set(request, problems);
}

/**
 * What is wrong with the form's body by its schema (none when it passed): a route that acts on
 * its body without `handleForm` calls this first and, given problems, shows the form again with
 * them.
 */
export function bodyProblemsOf(request: FastifyRequest): FieldProblem[] {
  return refusedBodies.get(request) ?? [];
}

/**
 * For a form route that shows no form again (a button, a sign-in): a body its schema refused
 * is refused with an error page that lists the problems, before anything is done.
 */
export function acceptedBody(request: FastifyRequest): void {
  const problems = bodyProblemsOf(request);
  if (problems.length > 0) throw new ValidationError(problems);
}

type Answer = FastifyReply | Promise<unknown>;

export interface FormAction<T> {
  /** The service call the form asks for. */
  run: () => Promise<T>;
  /** The form again, with the problems and what was typed, answered with `status`. */
  onInvalid: (problems: FieldProblem[], status: number) => Answer;
  /** Once accepted: a path to see next (303, in the reader's locale), or a page of its own. */
  onDone: (value: T) => string | Answer;
  /** Refusals besides bad input and a limit reached that the form shows (see `attempt`). */
  refuses?: (error: AppError) => boolean;
}

/**
 * A form's POST from start to end: the action runs; refused input shows the form again (400,
 * or 429 with Retry-After for a limit reached); accepted input goes where `onDone` says, so a
 * reload does not send the form twice.
 */
export async function handleForm<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  action: FormAction<T>,
): Promise<unknown> {
  const refused = bodyProblemsOf(request);
  if (refused.length > 0) return action.onInvalid(refused, 400);
  const outcome = await attempt(action.run, action.refuses);
  if (!outcome.ok) return action.onInvalid(outcome.problems, refusedStatus(reply, outcome));
  const next = action.onDone(outcome.value);
  return typeof next === 'string' ? reply.redirect(localePath(request.locale, next), 303) : next;
}

/** The status of a refused form's page; a limit reached also tells when to try again. */
export function refusedStatus(
  reply: FastifyReply,
  outcome: { status: number; retryAfterSeconds?: number },
): number {
  if (outcome.retryAfterSeconds !== undefined)
    reply.header('retry-after', String(outcome.retryAfterSeconds));
  return outcome.status;
}

/** What a form sent, as typed, to show again beside its problems (the CSRF token left out). */
export function typedValues(body: unknown): Record<string, string | string[]> {
  const result: Record<string, string | string[]> = {};
  if (typeof body !== 'object' || body === null) return result;
  for (const [key, value] of Object.entries(body))
    if (key !== '_csrf' && (typeof value === 'string' || Array.isArray(value)))
      result[key] = Array.isArray(value) ? value.filter((x) => typeof x === 'string') : value;
  return result;
}
