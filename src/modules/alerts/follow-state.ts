import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfTokenFor } from '../../core/http/csrf.ts';
import { viewOf } from '../../core/http/render.ts';
import type { Db } from '../../db/connect.ts';
import { followKeysOf } from './alert.service.ts';
import type { FollowKind } from './alert.table.ts';
import { canonicalTarget, followKey } from './follow-target.ts';

/**
 * A preHandler hook that tells the follow buttons of the given pages (route patterns) what the
 * signed-in reader follows, through the view context (ViewContext.follows). app.ts lists the
 * pages, so that their modules need no change and this one knows none of their URLs.
 *
 *   app.addHook('preHandler', followStateOf(app.db, ['/practices/:slug', '/themes/:id']));
 */
export function followStateOf(db: Db, pages: readonly string[]) {
  const followable = new Set(pages);
  return async function followState(request: FastifyRequest, reply: FastifyReply) {
    if (
      (request.method !== 'GET' && request.method !== 'HEAD') ||
      request.actor.kind !== 'user' ||
      request.actor.via !== 'session' ||
      !followable.has(request.routeOptions.url ?? '')
    )
      return;
    let keys = new Set<string>();
    if (request.method === 'GET') {
      // The page now shows what this reader follows: never kept by a shared cache.
      reply.header('cache-control', 'private, no-store');
      csrfTokenFor(request, reply);
      // The primary, not a replica: the page after a follow must already show it.
      keys = await followKeysOf(db, request.actor);
    }
    viewOf(request).follows = (kind, target) => {
      const canonical = canonicalTarget(kind as FollowKind, target);
      return { target: canonical, following: keys.has(followKey(kind, canonical)) };
    };
  };
}
