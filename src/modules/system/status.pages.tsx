import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { getSystemStatus, startLoopMonitor } from './status.service.ts';
import { StatusPage } from './views/StatusPage.tsx';

/** `/admin/status`: the process, the database, the job queue, disk space and the last backup. */
export async function statusPages(app: TypedApp) {
  const loop = startLoopMonitor();
  app.addHook('onClose', async () => loop.stop());

  app.get(
    '/admin/status',
    { config: { access: 'admin' }, schema: { hide: true } },
    async (request, reply) => {
      const status = await getSystemStatus(app.db, request.actor, {
        dataDir: app.config.dataDir,
        loop,
        readDb: app.readDb,
      });
      reply.header('cache-control', 'no-store');
      return sendHtml(reply, StatusPage({ ctx: viewOf(request), status }));
    },
  );
}
