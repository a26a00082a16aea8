import type { FastifyReply, FastifyRequest } from 'fastify';
import { ANONYMOUS } from '../actor.ts';
import { translator } from '../i18n/i18n.ts';
import { csrfTokenFor } from './csrf.ts';
import { createViewContext, type ViewContext } from './view-context.ts';

const contexts = new WeakMap<FastifyRequest, ViewContext>();

/** The view context of a request: locale, translator, links, asset URLs. */
declare module 'fastify' {
  interface FastifyRequest {
    /** Set for signed-in GET pages (the header's sign-out form) and by form routes. */
    csrfToken: string | undefined;
  }
}

export function viewOf(request: FastifyRequest): ViewContext {
  let ctx = contexts.get(request);
  if (!ctx) {
    const app = request.server;
    ctx = createViewContext({
      locale: request.locale,
      text: translator(request.locale),
      path: request.url,
      publicUrl: app.config.publicUrl,
      assets: app.assets,
      // An error in a hook that runs before the session's (the page cache's) finds no actor yet.
      actor: request.actor ?? ANONYMOUS,
      csrfToken: request.csrfToken,
    });
    contexts.set(request, ctx);
  }
  return ctx;
}

export async function sendHtml(
  reply: FastifyReply,
  html: string | Promise<string>,
  status = 200,
): Promise<FastifyReply> {
  const body = await html;
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

/** The view context of a page that carries a form: its CSRF token is made first. */
export function formViewOf(request: FastifyRequest, reply: FastifyReply): ViewContext {
  csrfTokenFor(request, reply);
  return viewOf(request);
}
