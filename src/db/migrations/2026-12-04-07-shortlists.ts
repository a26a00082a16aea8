import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A signed-in reader's shortlist of practices (a visitor's lives in a cookie).
  await db.schema
    .createTable('shortlist_items')
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('practice_id', 'integer', (c) =>
      c.notNull().references('practices.id').onDelete('cascade'),
    )
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('shortlist_items_pk', ['user_id', 'practice_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shortlist_items').execute();
}
