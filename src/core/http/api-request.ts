import type { FastifyRequest } from 'fastify';

/** Whether a request is answered as the API (problem+json) rather than as a page. */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? '';
  return (
    path.startsWith('/api/') ||
    path === '/openapi.json' ||
    path === '/healthz' ||
    path === '/readyz'
  );
}
