import { type Kysely, sql } from 'kysely';

// Frozen in time: never imports application code.

export async function up(db: Kysely<any>): Promise<void> {
  // What a city's municipality says of it: a short context, what it offers peers and what it is
  // looking for, all written in one language (a BCP-47 tag). One row per city, kept by its
  // municipality's members and the editors.
  await sql`create table city_profiles (
    city_id integer primary key references cities(id) on delete cascade,
    language text not null,
    context text,
    offers text,
    looking_for text,
    updated_by integer references users(id) on delete set null,
    updated_at text not null
  )`.execute(db);

  // The languages the city speaks or serves in, as BCP-47 tags, in the order given.
  await sql`create table city_profile_languages (
    city_id integer not null references city_profiles(city_id) on delete cascade,
    position integer not null,
    language text not null,
    primary key (city_id, position)
  )`.execute(db);

  // Public contact points the municipality chose to publish: a name or role, and a public email
  // address or web address (at least one of the two).
  await sql`create table city_contact_points (
    city_id integer not null references city_profiles(city_id) on delete cascade,
    position integer not null,
    name text not null,
    role text,
    email text,
    url text,
    primary key (city_id, position)
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('city_contact_points').execute();
  await db.schema.dropTable('city_profile_languages').execute();
  await db.schema.dropTable('city_profiles').execute();
}
