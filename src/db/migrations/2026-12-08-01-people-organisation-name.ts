import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A profile links to an organisation only when its person is a member of it; any other name
  // the person gives is kept as they wrote it and shown as unverified.
  await db.schema.alterTable('people_profiles').addColumn('organisation_name', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('people_profiles').dropColumn('organisation_name').execute();
}
