import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { routeRateLimit } from '../../core/http/rate-limit-store.ts';
import { sendHtml } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getPlaceIndex } from '../places/index.ts';
import type { AccountContext } from './credential.service.ts';

/** What the sign-in pages and the account page share: form schemas and how they answer. */

/** Form fields: any text, bounded; the service checks what they mean. */
export const text = (max = 1000) => Type.Optional(Type.String({ maxLength: max }));
export const formBody = <Field extends string>(fields: Record<Field, number>) =>
  Type.Object({
    _csrf: text(200),
    ...(Object.fromEntries(
      Object.entries<number>(fields).map(([name, max]) => [name, text(max)]),
    ) as Record<Field, ReturnType<typeof text>>),
  });

export const FORM_LIMIT = 64 * 1024;

/** Keeps what was typed, never a password or a token. */
export function keep(body: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(body).filter(
      ([k, v]) => typeof v === 'string' && !/password|_csrf|token/.test(k),
    ) as [string, string][],
  );
}

export function accountFormHelpers(app: TypedApp) {
  const ctxOf = (): AccountContext => ({
    db: app.db,
    mailer: app.mailer,
    publicUrl: app.config.publicUrl,
    loginDelayMs: app.config.loginDelayMs,
  });
  const authLimit = {
    rateLimit: routeRateLimit(app.config, app.config.authRateLimitPerMinute),
  };
  const countriesFor = async (request: FastifyRequest) =>
    (await getPlaceIndex(app.db, request.locale)).countries.map((c) => ({
      code: c.code,
      name: c.name,
    }));
  // Account pages hold personal data: never cached.
  const page = (reply: FastifyReply, html: JSX.Element, status = 200) => {
    reply.header('cache-control', 'no-store');
    return sendHtml(reply, html, status);
  };
  return { ctxOf, authLimit, countriesFor, page };
}
