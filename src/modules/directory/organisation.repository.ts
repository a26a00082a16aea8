import type { Insertable } from 'kysely';
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
  changes: { type?: string | null; website?: string | null; updated_at: string },
): Promise<void> {
  await db.updateTable('organisations').set(changes).where('id', '=', id).execute();
}

export async function countOrganisations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
