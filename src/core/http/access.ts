import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ACCESS_RULES, type AccessRule, decideAccess } from '../authz.ts';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import { isApiRequest } from './api-request.ts';
import { localePath } from './locale.ts';

/**
 * Every route declares who may call it (`config: { access: 'public' | 'signed-in' | … }`). The
 * rule is checked before validation, CSRF and the handler; a route without a rule is refused to
 * everyone (and the route test lists it). Static files are public.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
  }
  interface FastifyInstance {
    /** Every route with its declared rule, for the route × role test. */
    routeRules: { method: string; url: string; access: AccessRule | undefined }[];
  }
}

export const DENIED_HEADER = 'x-denied-by';

async function accessPlugin(app: FastifyInstance) {
  app.decorate('routeRules', []);
  app.addHook('onRoute', (route) => {
    const access =
      route.config?.access ?? (route.url.startsWith('/static/') ? 'public' : undefined);
    if (access !== undefined && !(ACCESS_RULES as readonly string[]).includes(access))
      throw new Error(`${route.url}: unknown access rule ${access}`);
    if (route.url.startsWith('/static/') && route.config?.access === undefined)
      route.config = { ...route.config, access: 'public' };
    for (const method of Array.isArray(route.method) ? route.method : [route.method])
      app.routeRules.push({ method, url: route.url, access });
  });
  app.addHook('onRequest', async (request, reply) => {
    const rule = request.routeOptions.config?.access;
    if (request.is404) return;
    if (rule === undefined) {
      request.log.error({ route: request.routeOptions.url }, 'route has no access rule');
      reply.header(DENIED_HEADER, 'access');
      throw new ForbiddenError('no_access_rule', 'This route has no access rule.');
    }
    const decision = decideAccess(rule, request.actor);
    if (decision === 'allow') return;
    reply.header(DENIED_HEADER, 'access');
    if (decision === 'sign-in') {
      if (!isApiRequest(request) && request.method === 'GET') {
        const next = encodeURIComponent(request.url);
        return reply.redirect(`${localePath(request.locale, '/account/login')}?next=${next}`, 303);
      }
      throw new UnauthenticatedError();
    }
    throw new ForbiddenError();
  });
}

export default fp(accessPlugin, { name: 'access', dependencies: ['session', 'locale'] });
