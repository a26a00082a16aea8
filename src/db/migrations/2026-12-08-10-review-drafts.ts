import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A review half written is kept until it is sent: reviewers write over several sittings.
  await db.schema
    .createTable('review_drafts')
    .addColumn('assignment_id', 'integer', (c) =>
      c.primaryKey().references('review_assignments.id').onDelete('cascade'),
    )
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('saved_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('review_drafts').execute();
}
