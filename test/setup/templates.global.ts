import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { dropPostgresTemplates, type TemplateLocations } from '../helpers/templates.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseTemplates: TemplateLocations;
  }
}

let locations: TemplateLocations | undefined;
let postgresUrl: string | null = null;

/**
 * Where this run keeps its template databases (see `helpers/templates.ts`): nothing is built
 * here, so a run that needs no database pays nothing; the first test file that needs a variant
 * builds it. Runs after `postgres.global.ts`, whose server URL it reads.
 */
export function setup(project: TestProject) {
  postgresUrl = project.getProvidedContext().postgresUrl ?? null;
  locations = {
    sqliteDir: mkdtempSync(path.join(tmpdir(), 'clearinghouse-templates-')),
    postgresPrefix: `tpl_${randomBytes(4).toString('hex')}`,
  };
  project.provide('databaseTemplates', locations);
}

export async function teardown() {
  if (!locations) return;
  rmSync(locations.sqliteDir, { recursive: true, force: true });
  // A throwaway cluster is stopped by postgres.global.ts after this; a server given by
  // TEST_POSTGRES_URL outlives the run, so its templates are dropped here.
  if (postgresUrl && process.env.TEST_POSTGRES_URL)
    await dropPostgresTemplates(postgresUrl, locations.postgresPrefix);
}
