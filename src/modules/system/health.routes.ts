import { sql } from 'kysely';
import type { TypedApp } from '../../core/http/typed-app.ts';

/** Liveness (the process answers) and readiness (the database answers). */
export async function healthRoutes(app: TypedApp) {
  app.get(
    '/healthz',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { status: 'ok' };
    },
  );
  app.get(
    '/readyz',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok', database: 'ok' };
      } catch (error) {
        request.log.warn({ err: error }, 'database not reachable');
        return reply.code(503).send({ status: 'unavailable', database: 'unreachable' });
      }
    },
  );
}
