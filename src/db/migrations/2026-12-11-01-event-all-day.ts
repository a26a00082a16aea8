import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // 1 when only the event's dates are known: `starts_at` and `ends_at` then hold midnight UTC of
  // its first and last days, and no time of day is shown or sent anywhere.
  await db.schema
    .alterTable('events')
    .addColumn('all_day', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('events').dropColumn('all_day').execute();
}
