import type { Kysely } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // A person's public profile. Nothing of it is shown unless `listed` is 1, the person's own
  // choice; the account's address is never part of it.
  await db.schema
    .createTable('people_profiles')
    .addColumn('user_id', 'integer', (c) =>
      c.primaryKey().references('users.id').onDelete('cascade'),
    )
    .addColumn('listed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('headline', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('organisation_id', 'integer', (c) =>
      c.references('organisations.id').onDelete('set null'),
    )
    .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('people_profiles_listed')
    .on('people_profiles')
    .column('listed')
    .execute();

  // Expertise (theme concept ids), languages (BCP-47 tags) and M49 region codes: one row each,
  // so the experts list can filter on them in either database.
  await db.schema
    .createTable('people_profile_themes')
    .addColumn('user_id', 'integer', (c) =>
      c.notNull().references('people_profiles.user_id').onDelete('cascade'),
    )
    .addColumn('theme_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('people_profile_themes_pk', ['user_id', 'theme_id'])
    .execute();
  await db.schema
    .createTable('people_profile_languages')
    .addColumn('user_id', 'integer', (c) =>
      c.notNull().references('people_profiles.user_id').onDelete('cascade'),
    )
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('people_profile_languages_pk', ['user_id', 'language'])
    .execute();
  await db.schema
    .createTable('people_profile_regions')
    .addColumn('user_id', 'integer', (c) =>
      c.notNull().references('people_profiles.user_id').onDelete('cascade'),
    )
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('people_profile_regions_pk', ['user_id', 'region_code'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('people_profile_regions').execute();
  await db.schema.dropTable('people_profile_languages').execute();
  await db.schema.dropTable('people_profile_themes').execute();
  await db.schema.dropTable('people_profiles').execute();
}
