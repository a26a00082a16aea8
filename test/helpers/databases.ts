import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseConfig } from '../../src/config.ts';
import { createDb, type Db } from '../../src/db/connect.ts';
import { prepareDatabase } from '../../src/modules/system/setup.service.ts';
import { wireModules } from '../../src/modules/system/wiring.ts';
import { copyPostgresTemplate, copySqliteTemplate, type TemplateVariant } from './templates.ts';

export type DialectName = 'sqlite' | 'postgres';

/** The databases every behaviour is tested on: SQLite always, PostgreSQL when it is available. */
export const dialects: DialectName[] = inject('postgresUrl') ? ['sqlite', 'postgres'] : ['sqlite'];

// A test file copies a prepared template instead of preparing a database itself, and may use
// services without building an app: the modules are connected here as every process connects them.
wireModules();

export interface TestDatabase {
  db: Db;
  config: DatabaseConfig;
  dialect: DialectName;
  drop(): Promise<void>;
}

/** A fresh, empty database of the given kind (a temporary file for SQLite). */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  return openTestDatabase(dialect, undefined);
}

/**
 * A fresh database with the schema and reference data, and optionally the demo practices: a
 * copy of this run's template of that kind (see `templates.ts`), so each file gets its own
 * database without migrating and seeding it again.
 */
export async function createPreparedDatabase(
  dialect: DialectName,
  options: { demo?: boolean } = {},
): Promise<TestDatabase> {
  const variant: TemplateVariant = options.demo ? 'demo' : 'plain';
  if (!inject('databaseTemplates')) {
    // Without the global setup (a config that lacks it): prepare this database itself.
    const test = await openTestDatabase(dialect, undefined);
    await prepareDatabase(test.db, { demo: variant === 'demo' });
    return test;
  }
  return openTestDatabase(dialect, variant);
}

async function openTestDatabase(
  dialect: DialectName,
  template: TemplateVariant | undefined,
): Promise<TestDatabase> {
  const templates = inject('databaseTemplates');
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'clearinghouse-test-'));
    const filename = path.join(dir, 'test.db');
    if (template) await copySqliteTemplate(templates, template, filename);
    const config: DatabaseConfig = { dialect: 'sqlite', filename, url: `sqlite:${filename}` };
    const db = createDb(config);
    return {
      db,
      config,
      dialect,
      async drop() {
        await db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = inject('postgresUrl');
  if (!adminUrl) throw new Error('PostgreSQL is not available');
  const name = `t_${randomBytes(6).toString('hex')}`;
  if (template) await copyPostgresTemplate(adminUrl, templates, template, name);
  else {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
  }
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const config: DatabaseConfig = { dialect: 'postgres', connectionString: url, url };
  const db = createDb(config, { poolSize: 4 });
  return {
    db,
    config,
    dialect,
    async drop() {
      await db.destroy();
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
