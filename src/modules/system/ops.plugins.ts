import type { FastifyInstance } from 'fastify';
import overload from '../../core/http/overload.ts';
import metrics from './metrics.plugin.ts';
import { statusPages } from './status.pages.tsx';

/**
 * Operations: load shedding (503 with Retry-After under pressure), `/metrics` for Prometheus and
 * the administrators' `/admin/status` page. Registered after `access` (every route declares its
 * rule) and before the modules' routes, so that both hooks cover every route.
 */
export async function registerOperations(app: FastifyInstance): Promise<void> {
  await app.register(overload);
  await app.register(metrics);
  await app.register(statusPages);
}
