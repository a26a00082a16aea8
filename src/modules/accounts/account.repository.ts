import { randomUUID } from 'node:crypto';
import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ApiTokenTable, EmailTokenTable, UserTable } from './account.table.ts';

export async function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function findUserById(db: Db, id: number) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(db: Db, user: Insertable<UserTable>): Promise<number> {
  const row = await db.insertInto('users').values(user).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(
  db: Db,
  id: number,
  changes: Updateable<UserTable>,
): Promise<void> {
  await db.updateTable('users').set(changes).where('id', '=', id).execute();
}

/**
 * A nameless stand-in for a deleted account whose part in the editorial record is kept: no
 * address anyone could sign in with, no password, no name.
 */
export async function insertStandIn(db: Db, now: string): Promise<number> {
  return insertUser(db, {
    email: `deleted-${randomUUID()}@deleted.invalid`,
    email_verified_at: null,
    password_hash: '!',
    name: '',
    organisation_id: null,
    country_code: null,
    role: 'member',
    locale: 'en',
    created_at: now,
    updated_at: now,
    deleted_at: now,
  });
}

export async function deleteUser(db: Db, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listUsers(
  db: Db,
  filter: { q?: string; role?: string; limit: number; offset: number },
) {
  let query = db
    .selectFrom('users as u')
    .leftJoin('organisations as o', 'o.id', 'u.organisation_id')
    .where('u.deleted_at', 'is', null);
  if (filter.q) {
    const like = `%${filter.q.toLowerCase().replace(/[%_\\]/g, '\\$&')}%`;
    query = query.where((eb) =>
      eb.or([eb(eb.fn('lower', ['u.name']), 'like', like), eb('u.email', 'like', like)]),
    );
  }
  if (filter.role) query = query.where('u.role', '=', filter.role);
  const total = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'u.id',
      'u.name',
      'u.email',
      'u.role',
      'u.email_verified_at',
      'u.created_at',
      'o.name as organisation',
    ])
    .orderBy('u.created_at', 'desc')
    .orderBy('u.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { total: Number(total.n), rows };
}

export async function insertSession(
  db: Db,
  session: {
    id: string;
    user_id: number;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
  },
) {
  await db.insertInto('sessions').values(session).execute();
}

export async function findSession(db: Db, id: string) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id',
      's.user_id',
      's.last_seen_at',
      's.expires_at',
      'u.name',
      'u.role',
      'u.email_verified_at',
    ])
    .where('s.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Ends every session of the user except the one whose id is `keepId`. */
export async function deleteOtherSessions(db: Db, userId: number, keepId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '<>', keepId).execute();
}

export async function deleteSessionsOf(db: Db, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function listSessionsOf(db: Db, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['created_at', 'last_seen_at', 'expires_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

export async function insertEmailToken(db: Db, token: Insertable<EmailTokenTable>): Promise<void> {
  await db.insertInto('email_tokens').values(token).execute();
}

export async function findEmailToken(db: Db, id: string) {
  return db.selectFrom('email_tokens').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function markEmailTokenUsed(db: Db, id: string, at: string): Promise<boolean> {
  // Only one use can win, even when two requests race.
  const result = await db
    .updateTable('email_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function expireEmailTokens(
  db: Db,
  userId: number,
  purpose: string,
  at: string,
): Promise<void> {
  await db
    .updateTable('email_tokens')
    .set({ used_at: at })
    .where('user_id', '=', userId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

export async function insertApiToken(db: Db, token: Insertable<ApiTokenTable>): Promise<number> {
  const row = await db
    .insertInto('api_tokens')
    .values(token)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findApiTokenByHash(db: Db, hash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['t.id', 't.user_id', 't.scopes', 't.revoked_at', 't.last_used_at', 'u.name', 'u.role'])
    .where('t.token_hash', '=', hash)
    .executeTakeFirst();
}

export async function listApiTokensOf(db: Db, userId: number) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'scopes', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function revokeApiToken(
  db: Db,
  userId: number,
  id: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Revokes every active token of the user; returns how many. */
export async function revokeApiTokensOf(db: Db, userId: number, at: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function touchApiToken(db: Db, id: number, at: string): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute();
}

export async function listAuditOf(db: Db, userId: number) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'subject_type', 'subject_id', 'details', 'created_at'])
    .where((eb) =>
      eb.or([
        eb('actor_user_id', '=', userId),
        eb.and([eb('subject_type', '=', 'user'), eb('subject_id', '=', String(userId))]),
      ]),
    )
    .orderBy('created_at')
    .execute();
}

export async function listAudit(
  db: Db,
  filter: {
    action?: string;
    userId?: number;
    from?: string;
    to?: string;
    limit: number;
    offset: number;
  },
) {
  let query = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.actor_user_id');
  if (filter.action) query = query.where('a.action', '=', filter.action);
  if (filter.userId !== undefined) {
    const id = filter.userId;
    query = query.where((eb) =>
      eb.or([
        eb('a.actor_user_id', '=', id),
        eb.and([eb('a.subject_type', '=', 'user'), eb('a.subject_id', '=', String(id))]),
      ]),
    );
  }
  if (filter.from) query = query.where('a.created_at', '>=', filter.from);
  if (filter.to) query = query.where('a.created_at', '<', filter.to);
  const total = await query
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await query
    .select([
      'a.id',
      'a.action',
      'a.subject_type',
      'a.subject_id',
      'a.details',
      'a.created_at',
      'a.actor_user_id',
      'u.name as actor_name',
    ])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(filter.limit)
    .offset(filter.offset)
    .execute();
  return { total: Number(total.n), rows };
}

export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('audit_log')
    .select('action')
    .distinct()
    .orderBy('action')
    .execute();
  return rows.map((r) => r.action);
}

/** Accounts that named one organisation name another (two organisations merged into one). */
export async function replaceOrganisationOfUsers(
  db: Db,
  fromId: number,
  intoId: number,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ organisation_id: intoId })
    .where('organisation_id', '=', fromId)
    .execute();
}
