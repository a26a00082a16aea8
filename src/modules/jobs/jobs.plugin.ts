import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { createJobRunner, type JobRunner, type RecipientLookup } from './job.service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The background job runner: modules register their job kinds on it. */
    jobs: JobRunner;
  }
}

/**
 * The job runner of this process. Every process can enqueue; those with JOB_WORKER on (the
 * default) also run due jobs, from the moment the app is ready until it closes. Registered after
 * `app.mailer` is decorated; its onClose runs before the database is closed (hooks close in
 * reverse order).
 */
async function jobsPlugin(app: FastifyInstance, options: { recipientOf: RecipientLookup }) {
  const runner = createJobRunner({
    db: app.db,
    mailer: app.mailer,
    publicUrl: app.config.publicUrl,
    recipientOf: options.recipientOf,
    log: app.log,
    pollMs: app.config.jobPollMs,
  });
  app.decorate('jobs', runner);
  if (app.config.jobWorker) {
    app.addHook('onReady', async () => runner.start());
    app.addHook('onClose', async () => runner.stop());
  }
}

export default fp(jobsPlugin, {
  name: 'jobs',
  decorators: { fastify: ['config', 'db', 'mailer'] },
});
