import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { CityContactPointTable, CityProfileTable } from './city.table.ts';

export async function findProfile(db: Db, cityId: number) {
  return db
    .selectFrom('city_profiles')
    .selectAll()
    .where('city_id', '=', cityId)
    .executeTakeFirst();
}

export async function listProfileLanguages(db: Db, cityId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('city_profile_languages')
    .select('language')
    .where('city_id', '=', cityId)
    .orderBy('position')
    .execute();
  return rows.map((row) => row.language);
}

export async function listContactPoints(db: Db, cityId: number) {
  return db
    .selectFrom('city_contact_points')
    .selectAll()
    .where('city_id', '=', cityId)
    .orderBy('position')
    .execute();
}

/** The profiles a person saved last, for the copy of their data. */
export async function listProfilesUpdatedBy(db: Db, userId: number) {
  return db
    .selectFrom('city_profiles as p')
    .innerJoin('cities as c', 'c.id', 'p.city_id')
    .select([
      'p.city_id',
      'c.name as city_name',
      'p.language',
      'p.context',
      'p.offers',
      'p.looking_for',
      'p.updated_at',
    ])
    .where('p.updated_by', '=', userId)
    .orderBy('c.name')
    .orderBy('p.city_id')
    .execute();
}

/** Replaces the whole profile of a city: its texts, its languages and its contact points. */
export async function replaceProfile(
  db: Db,
  row: Insertable<CityProfileTable>,
  languages: readonly string[],
  contacts: readonly Omit<Insertable<CityContactPointTable>, 'city_id' | 'position'>[],
): Promise<void> {
  const { city_id: cityId, ...changes } = row;
  await db
    .insertInto('city_profiles')
    .values(row)
    .onConflict((oc) => oc.column('city_id').doUpdateSet(changes))
    .execute();
  await db.deleteFrom('city_profile_languages').where('city_id', '=', cityId).execute();
  await db.deleteFrom('city_contact_points').where('city_id', '=', cityId).execute();
  if (languages.length > 0)
    await db
      .insertInto('city_profile_languages')
      .values(languages.map((language, position) => ({ city_id: cityId, position, language })))
      .execute();
  if (contacts.length > 0)
    await db
      .insertInto('city_contact_points')
      .values(contacts.map((contact, position) => ({ ...contact, city_id: cityId, position })))
      .execute();
}
