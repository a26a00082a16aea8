import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OrganisationChangeTable } from './organisation.table.ts';

/** Keeps a proposed change, in place of the one the organisation had waiting, if any. */
export async function replaceChange(
  db: Db,
  row: Insertable<OrganisationChangeTable>,
): Promise<void> {
  await db
    .deleteFrom('organisation_changes')
    .where('organisation_id', '=', row.organisation_id)
    .execute();
  await db.insertInto('organisation_changes').values(row).execute();
}

/** The change waiting for an organisation, with the name of the person who proposed it. */
export async function findChange(db: Db, organisationId: number) {
  return db
    .selectFrom('organisation_changes as c')
    .leftJoin('users as u', 'u.id', 'c.proposed_by')
    .select(['c.organisation_id', 'c.proposed_by', 'c.changes', 'c.created_at', 'u.name'])
    .where('c.organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Every change waiting, oldest first, with its organisation's slug. */
export async function listChanges(db: Db) {
  return db
    .selectFrom('organisation_changes as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['o.slug'])
    .orderBy('c.created_at')
    .orderBy('c.organisation_id')
    .execute();
}

export async function countChanges(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisation_changes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Removes the change waiting: true when there was one. */
export async function deleteChange(db: Db, organisationId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('organisation_changes')
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
