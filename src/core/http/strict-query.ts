import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError } from '../errors.ts';

/**
 * API routes refuse query parameters their schema does not declare (a misspelt filter would
 * otherwise be ignored silently and return everything). Pages stay lenient: links from other
 * sites carry tracking parameters.
 */
async function strictQuery(app: FastifyInstance) {
  const allowedByRoute = new Map<string, Set<string>>();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const schema = route.schema?.querystring as
      | { properties?: Record<string, unknown> }
      | undefined;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      allowedByRoute.set(`${method} ${route.url}`, new Set(Object.keys(schema?.properties ?? {})));
    }
  });
  app.addHook('preValidation', async (request) => {
    const allowed = allowedByRoute.get(`${request.method} ${request.routeOptions.url}`);
    if (!allowed) return;
    const unknown = Object.keys((request.query as Record<string, unknown>) ?? {}).filter(
      (k) => !allowed.has(k),
    );
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map((k) => ({
          field: k.slice(0, 60),
          message:
            allowed.size > 0
              ? `is not a known parameter (known: ${[...allowed].join(', ')})`
              : 'is not a known parameter',
        })),
        'unknown_parameter',
      );
    }
  });
}

export default fp(strictQuery, { name: 'strict-query' });
