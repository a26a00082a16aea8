import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { createDb } from './db/connect.ts';
import { prepareDatabase } from './modules/system/index.ts';

/** The process entry for `clearinghouse serve`: prepare the database, listen, stop gracefully. */
export async function serve(config: Config): Promise<void> {
  const db = createDb(config.database, {
    statementTimeoutMs: config.dbStatementTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
  });
  const prepared = await prepareDatabase(db, { demo: config.demoContent });
  const app = await buildApp(config, { db, closeDb: true });
  if (prepared.migrations.length > 0)
    app.log.info({ migrations: prepared.migrations }, 'database migrated');
  if (prepared.demo) app.log.info({ practices: prepared.demo.created }, 'demo content loaded');

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'stopping after an unexpected error');
    else app.log.info({ signal }, 'stopping');
    await app.close();
  });

  await app.listen({ port: config.port, host: config.host });
}
