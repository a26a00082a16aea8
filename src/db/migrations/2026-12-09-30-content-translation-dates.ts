import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

const TABLES = ['event_translations', 'news_translations', 'resource_translations'] as const;

export async function up(db: Kysely<any>): Promise<void> {
  // A reader is told when a translation was made, as the original carries its own date;
  // translations made before this column have none.
  for (const table of TABLES)
    await db.schema.alterTable(table).addColumn('translated_on', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of TABLES)
    await db.schema.alterTable(table).dropColumn('translated_on').execute();
}
