import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // The "verified" mark: when an editor checked that the organisation is who it says it is.
  await db.schema.alterTable('organisations').addColumn('verified_at', 'text').execute();
  await db.schema
    .alterTable('organisations')
    // No foreign key: users already point at organisations, and a backup restores organisations
    // before users; who verified is also in the audit log.
    .addColumn('verified_by', 'integer')
    .execute();
  await db.schema
    .createIndex('organisations_country')
    .on('organisations')
    .column('country_code')
    .execute();

  await db.schema
    .createTable('organisation_translations')
    .addColumn('organisation_id', 'integer', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_translations_pk', ['organisation_id', 'locale'])
    .execute();

  // People who speak for an organisation. `listed` is the person's own choice to be named on
  // its public profile; nobody is named without it.
  await db.schema
    .createTable('organisation_members')
    .addColumn('organisation_id', 'integer', (c) =>
      c.notNull().references('organisations.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_members_pk', ['organisation_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('organisation_members_user')
    .on('organisation_members')
    .column('user_id')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('organisation_members').execute();
  await db.schema.dropTable('organisation_translations').execute();
  await db.schema.dropIndex('organisations_country').execute();
  await db.schema.alterTable('organisations').dropColumn('verified_by').execute();
  await db.schema.alterTable('organisations').dropColumn('verified_at').execute();
}
