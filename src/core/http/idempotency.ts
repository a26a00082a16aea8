import { createHash } from 'node:crypto';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  preHandlerHookHandler,
  preValidationHookHandler,
} from 'fastify';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { AppError, ValidationError } from '../errors.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyScope,
  releaseIdempotencyKey,
} from '../idempotency.ts';
import { problemResponse } from './schemas.ts';

/**
 * `Idempotency-Key` on every write of the API (the IETF draft "The Idempotency-Key HTTP Header
 * Field"): a client that lost its connection sends the same request with the same key again and
 * gets the first answer, with `Idempotent-Replayed: true`, instead of a second record.
 *
 *   POST /api/v1/submissions, Idempotency-Key: 4f1c…   → 201 {"id":12,…}
 *   the same again                                      → 201 {"id":12,…}, Idempotent-Replayed: true
 *   the same key, another body                          → 422 problem, code idempotency_key_reused
 *   the same again while the first still runs           → 409 problem with Retry-After
 *
 * Keys belong to the account (the API's writes all need one) and the route, and last a day. Only
 * successes are kept: a refusal (4xx) or a failure (5xx) changed nothing, so the key is given up
 * and the client may correct the request and send it with the same key. The key is a client's
 * secret of sorts: it is stored as a hash and never logged.
 */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** The headers of an answer that a replay repeats; the others are the replay's own. */
const REPLAYED_HEADERS = ['content-type', 'location'] as const;
/** The draft's sf-string: visible ASCII. 255 bounds what a client can make us hash and compare. */
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** A first request normally finishes within this; the client tries again after it. */
const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The key this request holds while it runs, when it came with one. */
    idempotency: { scope: IdempotencyScope; requestHash: string; claim?: string } | null;
  }
}

export function isApiWrite(method: string, url: string): boolean {
  return WRITE_METHODS.has(method) && url.startsWith('/api/v1/');
}

/** JSON with its object keys sorted, so that the same request hashes the same however it is spelt. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

const headerSchema = Type.String({
  minLength: 1,
  maxLength: 255,
  description:
    'Makes a retry safe: the same key with the same request within 24 hours answers the first result (with `Idempotent-Replayed: true`) instead of doing the work again. 1 to 255 visible ASCII characters, e.g. a UUID; one per request.',
});

const responses = {
  409: problemResponse(
    'A request with the same Idempotency-Key is still being processed: try again after the seconds in Retry-After.',
  ),
  422: problemResponse('This Idempotency-Key was already used for a different request.'),
};

// Before validation, so that the body is hashed as it was sent (validation fills in defaults
// and drops unknown properties), and a bad key is refused before a bad body is reported.
const readKey: preValidationHookHandler = async (request) => {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return;
  const key = Array.isArray(raw) ? raw.join(', ') : raw;
  if (!VALID_KEY.test(key))
    throw new ValidationError([
      {
        field: IDEMPOTENCY_HEADER,
        message: 'must be 1 to 255 visible ASCII characters',
      },
    ]);
  // api-write refuses anonymous requests before this runs; without an account there is no scope.
  if (request.actor.kind !== 'user') return;
  request.idempotency = {
    scope: {
      userId: request.actor.id,
      route: `${request.method} ${request.routeOptions.url}`,
      keyHash: sha256(key),
    },
    requestHash: sha256(`${request.url}\n${canonicalJson(request.body ?? null)}`),
  };
};

// Last before the handler, after access, CSRF and validation: only a request that would run
// claims the key.
const claimKey =
  (app: FastifyInstance): preHandlerHookHandler =>
  async (request, reply) => {
    const state = request.idempotency;
    if (state === null) return;
    const claim = await claimIdempotencyKey(app.db, state.scope, state.requestHash, request.id);
    switch (claim.outcome) {
      case 'claimed':
        state.claim = request.id;
        return;
      case 'replay': {
        const { status, headers, body } = claim.answer;
        for (const [name, value] of Object.entries(headers)) reply.header(name, value);
        return reply.code(status).header(REPLAYED_HEADER.toLowerCase(), 'true').send(body);
      }
      case 'mismatch':
        throw new AppError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was already used for a different request; use a new key for this one.',
        );
      case 'in-progress':
        reply.header('retry-after', String(IN_PROGRESS_RETRY_AFTER_SECONDS));
        throw new AppError(
          409,
          'idempotency_key_in_use',
          'A request with this Idempotency-Key is still being processed; try again in a moment.',
        );
    }
  };

async function settle(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
): Promise<void> {
  const state = request.idempotency;
  if (state?.claim === undefined) return;
  const claim = state.claim;
  state.claim = undefined;
  const status = reply.statusCode;
  const body =
    typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString() : null;
  try {
    if (status >= 200 && status < 300 && body !== null) {
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await completeIdempotencyKey(app.db, state.scope, claim, { status, headers, body });
    } else {
      await releaseIdempotencyKey(app.db, state.scope, claim);
    }
  } catch (error) {
    // The answer still goes out; a claim left behind is taken over once it is stale.
    request.log.warn(
      { code: (error as { code?: unknown }).code, status },
      'idempotency key not settled',
    );
  }
}

async function idempotencyPlugin(app: FastifyInstance) {
  app.decorateRequest('idempotency', null);
  app.addHook('onRoute', (route) => {
    const methods = [route.method].flat();
    if (!methods.some((method) => isApiWrite(method, route.url))) return;
    const schema = route.schema ?? {};
    route.schema = {
      ...schema,
      headers: Type.Object({
        ...((schema.headers as { properties?: object } | undefined)?.properties ?? {}),
        [IDEMPOTENCY_HEADER.toLowerCase()]: Type.Optional(headerSchema),
      }),
      ...(schema.response ? { response: { ...responses, ...(schema.response as object) } } : {}),
    };
    route.preValidation = [...[route.preValidation ?? []].flat(), readKey];
    route.preHandler = [...[route.preHandler ?? []].flat(), claimKey(app)];
  });
  // At the root and registered before compression: the answer is stored as the handler gave it.
  app.addHook('onSend', async (request, reply, payload) => {
    await settle(app, request, reply, payload);
    return payload;
  });
  // Nothing sent through onSend (a hook that failed after the claim): the key is given up.
  app.addHook('onResponse', async (request, reply) => settle(app, request, reply, null));
}

export default fp(idempotencyPlugin, { name: 'idempotency', decorators: { fastify: ['db'] } });
