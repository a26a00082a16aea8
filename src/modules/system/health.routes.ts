import { sql } from 'kysely';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { checkReplica } from '../../db/connect.ts';
import { securityTxt } from './security-txt.ts';

/**
 * Liveness (the process answers), readiness (the database answers), and where to report a
 * vulnerability.
 */
export async function healthRoutes(app: TypedApp) {
  app.get(
    '/.well-known/security.txt',
    { config: { access: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply
        .type('text/plain; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(securityTxt(app.config, new Date())),
  );
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
      // Reads fall back to the primary when the replica is down, so the process stays ready;
      // the replica's state is reported for the operator and for a check that wants it.
      const replica = await checkReplica(app.readDb);
      const replicaReport = replica
        ? {
            replica: replica.up ? 'ok' : 'unreachable',
            ...(replica.lagSeconds !== undefined
              ? { replication_lag_seconds: replica.lagSeconds }
              : {}),
          }
        : {};
      try {
        await sql`select 1`.execute(app.db);
        return { status: 'ok', database: 'ok', ...replicaReport };
      } catch (error) {
        request.log.warn({ code: (error as { code?: unknown }).code }, 'database not reachable');
        return reply
          .code(503)
          .header('retry-after', '5')
          .send({ status: 'unavailable', database: 'unreachable', ...replicaReport });
      }
    },
  );
}
