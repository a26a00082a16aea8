import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ForbiddenError } from '../errors.ts';
import { isApiRequest } from './api-request.ts';

/**
 * CSRF protection for every state-changing request made with the browser's cookies: the form's
 * `_csrf` field (or an `x-csrf-token` header from the site's script) must match the secret in
 * the `_csrf` cookie. Requests authenticated by an API token carry no cookies and need none.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * false: a read-only route that takes POSTs from other sites (OAI-PMH harvesters).
     * 'same-origin': a form on cached pages, which cannot carry a per-visitor token; the
     * browser's own Origin and Sec-Fetch-Site headers must then show it came from this site.
     */
    csrf?: false | 'same-origin';
  }
}

/** A token for a form on this page (sets the secret cookie when the visitor has none yet). */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  request.csrfToken ??= reply.generateCsrf();
  return request.csrfToken;
}

/**
 * Browsers send Sec-Fetch-Site with every form POST (Fetch Metadata), and a request from another
 * site cannot hide where it came from. Older browsers send Origin instead ("null" too, under our
 * no-referrer policy, so that is not taken as proof). A client that sends neither header is not a
 * browser, and so carries no visitor's cookies to abuse.
 */
export function sentFromThisSite(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return [new URL(publicUrl).origin, `${request.protocol}://${request.host}`].includes(origin);
}

async function csrfPlugin(app: FastifyInstance) {
  await app.register(csrfProtection, {
    cookieKey: '_csrf',
    cookieOpts: {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: app.config.publicUrl.startsWith('https:'),
    },
  });
  app.decorateRequest('csrfToken', undefined);
  // Before validation: a request without a valid token is refused (403) whatever its body.
  app.addHook('preValidation', (request, reply, done) => {
    if (SAFE_METHODS.has(request.method)) {
      // Signed-in pages carry a sign-out form in their header.
      if (
        request.actor.kind === 'user' &&
        request.actor.via === 'session' &&
        !isApiRequest(request)
      )
        csrfTokenFor(request, reply);
      return done();
    }
    const rule = request.routeOptions.config?.csrf;
    if (rule === false) return done();
    if (rule === 'same-origin') {
      if (sentFromThisSite(request, app.config.publicUrl)) return done();
      return done(
        new ForbiddenError('cross_site_request', 'This form can only be sent from this site.'),
      );
    }
    if (request.actor.kind === 'user' && request.actor.via === 'token') return done();
    app.csrfProtection(request, reply, done);
  });
}

export default fp(csrfPlugin, { name: 'csrf', dependencies: ['session'] });
