/**
 * The AppError family. Each error carries an HTTP status and a stable snake_case code for
 * machines; the message is for people. Only these (status < 500) reach a client with details.
 *
 *   throw new NotFoundError('practice_not_found', 'No practice has the slug "x".')
 */
export interface FieldProblem {
  /** The input field, parameter or record path, e.g. "theme" or "records[3].country". */
  field: string;
  /** In English, for the API and logs. */
  message: string;
  /** The UI catalogue key of the same message, for forms in the reader's language. */
  key?: string;
  values?: Record<string, string | number>;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: FieldProblem[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(code: string, message: string) {
    super(404, code, message);
  }
}

export class ValidationError extends AppError {
  constructor(details: FieldProblem[], code = 'invalid_input') {
    super(400, code, details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
}

export class ForbiddenError extends AppError {
  constructor(code = 'forbidden', message = 'You are not allowed to do this.') {
    super(403, code, message);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(code = 'unauthenticated', message = 'Sign in to do this.') {
    super(401, code, message);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string) {
    super(409, code, message);
  }
}

/**
 * One account did something too often for now (sent practices, messages, comments): 429, with
 * the seconds until the count starts again, which the error handler sends as Retry-After.
 */
export class TooManyRequestsError extends AppError {
  constructor(
    readonly retryAfterSeconds: number,
    details: FieldProblem[],
    code = 'rate_limited',
  ) {
    super(429, code, details.map((d) => `${d.field}: ${d.message}`).join('; '), details);
  }
}
