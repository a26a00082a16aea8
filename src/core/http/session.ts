import { createHash } from 'node:crypto';
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { authenticateToken } from '../../modules/accounts/api-token.service.ts';
import {
  authenticateSession,
  SESSION_ABSOLUTE_MS,
} from '../../modules/accounts/session.service.ts';
import { type Actor, ANONYMOUS } from '../authz.ts';
import { UnauthenticatedError } from '../errors.ts';

/**
 * Who is asking: a session cookie (pages, and the API from the site's own script) or an API
 * token (`Authorization: Bearer chk_…`). Sessions live in the database, so every app process
 * shares them.
 */
export const SESSION_COOKIE = 'session';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    /** The session cookie's token, when one was presented and is valid. */
    sessionToken: string | undefined;
    /** A key for the client's address, hashed: counters never hold the address itself. */
    addressKey: string;
  }
  interface FastifyContextConfig {
    /** The route checks the Authorization header itself (the /metrics token): not an API token. */
    ownAuthorization?: boolean;
  }
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.server.config.publicUrl.startsWith('https:'),
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.server.config.publicUrl.startsWith('https:'),
  });
}

async function sessionPlugin(app: FastifyInstance) {
  // Objects may not be shared decorations: each request gets its actor in the hook below.
  app.decorateRequest('actor', null as never);
  app.decorateRequest('sessionToken', undefined);
  app.decorateRequest('addressKey', '');
  app.addHook('onRequest', async (request) => {
    request.actor = ANONYMOUS;
    request.addressKey = createHash('sha256').update(`${request.ip}`).digest('hex').slice(0, 32);
    const authorization = request.headers.authorization;
    if (authorization !== undefined && request.routeOptions.config?.ownAuthorization !== true) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match ? await authenticateToken(app.db, match[1] as string) : null;
      if (!actor)
        throw new UnauthenticatedError(
          'invalid_token',
          'The API token is missing, unknown or revoked.',
        );
      request.actor = actor;
      return;
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const actor = await authenticateSession(app.db, token);
      request.actor = actor;
      if (actor.kind === 'user') request.sessionToken = token;
    }
  });
}

export default fp(sessionPlugin, { name: 'session', dependencies: ['@fastify/cookie'] });
