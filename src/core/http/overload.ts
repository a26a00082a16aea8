import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isApiRequest } from './api-request.ts';
import { sendErrorPage, sendProblem } from './errors.ts';

/**
 * Load shedding: while the event loop lags more than OVERLOAD_MAX_EVENT_LOOP_DELAY_MS or the heap
 * holds more than OVERLOAD_MAX_HEAP_MB (either 0 = not checked), new requests are answered at
 * once with 503 and `Retry-After: 10` instead of queueing behind the work already running: the
 * API with problem+json, pages with the "busy" page. Health checks and metrics still answer, so
 * that a load balancer and monitoring see a live, busy process rather than a dead one.
 *
 *   GET /practices   →  503, Retry-After: 10, the busy page
 *   GET /healthz     →  200 {"status":"ok"}
 */
export const RETRY_AFTER_SECONDS = 10;

/** Route patterns answered under pressure too. */
const EXEMPT = new Set(['/healthz', '/readyz', '/metrics']);

export interface OverloadOptions {
  /** How often memory and event-loop delay are sampled, in milliseconds (1000 by default). */
  sampleIntervalMs?: number;
}

async function answerBusy(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('retry-after', String(RETRY_AFTER_SECONDS)).header('cache-control', 'no-store');
  if (isApiRequest(request)) {
    await sendProblem(request, reply, {
      status: 503,
      code: 'unavailable',
      title: 'Service Unavailable',
      detail: 'The service is busy; try again shortly.',
      errors: [],
    });
    return;
  }
  await sendErrorPage(request, reply, { status: 503 });
}

async function overload(app: FastifyInstance, options: OverloadOptions) {
  let warnedAt = 0;
  await app.register(underPressure, {
    // under-pressure reads 0 as "not checked".
    maxEventLoopDelay: app.config.overloadMaxEventLoopDelayMs,
    maxHeapUsedBytes: app.config.overloadMaxHeapBytes,
    retryAfter: RETRY_AFTER_SECONDS,
    ...(options.sampleIntervalMs ? { sampleInterval: options.sampleIntervalMs } : {}),
    pressureHandler(request, reply, type, value) {
      // Nothing returned: the request goes on as usual.
      if (EXEMPT.has(request.routeOptions.url ?? '')) return;
      // Just started, nothing measured yet: under-pressure reads the empty sample as an infinite
      // delay, which would refuse the first requests of every new process.
      if (type === 'eventLoopDelay' && !Number.isFinite(Number(value))) return;
      // One line per episode, not one per refused request: logging must not add to the load.
      if (Date.now() - warnedAt > RETRY_AFTER_SECONDS * 1000) {
        warnedAt = Date.now();
        request.log.warn({ type, value }, 'under pressure: answering new requests with 503');
      }
      // A promise: under-pressure waits for it, and the request stops since the reply is sent.
      return answerBusy(request, reply);
    },
  });
}

export default fp(overload, {
  name: 'overload',
  dependencies: ['locale', 'errors', 'session'],
  decorators: { fastify: ['config'] },
});
