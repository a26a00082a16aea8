import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { OrganisationInvitationTable, OrganisationMemberTable } from './organisation.table.ts';

export async function findMembership(db: Db, organisationId: number, userId: number) {
  return db
    .selectFrom('organisation_members')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Members with their names (never their addresses), admins first, then by joining date. */
export async function listMembers(
  db: Db,
  organisationId: number,
  options: { listedOnly: boolean },
) {
  let query = db
    .selectFrom('organisation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role', 'm.listed', 'm.joined_at', 'u.name'])
    .where('m.organisation_id', '=', organisationId);
  if (options.listedOnly) query = query.where('m.listed', '=', 1);
  return query.orderBy('m.role').orderBy('m.joined_at').orderBy('m.user_id').execute();
}

export async function insertMember(
  db: Db,
  row: Insertable<OrganisationMemberTable>,
): Promise<void> {
  await db.insertInto('organisation_members').values(row).execute();
}

export async function deleteMember(db: Db, organisationId: number, userId: number): Promise<void> {
  await db
    .deleteFrom('organisation_members')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}

export async function updateMemberListing(
  db: Db,
  organisationId: number,
  userId: number,
  listed: boolean,
): Promise<void> {
  await db
    .updateTable('organisation_members')
    .set({ listed: listed ? 1 : 0 })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}

export async function countAdminMembers(db: Db, organisationId: number): Promise<number> {
  const row = await db
    .selectFrom('organisation_members')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('organisation_id', '=', organisationId)
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The cities whose municipality this person belongs to: members of an organisation of the actor
 * type 'municipality' placed in that city. Membership comes from an editor's approval of a claim
 * or an invitation by a member, so it is what lets a person speak for their city.
 */
export async function listMunicipalityCityIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select('o.city_id')
    .distinct()
    .where('m.user_id', '=', userId)
    .where('o.type', '=', 'municipality')
    .where('o.city_id', 'is not', null)
    .execute();
  return rows.map((row) => Number(row.city_id));
}

/**
 * The cities of the organisations a person belongs to, with each organisation's type, in the
 * order the person joined them: what tells the city a reader most likely comes from.
 */
export async function listMembershipCities(db: Db, userId: number) {
  const rows = await db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.city_id', 'o.type'])
    .where('m.user_id', '=', userId)
    .where('o.city_id', 'is not', null)
    .orderBy('m.joined_at')
    .orderBy('o.id')
    .execute();
  return rows.map((row) => ({ cityId: Number(row.city_id), type: row.type }));
}

/** The organisations a person belongs to, for the copy of their data. */
export async function listMembershipsOfUser(db: Db, userId: number) {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.slug', 'o.name', 'm.role', 'm.listed', 'm.joined_at'])
    .where('m.user_id', '=', userId)
    .orderBy('o.name')
    .execute();
}

/** Which of these people belong to which organisations. */
export async function listMembershipPairs(db: Db, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('organisation_members')
    .select(['organisation_id', 'user_id'])
    .where('user_id', 'in', userIds)
    .execute();
}

/** An organisation of this person's, by slug or folded name (the oldest when several match). */
export async function findOwnOrganisationBySlugOrKey(
  db: Db,
  userId: number,
  slug: string,
  nameKey: string,
) {
  return db
    .selectFrom('organisation_members as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select(['o.id', 'o.slug', 'o.name'])
    .where('m.user_id', '=', userId)
    .where((eb) => eb.or([eb('o.slug', '=', slug), eb('o.name_key', '=', nameKey)]))
    .orderBy('o.id')
    .executeTakeFirst();
}

export async function insertInvitation(
  db: Db,
  row: Insertable<OrganisationInvitationTable>,
): Promise<void> {
  await db.insertInto('organisation_invitations').values(row).execute();
}

/** Withdraws the invitations not yet accepted of one person to one organisation. */
export async function deleteOpenInvitations(
  db: Db,
  organisationId: number,
  userId: number,
): Promise<void> {
  await db
    .deleteFrom('organisation_invitations')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .where('accepted_at', 'is', null)
    .execute();
}

/** An invitation by the hash of its token, with the organisation it is to. */
export async function findInvitation(db: Db, tokenHash: string) {
  return db
    .selectFrom('organisation_invitations as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .leftJoin('users as u', 'u.id', 'i.invited_by')
    .select([
      'i.token_hash',
      'i.organisation_id',
      'i.user_id',
      'i.role',
      'i.expires_at',
      'i.accepted_at',
      'o.slug',
      'o.name',
      'u.name as inviter_name',
    ])
    .where('i.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/** Marks an invitation used, unless it already was or has expired: true when this call did. */
export async function markInvitationAccepted(
  db: Db,
  tokenHash: string,
  now: string,
): Promise<boolean> {
  const result = await db
    .updateTable('organisation_invitations')
    .set({ accepted_at: now })
    .where('token_hash', '=', tokenHash)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The members of one organisation join another, as plain members: whoever took a name first gains
 * no say over the organisation kept, whose admins may promote them. Someone in both keeps the
 * membership they had there.
 */
export async function moveMembers(db: Db, fromId: number, intoId: number): Promise<void> {
  await db
    .deleteFrom('organisation_members')
    .where('organisation_id', '=', fromId)
    .where(
      'user_id',
      'in',
      db.selectFrom('organisation_members').select('user_id').where('organisation_id', '=', intoId),
    )
    .execute();
  await db
    .updateTable('organisation_members')
    .set({ organisation_id: intoId, role: 'member' })
    .where('organisation_id', '=', fromId)
    .execute();
}

export async function updateMemberRole(
  db: Db,
  organisationId: number,
  userId: number,
  role: string,
): Promise<void> {
  await db
    .updateTable('organisation_members')
    .set({ role })
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}
