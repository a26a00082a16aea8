import { type TProperties, Type } from 'typebox';
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

// ── Form bodies ──
// A form's schema only bounds what it may send: what a field must hold is the service's rule, so
// a person's bad input comes back beside the field rather than as a bare 400.

/** A page's `:slug` parameter, as every module writes its slugs (at most 200 characters). */
export const SlugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });

/** How large a content form's body may be: long texts, lists of sources and contacts. */
export const CONTENT_FORM_LIMIT = 256 * 1024;

/** A text field of a form, at most `max` characters. */
export function textField({ max = 25_000 }: { max?: number } = {}) {
  return Type.Optional(Type.String({ maxLength: max }));
}

function listValue(max: number) {
  return Type.Union([
    Type.String({ maxLength: max }),
    Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
  ]);
}

/**
 * A field a form may send once, several times or not at all (checkboxes, multiple selects):
 * once, at most `max` characters; repeated, at most 200 values of 200 characters.
 */
export function listField({ max = 25_000 }: { max?: number } = {}) {
  return Type.Optional(listValue(max));
}

export interface FormBodyOptions {
  /**
   * What the form may send besides its fields (the CSRF token, numbered rows): anything
   * (`'any'`, the service reads only its fields) or values bounded like a list field
   * (`'bounded'`).
   */
  others?: 'any' | 'bounded';
  /** The CSRF token as a field of its own, bounded, for forms whose other fields are few. */
  csrf?: boolean;
}

// The bodies built by formBody: a page route with one of them shows a body that breaks it as
// problems beside the form's fields (core/http/errors.ts), not as an error page.
const formSchemas = new WeakSet<object>();

/** Whether a route's body schema is a form's (made by `formBody`). */
export function isFormBody(schema: unknown): schema is Record<string, unknown> {
  return typeof schema === 'object' && schema !== null && formSchemas.has(schema);
}

/** The schema of a form's body: `formBody({ title: textField({ max: 300 }), themes: listField() })`. */
export function formBody<P extends TProperties>(fields: P, options: FormBodyOptions = {}) {
  const properties = (options.csrf ? { _csrf: textField({ max: 200 }), ...fields } : fields) as P;
  const schema = Type.Object(properties, {
    additionalProperties: options.others === 'bounded' ? listValue(25_000) : true,
  });
  formSchemas.add(schema);
  return schema;
}

/** The most characters a form's field may hold, as its schema says (a list's single value). */
export function fieldMaxLength(schema: Record<string, unknown>, field: string): number | undefined {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const own = properties[field] ?? schema.additionalProperties;
  if (typeof own !== 'object' || own === null) return undefined;
  const branches = [own, ...(((own as { anyOf?: unknown[] }).anyOf ?? []) as unknown[])];
  for (const branch of branches) {
    const max = (branch as { maxLength?: unknown }).maxLength;
    if (typeof max === 'number') return max;
  }
  return undefined;
}
