import type { FastifyRequest } from 'fastify';

// Path parameters that grant something to whoever holds them (an unsubscribe link, a report
// link): logs are read by more people, and kept longer, than the links were meant for.
const SECRET_PARAMETER = /token|secret/i;

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The path of a request as it may be written to the logs: no query string (it holds what people
 * typed, and reset links), and each secret path parameter replaced by its name.
 */
export function loggedPath(request: Pick<FastifyRequest, 'url' | 'params'>): string {
  const path = (request.url ?? '').split('?')[0] ?? '';
  const params = (request.params ?? {}) as Record<string, unknown>;
  const secrets = Object.entries(params).filter(
    (entry): entry is [string, string] =>
      SECRET_PARAMETER.test(entry[0]) && typeof entry[1] === 'string' && entry[1] !== '',
  );
  if (secrets.length === 0) return path;
  return path
    .split('/')
    .map((segment) => {
      const secret = secrets.find(([, value]) => value === decoded(segment));
      return secret ? `:${secret[0]}` : segment;
    })
    .join('/');
}
