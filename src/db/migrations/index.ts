import type { Migration, MigrationProvider } from 'kysely';
import * as repositoryCore from './2026-11-28-01-repository-core.ts';
import * as search from './2026-11-28-02-search.ts';
import * as accounts from './2026-11-28-03-accounts.ts';
import * as review from './2026-11-28-04-review.ts';
import * as shortlists from './2026-12-04-07-shortlists.ts';

/** Every migration, by its dated name. Listed explicitly so the set is the same in every runtime. */
export const migrations: Record<string, Migration> = {
  '2026-11-28-01-repository-core': repositoryCore,
  '2026-11-28-02-search': search,
  '2026-11-28-03-accounts': accounts,
  '2026-11-28-04-review': review,
  '2026-12-04-07-shortlists': shortlists,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
