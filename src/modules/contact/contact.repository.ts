import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ContactMessageTable } from './contact.table.ts';

export async function findPreference(db: Db, userId: number) {
  return db
    .selectFrom('contact_preferences')
    .select(['accepts_messages'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Those of these people who switched messages off. */
export async function listRefusingUsers(db: Db, userIds: number[]): Promise<number[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('contact_preferences')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('accepts_messages', '=', 0)
    .execute();
  return rows.map((r) => r.user_id);
}

export async function upsertPreference(
  db: Db,
  userId: number,
  accepts: boolean,
  now: string,
): Promise<void> {
  await db
    .insertInto('contact_preferences')
    .values({ user_id: userId, accepts_messages: accepts ? 1 : 0, updated_at: now })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ accepts_messages: accepts ? 1 : 0, updated_at: now }),
    )
    .execute();
}

export async function findOrganisationSetting(db: Db, organisationId: number) {
  return db
    .selectFrom('organisation_contact_settings')
    .select(['accepts_messages'])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Those of these organisations that switched messages off. */
export async function listRefusingOrganisations(
  db: Db,
  organisationIds: number[],
): Promise<number[]> {
  if (organisationIds.length === 0) return [];
  const rows = await db
    .selectFrom('organisation_contact_settings')
    .select('organisation_id')
    .where('organisation_id', 'in', organisationIds)
    .where('accepts_messages', '=', 0)
    .execute();
  return rows.map((r) => r.organisation_id);
}

export async function upsertOrganisationSetting(
  db: Db,
  organisationId: number,
  accepts: boolean,
  now: string,
): Promise<void> {
  await db
    .insertInto('organisation_contact_settings')
    .values({ organisation_id: organisationId, accepts_messages: accepts ? 1 : 0, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('organisation_id')
        .doUpdateSet({ accepts_messages: accepts ? 1 : 0, updated_at: now }),
    )
    .execute();
}

export async function insertMessage(db: Db, row: Insertable<ContactMessageTable>): Promise<number> {
  const inserted = await db
    .insertInto('contact_messages')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function findMessageByTokenHash(db: Db, tokenHash: string) {
  return db
    .selectFrom('contact_messages')
    .select(['id', 'subject', 'created_at', 'reported_at'])
    .where('report_token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function findMessageSender(db: Db, id: number) {
  return db
    .selectFrom('contact_messages')
    .select(['id', 'sender_user_id'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks a message reported; false when it already was. */
export async function markReported(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable('contact_messages')
    .set({ reported_at: now })
    .where('id', '=', id)
    .where('reported_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Reported messages, the latest report first, with the sender's name (never their address). */
export async function listReportedMessages(db: Db, limit: number) {
  return db
    .selectFrom('contact_messages as m')
    .innerJoin('users as u', 'u.id', 'm.sender_user_id')
    .leftJoin('contact_bans as b', 'b.user_id', 'm.sender_user_id')
    .select([
      'm.id',
      'm.sender_user_id',
      'u.name as sender_name',
      'm.recipient_kind',
      'm.recipient_label',
      'm.subject',
      'm.body',
      'm.created_at',
      'm.reported_at',
      'b.created_at as banned_at',
    ])
    .where('m.reported_at', 'is not', null)
    .orderBy('m.reported_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(limit)
    .execute();
}

export async function findBan(db: Db, userId: number) {
  return db
    .selectFrom('contact_bans')
    .select(['user_id', 'created_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertBan(
  db: Db,
  userId: number,
  bannedBy: number | null,
  now: string,
): Promise<void> {
  await db
    .insertInto('contact_bans')
    .values({ user_id: userId, banned_by: bannedBy, created_at: now })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export async function deleteBan(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('contact_bans').where('user_id', '=', userId).execute();
}

/** The editors and admins, who are told of reports. */
export async function listStaffIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['editor', 'admin'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** The messages a person sent through the relay, for the copy of their data. */
export async function listMessagesSentBy(db: Db, userId: number) {
  return db
    .selectFrom('contact_messages')
    .select(['recipient_kind', 'recipient_label', 'subject', 'body', 'created_at'])
    .where('sender_user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/**
 * One organisation's choice to take messages becomes another's (two organisations merged), unless
 * that one made its own.
 */
export async function moveOrganisationSetting(db: Db, fromId: number, intoId: number) {
  const kept = await db
    .selectFrom('organisation_contact_settings')
    .select('organisation_id')
    .where('organisation_id', '=', intoId)
    .executeTakeFirst();
  if (kept)
    await db
      .deleteFrom('organisation_contact_settings')
      .where('organisation_id', '=', fromId)
      .execute();
  else
    await db
      .updateTable('organisation_contact_settings')
      .set({ organisation_id: intoId })
      .where('organisation_id', '=', fromId)
      .execute();
}
