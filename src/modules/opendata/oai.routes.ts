import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { answerOaiRequest, type OaiArguments } from './oai.service.ts';

export interface OaiRoutesOptions {
  /** Records per page of a list (tests use a small one); OAI_PAGE_SIZE otherwise. */
  pageSize?: number;
}

/**
 * OAI-PMH 2.0 at /oai, by GET (query string) or POST (form body), as the protocol allows. Every
 * answer, errors included, is an OAI-PMH document with status 200: the protocol's error codes
 * (badArgument, badVerb, …) replace HTTP errors, so unknown parameters are reported there (the
 * strict-query plugin only looks at /api/ routes). Reads only: nothing here changes state.
 *
 * Note: the site-wide CSRF check (core/http/csrf.ts) still refuses a POST without a token with
 * 403, and harvesters send none; POST from harvesters works once that check lets this route
 * through (a route opt-out such as `config: { csrf: false }`, not there yet).
 */
export async function oaiRoutes(app: TypedApp, options: OaiRoutesOptions = {}) {
  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const args = oaiArguments(request.method === 'POST' ? request.body : request.query);
    const xml = await answerOaiRequest(
      {
        db: app.readDb,
        publicUrl: app.config.publicUrl,
        mailFrom: app.config.mailFrom,
        rightsUrl: app.config.licence.url,
        pageSize: options.pageSize,
      },
      args,
    );
    return reply.type('text/xml; charset=utf-8').header('cache-control', 'no-store').send(xml);
  };
  const routeOptions = { config: { access: 'public' as const }, schema: { hide: true } };
  app.get('/oai', routeOptions, handle);
  // Harvesters POST the same read-only requests from other sites, with no CSRF token.
  app.post(
    '/oai',
    { ...routeOptions, config: { ...routeOptions.config, csrf: false as const } },
    handle,
  );
}

/**
 * The arguments as the query string or form body parsed them: text, repeated text. No schema
 * checks them, because the protocol answers a bad argument with its own error document.
 */
function oaiArguments(sent: unknown): OaiArguments {
  const args: OaiArguments = {};
  if (typeof sent !== 'object' || sent === null) return args;
  for (const [key, value] of Object.entries(sent))
    if (typeof value === 'string') args[key] = value;
    else if (Array.isArray(value)) args[key] = value.filter((v) => typeof v === 'string');
  return args;
}
