import { type Actor, ANONYMOUS, type Role } from '../../core/actor.ts';
import { recordAudit } from '../../core/audit.ts';
import { UnauthenticatedError } from '../../core/errors.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import * as users from './account.repository.ts';
import { newToken, sha256 } from './account-checks.ts';

/** Sessions end a week after the last request, and a month after sign-in whatever happens. */
export const SESSION_IDLE_MS = 7 * 24 * 3600_000;
export const SESSION_ABSOLUTE_MS = 30 * 24 * 3600_000;
const SESSION_TOUCH_MS = 5 * 60_000;

/**
 * A new session for the user, in the caller's transaction (sign-in); returns the token for the
 * cookie. Only its hash is stored.
 */
export async function openSession(trx: Db, userId: number): Promise<string> {
  const token = newToken();
  const now = Date.now();
  await users.insertSession(trx, {
    id: sha256(token),
    user_id: userId,
    created_at: new Date(now).toISOString(),
    last_seen_at: new Date(now).toISOString(),
    expires_at: new Date(now + SESSION_ABSOLUTE_MS).toISOString(),
  });
  return token;
}

/** The account behind a session cookie, or anonymous when it is unknown, idle or expired. */
export async function authenticateSession(db: Db, token: string | undefined): Promise<Actor> {
  if (!token || !/^[\w-]{20,100}$/.test(token)) return ANONYMOUS;
  const id = sha256(token);
  const session = await users.findSession(db, id);
  if (!session) return ANONYMOUS;
  const now = Date.now();
  if (
    Date.parse(session.expires_at) <= now ||
    Date.parse(session.last_seen_at) + SESSION_IDLE_MS <= now
  ) {
    await users.deleteSession(db, id);
    return ANONYMOUS;
  }
  if (Date.parse(session.last_seen_at) + SESSION_TOUCH_MS <= now)
    await users.touchSession(db, id, new Date(now).toISOString());
  return {
    kind: 'user',
    id: session.user_id,
    role: session.role as Role,
    name: session.name,
    via: 'session',
    scopes: ['read', 'write'],
  };
}

export async function logout(db: Db, token: string | undefined, actor: Actor): Promise<void> {
  if (!token) return;
  await users.deleteSession(db, sha256(token));
  if (actor.kind === 'user')
    await recordAudit(db, actor, 'user.logout', { type: 'user', id: actor.id });
}

export async function logoutEverywhere(db: Db, actor: Actor): Promise<number> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  return write(db, actor, ({ trx }) => users.deleteSessionsOf(trx, actor.id), {
    audit: (ended) => ({
      action: 'user.logout_everywhere',
      subject: { type: 'user', id: actor.id },
      details: { sessions: ended },
    }),
  });
}
