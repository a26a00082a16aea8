import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // When a translation of a practice was last written, so readers see how fresh it is. Null
  // for translations stored before the date was kept.
  await db.schema.alterTable('practice_translations').addColumn('translated_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('practice_translations').dropColumn('translated_at').execute();
}
