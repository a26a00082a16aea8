import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Conventions shared by every read of the JSON API (`GET /api/v1/…` and `GET /openapi.json`):
 *
 * - CORS: any origin may read, without credentials. GET and HEAD answers carry
 *   `Access-Control-Allow-Origin: *`; a preflight (`OPTIONS` with `Origin` and
 *   `Access-Control-Request-Method: GET`) answers 204 with the allowed methods and headers.
 *   Writes (`POST /api/v1/submissions`) get no CORS header at all: a page on another site cannot
 *   send them from a visitor's browser, and their preflight is answered without permission.
 * - ETag: a 200 JSON answer gets a strong ETag (SHA-1 of the body, base64url) and
 *   `Cache-Control: public, no-cache` (anonymous) or `private, no-store` (a token or session);
 *   a request whose `If-None-Match` names it gets 304 with no body. Streamed bodies (exports)
 *   are never buffered: they pass without an ETag. A route that knows its answer's version
 *   cheaper than by hashing it sets its own ETag, which is kept (the search: a weak one).
 *
 *   GET /api/v1/taxonomy                         → 200, ETag: "q7…", Cache-Control: public, no-cache
 *   GET /api/v1/taxonomy, If-None-Match: "q7…"   → 304, no body
 *   OPTIONS /api/v1/practices, Origin: https://example.org,
 *     Access-Control-Request-Method: GET          → 204, Access-Control-Allow-Origin: *
 *
 * Registered at the root before `session` and `access`: a preflight carries no credentials, so it
 * is answered in `onRequest`, before anything that could refuse it. (@fastify/cors was not used:
 * its catch-all `OPTIONS *` route has no access rule, which the access plugin refuses, and it
 * would answer preflights for pages and writes too.)
 */

/** Methods that only read: the ones any origin may use. */
const READ_METHODS = new Set(['GET', 'HEAD']);
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export const CORS_ALLOW_METHODS = 'GET, HEAD';
export const CORS_ALLOW_HEADERS = 'accept, if-none-match';
/** Response headers a script on another origin may read, besides the always-readable ones. */
export const CORS_EXPOSE_HEADERS = 'etag, retry-after, x-request-id';
/** Browsers cap it (Chromium at 2 hours); a day costs nothing. */
const PREFLIGHT_MAX_AGE_SECONDS = 86_400;

/** The routes of this plugin: they exist so that the router accepts OPTIONS on read paths. */
const OPTIONS_ROUTES = ['/api/v1/*', '/openapi.json'];

function pathOf(request: FastifyRequest): string {
  return request.url.split('?')[0] ?? '';
}

/** The paths whose reads are open to every origin and carry ETags. */
export function isReadApiPath(path: string): boolean {
  return path.startsWith('/api/v1/') || path === '/openapi.json';
}

function isJson(reply: FastifyReply): boolean {
  return /^application\/([\w.-]+\+)?json\b/i.test(String(reply.getHeader('content-type') ?? ''));
}

/** Weak comparison (RFC 9110 §13.1.2): `W/"x"` matches `"x"`; `*` matches any. */
export function ifNoneMatchMatches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === opaque;
  });
}

export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha1').update(body).digest('base64url')}"`;
}

async function apiConventions(app: FastifyInstance) {
  /** The methods routed at a concrete path, e.g. ['GET', 'HEAD'] for /api/v1/practices/x. */
  const methodsAt = (path: string) =>
    ALL_METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);

  const answerOptions = (request: FastifyRequest, reply: FastifyReply, methods: string[]) => {
    reply.header('allow', [...methods, 'OPTIONS'].join(', '));
    const requested = String(request.headers['access-control-request-method'] ?? '').toUpperCase();
    const readable = methods.includes('GET');
    if (request.headers.origin !== undefined && readable && READ_METHODS.has(requested)) {
      reply
        .header('access-control-allow-origin', '*')
        .header('access-control-allow-methods', CORS_ALLOW_METHODS)
        .header('access-control-allow-headers', CORS_ALLOW_HEADERS)
        .header('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    }
    // Without the headers above a browser refuses the cross-origin request it asked about.
    return reply.code(204).header('content-length', '0').send();
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS' || !OPTIONS_ROUTES.includes(request.routeOptions.url ?? ''))
      return;
    const methods = methodsAt(pathOf(request));
    // Nothing there: the route handler answers 404 like any unknown path.
    if (methods.length === 0) return;
    return answerOptions(request, reply, methods);
  });
  for (const url of OPTIONS_ROUTES) {
    app.options(
      url,
      { config: { access: 'public' }, schema: { hide: true } },
      async (_request, reply) => reply.callNotFound(),
    );
  }

  app.addHook('onSend', async (request, reply, payload) => {
    if (!READ_METHODS.has(request.method) || !isReadApiPath(pathOf(request))) return payload;
    // Errors too: a script on another site must be able to read the problem document.
    reply
      .header('access-control-allow-origin', '*')
      .header('access-control-expose-headers', CORS_EXPOSE_HEADERS);
    if (reply.statusCode !== 200 || !isJson(reply)) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const etag = String(reply.getHeader('etag') ?? etagOf(payload));
    reply.header('etag', etag);
    if (!reply.hasHeader('cache-control')) {
      reply.header(
        'cache-control',
        request.actor?.kind === 'user' ? 'private, no-store' : 'public, no-cache',
      );
    }
    if (ifNoneMatchMatches(request.headers['if-none-match'], etag)) {
      reply.code(304);
      return '';
    }
    return payload;
  });
}

export default fp(apiConventions, { name: 'api-conventions' });
