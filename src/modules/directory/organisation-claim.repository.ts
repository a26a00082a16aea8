import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OrganisationClaimTable } from './organisation.table.ts';

export async function insertClaim(
  db: Db,
  row: Insertable<OrganisationClaimTable>,
): Promise<number> {
  const inserted = await db
    .insertInto('organisation_claims')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(inserted.id);
}

export async function findOpenClaim(db: Db, organisationId: number, userId: number) {
  return db
    .selectFrom('organisation_claims')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('state', '=', 'pending')
    .executeTakeFirst();
}

/** A claim with its organisation and the claimant's name and language. */
export async function findClaim(db: Db, id: number) {
  return db
    .selectFrom('organisation_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select([
      'c.id',
      'c.organisation_id',
      'c.user_id',
      'c.role_title',
      'c.email',
      'c.note',
      'c.state',
      'c.email_confirmed_at',
      'c.created_at',
      'o.slug',
      'o.name',
      'o.website',
      'o.verified_at',
      'u.name as user_name',
      'u.locale as user_locale',
    ])
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function findClaimByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('organisation_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .select(['c.id', 'c.state', 'c.user_id', 'o.slug', 'o.name'])
    .where('c.email_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** The claims waiting for an editor, oldest first. */
export async function listPendingClaims(db: Db) {
  return db
    .selectFrom('organisation_claims as c')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select([
      'c.id',
      'c.role_title',
      'c.email',
      'c.note',
      'c.email_confirmed_at',
      'c.created_at',
      'o.slug',
      'o.name',
      'o.website',
      'o.verified_at',
      'u.name as user_name',
    ])
    .where('c.state', '=', 'pending')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

export async function countPendingClaims(db: Db): Promise<number> {
  const row = await db
    .selectFrom('organisation_claims')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Changes a claim still in the state expected; false when someone else changed it first. */
export async function updateClaim(
  db: Db,
  id: number,
  expectedState: string,
  changes: Updateable<OrganisationClaimTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('organisation_claims')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', expectedState)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The editors and administrators of the site, by user id. */
export async function listEditorIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['editor', 'admin'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function setVerified(db: Db, organisationId: number, at: string, by: number) {
  await db
    .updateTable('organisations')
    .set({ verified_at: at, verified_by: by, updated_at: at })
    .where('id', '=', organisationId)
    .where('verified_at', 'is', null)
    .execute();
}
