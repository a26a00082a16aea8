import type { TestProject } from 'vitest/node';
import { findPostgresBin, type PgCluster, startPgCluster } from './pg-cluster.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string | null;
  }
}

let cluster: PgCluster | undefined;

/**
 * Starts one PostgreSQL cluster for the whole run; each test file creates its own database in it.
 * Without PostgreSQL the suite on it is skipped with a notice, except under CI=true, where a
 * missing PostgreSQL fails the run.
 */
export async function setup(project: TestProject) {
  if (process.env.TEST_POSTGRES_URL) {
    project.provide('postgresUrl', process.env.TEST_POSTGRES_URL);
    return;
  }
  const bin = findPostgresBin();
  if (!bin) {
    if (process.env.CI === 'true')
      throw new Error('CI=true but no PostgreSQL server binaries were found (set PG_BIN)');
    console.warn(
      '\n[notice] PostgreSQL server binaries not found: the PostgreSQL suite is skipped. Install postgresql-15 or set PG_BIN.\n',
    );
    project.provide('postgresUrl', null);
    return;
  }
  cluster = await startPgCluster(bin);
  project.provide('postgresUrl', cluster.url);
}

export async function teardown() {
  cluster?.stop();
}
