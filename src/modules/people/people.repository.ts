import type { Db } from '../../db/connect.ts';
import type { PeopleProfileTable } from './people.table.ts';

export async function findProfile(db: Db, userId: number) {
  return db
    .selectFrom('people_profiles')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** A listed profile with the person's name (never the address). */
export async function findListedProfile(db: Db, userId: number) {
  return db
    .selectFrom('people_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.user_id',
      'u.name',
      'p.headline',
      'p.organisation_id',
      'p.organisation_name',
      'p.bio',
      'p.created_at',
      'p.updated_at',
    ])
    .where('p.user_id', '=', userId)
    .where('p.listed', '=', 1)
    .executeTakeFirst();
}

/** Every listed profile, without the bio: the experts list filters and pages these. */
export async function listListedProfiles(db: Db) {
  return db
    .selectFrom('people_profiles as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select([
      'p.user_id',
      'u.name',
      'p.headline',
      'p.organisation_id',
      'p.organisation_name',
      'p.updated_at',
    ])
    .where('p.listed', '=', 1)
    .execute();
}

export async function upsertProfile(
  db: Db,
  values: Omit<PeopleProfileTable, 'created_at'> & { created_at: string },
): Promise<void> {
  const { user_id: _, created_at: __, ...changes } = values;
  await db
    .insertInto('people_profiles')
    .values(values)
    .onConflict((oc) => oc.column('user_id').doUpdateSet(changes))
    .execute();
}

export async function replaceThemes(db: Db, userId: number, themes: string[]): Promise<void> {
  await db.deleteFrom('people_profile_themes').where('user_id', '=', userId).execute();
  if (themes.length > 0)
    await db
      .insertInto('people_profile_themes')
      .values(themes.map((theme_id) => ({ user_id: userId, theme_id })))
      .execute();
}

export async function replaceLanguages(db: Db, userId: number, languages: string[]): Promise<void> {
  await db.deleteFrom('people_profile_languages').where('user_id', '=', userId).execute();
  if (languages.length > 0)
    await db
      .insertInto('people_profile_languages')
      .values(languages.map((language, position) => ({ user_id: userId, language, position })))
      .execute();
}

export async function replaceRegions(db: Db, userId: number, regions: string[]): Promise<void> {
  await db.deleteFrom('people_profile_regions').where('user_id', '=', userId).execute();
  if (regions.length > 0)
    await db
      .insertInto('people_profile_regions')
      .values(regions.map((region_code) => ({ user_id: userId, region_code })))
      .execute();
}

/** Themes, languages (in the person's order) and regions of these profiles, or of every listed one. */
export async function listAttributesOf(db: Db, ids: number[] | 'listed') {
  if (ids !== 'listed' && ids.length === 0) return { themes: [], languages: [], regions: [] };
  const scope =
    ids === 'listed'
      ? db.selectFrom('people_profiles').select('user_id').where('listed', '=', 1)
      : ids;
  const [themes, languages, regions] = await Promise.all([
    db
      .selectFrom('people_profile_themes')
      .select(['user_id', 'theme_id as value'])
      .where('user_id', 'in', scope)
      .execute(),
    db
      .selectFrom('people_profile_languages')
      .select(['user_id', 'language as value'])
      .where('user_id', 'in', scope)
      .orderBy('user_id')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('people_profile_regions')
      .select(['user_id', 'region_code as value'])
      .where('user_id', 'in', scope)
      .execute(),
  ]);
  return { themes, languages, regions };
}

/** The listed profiles, for the sitemap: only what their people chose to make public. */
export async function listListedProfileIds(
  db: Db,
): Promise<{ user_id: number; updated_at: string }[]> {
  return db
    .selectFrom('people_profiles')
    .select(['user_id', 'updated_at'])
    .where('listed', '=', 1)
    .orderBy('user_id')
    .execute();
}

/** The profiles linked to one organisation link to another (two organisations merged). */
export async function replaceOrganisation(db: Db, fromId: number, intoId: number): Promise<void> {
  await db
    .updateTable('people_profiles')
    .set({ organisation_id: intoId })
    .where('organisation_id', '=', fromId)
    .execute();
}
