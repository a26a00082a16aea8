import { createHash } from 'node:crypto';
import '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../../db/connect.ts';
import { type Actor, ANONYMOUS } from '../actor.ts';
import { UnauthenticatedError } from '../errors.ts';

/**
 * Who is asking: a session cookie (pages, and the API from the site's own script) or an API
 * token (`Authorization: Bearer chk_…`). Sessions live in the database, so every app process
 * shares them.
 */
export const SESSION_COOKIE = 'session';

/**
 * Who a session cookie or an API token belongs to. The accounts module answers; app.ts hands its
 * functions to this plugin, so that core needs no module.
 */
export interface ActorResolver {
  /** The account behind a session cookie, or anonymous when unknown, idle or expired. */
  authenticateSession(db: Db, token: string): Promise<Actor>;
  /** The account behind an API token, or null when unknown or revoked. */
  authenticateToken(db: Db, bearer: string): Promise<Actor | null>;
  /** How long a session lives at most: the cookie's max-age. */
  sessionLifetimeMs: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    actorResolver: ActorResolver;
  }
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
    maxAge: request.server.actorResolver.sessionLifetimeMs / 1000,
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

async function sessionPlugin(app: FastifyInstance, resolver: ActorResolver) {
  app.decorate('actorResolver', resolver);
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
      const actor = match ? await resolver.authenticateToken(app.db, match[1] as string) : null;
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
      const actor = await resolver.authenticateSession(app.db, token);
      request.actor = actor;
      if (actor.kind === 'user') request.sessionToken = token;
    }
  });
}

export default fp(sessionPlugin, { name: 'session', dependencies: ['@fastify/cookie'] });
