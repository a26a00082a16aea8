import { type Insertable, sql, type Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OrganisationTable } from './organisation.table.ts';

export async function findOrganisationByKey(db: Db, nameKey: string, countryCode: string | null) {
  let query = db.selectFrom('organisations').selectAll().where('name_key', '=', nameKey);
  query =
    countryCode === null
      ? query.where('country_code', 'is', null)
      : query.where('country_code', '=', countryCode);
  return query.orderBy('id').executeTakeFirst();
}

/** The oldest organisation whose website is on this host (with or without "www."). */
export async function findOrganisationByWebsiteHost(db: Db, host: string) {
  const bare = host.replace(/^www\./, '');
  return db
    .selectFrom('organisations')
    .selectAll()
    .where((eb) =>
      eb.or(
        [bare, `www.${bare}`].flatMap((h) => [
          eb('website', 'like', `%://${h}`),
          eb('website', 'like', `%://${h}/%`),
        ]),
      ),
    )
    .orderBy('id')
    .executeTakeFirst();
}

/**
 * The oldest international organisation named so in any country, with or without its acronym
 * in brackets ("International Organization for Migration (IOM)").
 */
/** Every international organisation, oldest first: few enough to compare names in memory. */
export async function listInternationalOrganisations(db: Db) {
  return db
    .selectFrom('organisations')
    .selectAll()
    .where('type', '=', 'international-organisation')
    .orderBy('id')
    .execute();
}

export async function findOrganisationName(db: Db, id: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.name;
}

export async function organisationSlugExists(db: Db, slug: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('organisations')
      .select('id')
      .where('slug', '=', slug)
      .executeTakeFirst()) !== undefined
  );
}

export async function insertOrganisation(
  db: Db,
  row: Insertable<OrganisationTable>,
): Promise<number> {
  const inserted = await db
    .insertInto('organisations')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateOrganisation(
  db: Db,
  id: number,
  changes: {
    name?: string;
    name_key?: string;
    slug?: string;
    country_code?: string | null;
    type?: string | null;
    website?: string | null;
    updated_at: string;
  },
): Promise<void> {
  await db.updateTable('organisations').set(changes).where('id', '=', id).execute();
}

export interface OrganisationListQuery {
  type?: string;
  countryCode?: string;
  verified?: boolean;
  /** Part of the folded name (see foldText). */
  nameKeyContains?: string;
  limit: number;
  offset: number;
}

function withCityName(db: Db) {
  return db
    .selectFrom('organisations as o')
    .leftJoin('cities as c', 'c.id', 'o.city_id')
    .selectAll('o')
    .select('c.name as city_name');
}

export async function listOrganisationRows(db: Db, q: OrganisationListQuery) {
  let base = db.selectFrom('organisations as o');
  if (q.type !== undefined) base = base.where('o.type', '=', q.type);
  if (q.countryCode !== undefined) base = base.where('o.country_code', '=', q.countryCode);
  if (q.verified === true) base = base.where('o.verified_at', 'is not', null);
  if (q.verified === false) base = base.where('o.verified_at', 'is', null);
  if (q.nameKeyContains) {
    // name_key is lower case on both engines, so LIKE behaves the same on each; '!' escapes.
    const pattern = `%${q.nameKeyContains.replace(/[!%_]/g, (c) => `!${c}`)}%`;
    base = base.where(sql<boolean>`o.name_key like ${pattern} escape '!'`);
  }
  const total = await base
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const ids = await base
    .select('o.id')
    .orderBy('o.name_key')
    .orderBy('o.id')
    .limit(q.limit)
    .offset(q.offset)
    .execute();
  const rows =
    ids.length === 0
      ? []
      : await withCityName(db)
          .where(
            'o.id',
            'in',
            ids.map((r) => r.id),
          )
          .orderBy('o.name_key')
          .orderBy('o.id')
          .execute();
  return { rows, total: Number(total.n) };
}

export async function findOrganisationBySlug(db: Db, slug: string) {
  return withCityName(db).where('o.slug', '=', slug).executeTakeFirst();
}

/** Whether another organisation has this folded name in this country (null: international). */
export async function organisationKeyTaken(
  db: Db,
  nameKey: string,
  countryCode: string | null,
  exceptId: number | null,
): Promise<boolean> {
  let query = db.selectFrom('organisations').select('id').where('name_key', '=', nameKey);
  query =
    countryCode === null
      ? query.where('country_code', 'is', null)
      : query.where('country_code', '=', countryCode);
  if (exceptId !== null) query = query.where('id', '<>', exceptId);
  return (await query.executeTakeFirst()) !== undefined;
}

export async function updateOrganisationProfile(
  db: Db,
  id: number,
  changes: Updateable<OrganisationTable>,
): Promise<void> {
  await db.updateTable('organisations').set(changes).where('id', '=', id).execute();
}

export async function listDescriptions(db: Db, organisationId: number) {
  return db
    .selectFrom('organisation_translations')
    .select(['locale', 'description'])
    .where('organisation_id', '=', organisationId)
    .orderBy('locale')
    .execute();
}

/** Writes the description in one language; an empty text removes that language. */
export async function replaceDescription(
  db: Db,
  organisationId: number,
  locale: string,
  description: string,
): Promise<void> {
  await db
    .deleteFrom('organisation_translations')
    .where('organisation_id', '=', organisationId)
    .where('locale', '=', locale)
    .execute();
  if (description !== '')
    await db
      .insertInto('organisation_translations')
      .values({ organisation_id: organisationId, locale, description })
      .execute();
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listOrganisationsInCity(db: Db, cityId: number) {
  return db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'type', 'website'])
    .where('city_id', '=', cityId)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function findOrganisationsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('organisations')
    .select(['id', 'slug', 'name', 'type', 'website', 'country_code'])
    .where('id', 'in', ids)
    .execute();
}

/** By slug, else by folded name (the first of that name when several countries have one). */
export async function findOrganisationBySlugOrKey(db: Db, slug: string, nameKey: string) {
  return (
    (await db
      .selectFrom('organisations')
      .select(['id', 'slug', 'name'])
      .where('slug', '=', slug)
      .executeTakeFirst()) ??
    (await db
      .selectFrom('organisations')
      .select(['id', 'slug', 'name'])
      .where('name_key', '=', nameKey)
      .orderBy('id')
      .executeTakeFirst())
  );
}

export async function listOrganisationsByNameKey(db: Db, nameKey: string, limit: number) {
  return db
    .selectFrom('organisations')
    .select(['id', 'slug'])
    .where('name_key', '=', nameKey)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export async function listOrganisationSitemapEntries(
  db: Db,
): Promise<{ slug: string; updated_at: string }[]> {
  return db.selectFrom('organisations').select(['slug', 'updated_at']).orderBy('id').execute();
}

/** Which of these organisations carry the verified mark. */
export async function listVerifiedIds(db: Db, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', ids)
    .where('verified_at', 'is not', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function deleteOrganisation(db: Db, id: number): Promise<void> {
  await db.deleteFrom('organisations').where('id', '=', id).execute();
}

/** The descriptions of one organisation move to another, except in languages it has already. */
export async function moveDescriptions(db: Db, fromId: number, intoId: number): Promise<void> {
  await db
    .deleteFrom('organisation_translations')
    .where('organisation_id', '=', fromId)
    .where(
      'locale',
      'in',
      db
        .selectFrom('organisation_translations')
        .select('locale')
        .where('organisation_id', '=', intoId),
    )
    .execute();
  await db
    .updateTable('organisation_translations')
    .set({ organisation_id: intoId })
    .where('organisation_id', '=', fromId)
    .execute();
}
