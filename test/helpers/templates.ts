import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/connect.ts';
import { prepareDatabase } from '../../src/modules/system/setup.service.ts';

/**
 * Migrated, seeded template databases, built once per run and copied for each test file.
 *
 * The first test file that needs a variant (no demo / demo) on a dialect builds it; the others
 * wait for it and copy it: a file copy of a closed, checkpointed SQLite database, or
 * `CREATE DATABASE … TEMPLATE …` on PostgreSQL. Where they live comes from the global setup
 * (`test/setup/templates.global.ts`) through `inject('databaseTemplates')`.
 */
export interface TemplateLocations {
  /** A directory of this run for the SQLite template files. */
  sqliteDir: string;
  /** The prefix of this run's PostgreSQL template database names. */
  postgresPrefix: string;
}

export type TemplateVariant = 'plain' | 'demo';

/** How long a test file waits for another one building the same template. */
const BUILD_DEADLINE_MS = 180_000;

/** Copies the SQLite template of the variant (building it first if no one has) to `filename`. */
export async function copySqliteTemplate(
  locations: TemplateLocations,
  variant: TemplateVariant,
  filename: string,
): Promise<void> {
  const template = path.join(locations.sqliteDir, `${variant}.db`);
  if (!existsSync(template)) await buildSqliteTemplate(template, variant);
  copyFileSync(template, filename);
}

async function buildSqliteTemplate(template: string, variant: TemplateVariant): Promise<void> {
  const lock = `${template}.lock`;
  let mine = false;
  try {
    mkdirSync(lock);
    mine = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (!mine) {
    // Another test file builds it: wait for the finished file, which appears by a rename.
    const deadline = Date.now() + BUILD_DEADLINE_MS;
    while (!existsSync(template)) {
      if (Date.now() > deadline)
        throw new Error(
          `the SQLite template ${template} was not built within ${BUILD_DEADLINE_MS / 1000} s by the test file that started it (see its failure)`,
        );
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return;
  }
  const building = `${template}.building`;
  const config: DatabaseConfig = {
    dialect: 'sqlite',
    filename: building,
    url: `sqlite:${building}`,
  };
  const db = createDb(config);
  try {
    await prepareDatabase(db, { demo: variant === 'demo' });
    // Everything into the main file, so that a copy of that one file is the whole database.
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  } finally {
    await db.destroy();
  }
  for (const suffix of ['-wal', '-shm']) {
    const extra = `${building}${suffix}`;
    if (existsSync(extra) && statSync(extra).size > 0)
      throw new Error(`the SQLite template still has a non-empty ${suffix} file after closing`);
    rmSync(extra, { force: true });
  }
  renameSync(building, template);
}

/**
 * Creates the PostgreSQL database `name` as a copy of the template of the variant, building the
 * template first if no one has. Builders take an advisory lock, so a second file waits on the
 * server (with a lock timeout) instead of building it twice.
 */
export async function copyPostgresTemplate(
  adminUrl: string,
  locations: TemplateLocations,
  variant: TemplateVariant,
  name: string,
): Promise<void> {
  const template = `${locations.postgresPrefix}_${variant}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`set lock_timeout = '${BUILD_DEADLINE_MS}ms'`);
    await admin.query('select pg_advisory_lock(hashtext($1))', [template]);
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [template]);
      if (found.rowCount === 0) await buildPostgresTemplate(admin, adminUrl, template, variant);
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [template]);
    }
    // No connection to the template may be open: it refuses them, so none is.
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
}

async function buildPostgresTemplate(
  admin: pg.Client,
  adminUrl: string,
  template: string,
  variant: TemplateVariant,
): Promise<void> {
  const building = `${template}_building`;
  await admin.query(`drop database if exists ${building} with (force)`);
  await admin.query(`create database ${building}`);
  const url = adminUrl.replace(/\/[^/]*$/, `/${building}`);
  const db = createDb({ dialect: 'postgres', connectionString: url, url }, { poolSize: 4 });
  try {
    await prepareDatabase(db, { demo: variant === 'demo' });
  } finally {
    await db.destroy();
  }
  await admin.query(`alter database ${building} rename to ${template}`);
  await admin.query(`alter database ${template} with allow_connections false is_template true`);
}

/** Drops this run's PostgreSQL templates (for a server that outlives the run). */
export async function dropPostgresTemplates(adminUrl: string, prefix: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      'select datname from pg_database where datname like $1',
      [`${prefix}\\_%`],
    );
    for (const { datname } of rows) {
      await admin.query(`alter database ${datname} with is_template false`);
      await admin.query(`drop database if exists ${datname} with (force)`);
    }
  } finally {
    await admin.end();
  }
}
