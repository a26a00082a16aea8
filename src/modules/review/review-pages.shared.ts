import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TProperties, Type } from 'typebox';
import { localePath } from '../../core/http/locale.ts';
import { sendHtml } from '../../core/http/render.ts';

/** What the review pages share: their forms' limits and schemas, and how they answer. */

export const FORM_LIMIT = 256 * 1024;
export const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
// Bounds on what a form may send at all; what a field must hold is the service's rule, so a
// person's bad input comes back beside the field rather than as a bare 400.
const formText = Type.String({ maxLength: 25_000 });
const formValue = Type.Union([
  formText,
  Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 }),
]);

/** A text field of a form. */
export const textField = Type.Optional(formText);
/** A field a form may send once, several times or not at all (checkboxes, multiple selects). */
export const listField = Type.Optional(formValue);

/**
 * A form body: the fields the form sends, typed, plus whatever else it sends (the CSRF token,
 * numbered rows), bounded like the rest.
 */
export function formBody<P extends TProperties>(fields: P) {
  return Type.Object(fields, { additionalProperties: formValue });
}

/** What was typed, to show again beside the problems; never the CSRF token. */
export function flat(values: Record<string, string | string[]>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? '') : v]),
  );
}

/** A page about someone's own work or the editors' desk: no cache may keep it. */
export function sendPrivate(reply: FastifyReply, html: JSX.Element, status = 200) {
  reply.header('cache-control', 'no-store');
  return sendHtml(reply, html, status);
}

/** After a form is accepted, the next page in the reader's locale ("see other"). */
export function seeOther(request: FastifyRequest, reply: FastifyReply, path: string) {
  return reply.redirect(localePath(request.locale, path), 303);
}

/** The id of the submission or assignment a route's address names (checked by idParams). */
export function idOf(request: { params: { id: string } }): number {
  return Number(request.params.id);
}
