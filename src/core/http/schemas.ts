import { Type } from 'typebox';
import { LOCALES } from '../i18n/locales.ts';

/** Schemas that every module's API shares (errors, the language parameter). */

/** A string from a fixed list, as a plain JSON Schema enum (one clear error message). */
export function stringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number]; description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

export const LocaleQuery = Type.Object({
  lang: Type.Optional(stringEnum(LOCALES, { description: 'Language of the labels.' })),
});

export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  instance: Type.String(),
  code: Type.String(),
  request_id: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
});

/** An error answer as it is sent: RFC 9457 problem details, as `application/problem+json`. */
export function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: ProblemSchema } } };
}

/**
 * What every read endpoint may answer besides its result (the ETag and the 304 come from
 * core/http/api-conventions.ts): `response: { 200: Result, ...readResponses }`.
 */
export const readResponses = {
  304: Type.Null({
    description: 'Not Modified: If-None-Match names the ETag of the current answer. No body.',
  }),
  400: problemResponse(
    'A parameter is invalid or unknown: `errors` names each one (`field`) and what is wrong.',
  ),
  429: problemResponse('Too many requests: try again after the seconds in Retry-After.'),
  503: problemResponse('The service is busy: try again after the seconds in Retry-After.'),
};
