import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // Publishing takes two completed reviews without a conflict of interest; an editor who
  // publishes with fewer says why, and the reason stays with the submission.
  await db.schema.alterTable('submissions').addColumn('publish_override', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('submissions').dropColumn('publish_override').execute();
}
