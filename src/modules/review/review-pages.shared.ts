import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { localePath } from '../../core/http/locale.ts';
import { sendHtml } from '../../core/http/render.ts';

/** What the review pages share: their forms' limit, and how they answer. */

export const FORM_LIMIT = 256 * 1024;
export const idParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
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
