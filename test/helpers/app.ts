import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildApp } from '../../src/app.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import type { TestDatabase } from './databases.ts';

export const TEST_PUBLIC_URL = 'http://clearinghouse.test';

export function testConfig(database: TestDatabase, overrides: Partial<Config> = {}): Config {
  return {
    ...loadConfig({
      PUBLIC_URL: TEST_PUBLIC_URL,
      LOG_LEVEL: 'silent',
      CLEARINGHOUSE_DEMO: '0',
      RATE_LIMIT_PER_MINUTE: '0',
      // Tests run queued jobs themselves (app.jobs.runDue()), so nothing races them.
      JOB_WORKER: '0',
      // A test that blocks the event loop (building an index) must not get 503s from the apps
      // alive meanwhile; the load-shedding test turns it on for its own app.
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      // Files and the outbox of each test app go to a directory of its own, never ./data.
      DATA_DIR: mkdtempSync(path.join(tmpdir(), 'clearinghouse-test-')),
    }),
    database: database.config,
    ...overrides,
  };
}

/** The whole app on a test database, for `app.inject` requests. */
export async function buildTestApp(
  database: TestDatabase,
  overrides: Partial<Config> = {},
  build: Omit<BuildOptions, 'db' | 'logger'> = {},
): Promise<FastifyInstance> {
  const config = testConfig(database, overrides);
  const app = await buildApp(config, {
    ...build,
    db: database.db,
    logger: false,
  });
  // The files and outbox of a test app go with it, unless the test brought its own folder.
  if (overrides.dataDir === undefined)
    app.addHook('onClose', async () => rmSync(config.dataDir, { recursive: true, force: true }));
  await app.ready();
  return app;
}
