import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A change a member proposed to the profile of an organisation that published practices name:
  // shown on those practices' pages, it waits for an editor. One per organisation (a newer
  // proposal replaces it); `changes` holds the whole profile proposed, as JSON.
  await db.schema
    .createTable('organisation_changes')
    .addColumn('organisation_id', 'integer', (c) =>
      c.primaryKey().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('proposed_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('changes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_changes').execute();
}
