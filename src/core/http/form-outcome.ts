import type { FastifyReply } from 'fastify';
import { type FieldProblem, TooManyRequestsError, ValidationError } from '../errors.ts';

export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; problems: FieldProblem[]; status: number; retryAfterSeconds?: number };

/**
 * Runs a form's action; refused input, or a limit reached, becomes the problems to show beside
 * the form again, with the status to answer (`refusedStatus`).
 */
export async function attempt<T>(action: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof ValidationError)
      return { ok: false, problems: error.details, status: error.status };
    if (error instanceof TooManyRequestsError)
      return {
        ok: false,
        problems: error.details,
        status: error.status,
        retryAfterSeconds: error.retryAfterSeconds,
      };
    throw error;
  }
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
