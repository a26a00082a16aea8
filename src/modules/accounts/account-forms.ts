import type { FastifyReply, FastifyRequest } from 'fastify';
import { routeRateLimit } from '../../core/http/rate-limit-store.ts';
import { sendHtml } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getPlaceIndex } from '../places/index.ts';
import type { AccountContext } from './credential.service.ts';

/** What the sign-in pages and the account page share: the forms' limit and how they answer. */

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
