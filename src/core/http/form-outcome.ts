import { type FieldProblem, ValidationError } from '../errors.ts';

export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

/** Runs a form's action; refused input becomes the problems to show beside the form again. */
export async function attempt<T>(action: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, problems: error.details };
    throw error;
  }
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
