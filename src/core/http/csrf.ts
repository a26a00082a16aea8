import csrfProtection from '@fastify/csrf-protection';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isApiRequest } from './errors.ts';

/**
 * CSRF protection for every state-changing request made with the browser's cookies: the form's
 * `_csrf` field (or an `x-csrf-token` header from the site's script) must match the secret in
 * the `_csrf` cookie. Requests authenticated by an API token carry no cookies and need none.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: a read-only route that takes POSTs from other sites (OAI-PMH harvesters). */
    csrf?: false;
  }
}

/** A token for a form on this page (sets the secret cookie when the visitor has none yet). */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  request.csrfToken ??= reply.generateCsrf();
  return request.csrfToken;
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
    if (request.routeOptions.config?.csrf === false) return done();
    if (request.actor.kind === 'user' && request.actor.via === 'token') return done();
    app.csrfProtection(request, reply, done);
  });
}

export default fp(csrfPlugin, { name: 'csrf', dependencies: ['session'] });
