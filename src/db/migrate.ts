import { Migrator } from 'kysely';
import type { Db } from './connect.ts';
import { migrationProvider } from './migrations/index.ts';

export interface MigrationOutcome {
  applied: string[];
}

export async function migrateToLatest(db: Db): Promise<MigrationOutcome> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return {
    applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName),
  };
}

export async function latestMigrationName(db: Db): Promise<string | null> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const all = await migrator.getMigrations();
  const executed = all.filter((m) => m.executedAt);
  return executed.at(-1)?.name ?? null;
}
