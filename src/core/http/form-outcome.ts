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
