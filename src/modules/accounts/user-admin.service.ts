import { hash as argonHash } from '@node-rs/argon2';
import { type Actor, ANONYMOUS, isRole } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { problem } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { enqueueEmail } from '../jobs/index.ts';
import type { OrganisationLookup } from './account.ports.ts';
import * as users from './account.repository.ts';
import { checkEmail, checkText, newToken, sha256 } from './account-checks.ts';
import { RESET_TOKEN_MS } from './account-mail.service.ts';
import type { AccountContext } from './credential.service.ts';

/** Administration: the list of users, their roles, the audit log, and the first admin (CLI). */

export async function listUsers(
  db: Db,
  actor: Actor,
  filter: { q?: string; role?: string; page: number; perPage: number },
) {
  if (!can(actor, 'users.list')) throw new ForbiddenError();
  if (filter.role && !isRole(filter.role))
    throw new ValidationError([
      { field: 'role', message: `unknown role "${filter.role.slice(0, 40)}"` },
    ]);
  return users.listUsers(db, {
    q: filter.q?.trim().slice(0, 200) || undefined,
    role: filter.role || undefined,
    limit: filter.perPage,
    offset: (filter.page - 1) * filter.perPage,
  });
}

export async function getUserForAdmin(
  db: Db,
  actor: Actor,
  id: number,
  organisations: OrganisationLookup,
) {
  if (!can(actor, 'users.list')) throw new ForbiddenError();
  const user = await users.findUserById(db, id);
  if (!user) throw new NotFoundError('user_not_found', 'No account has this id.');
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisation: await organisations.nameOf(db, user.organisation_id),
    verified: user.email_verified_at !== null,
    createdAt: user.created_at,
  };
}

/**
 * Changes a role, ends that person's sessions and revokes their API tokens, so the new rights
 * apply only from a fresh sign-in and no token made under the old role carries the new one.
 * Returns how many tokens were revoked.
 */
export async function changeRole(
  db: Db,
  actor: Actor,
  userId: number,
  role: unknown,
): Promise<{ tokensRevoked: number }> {
  if (!isRole(role))
    throw new ValidationError([problem('role', 'is not a role', 'form.error.role')]);
  const target = await users.findUserById(db, userId);
  if (!target) throw new NotFoundError('user_not_found', 'No account has this id.');
  if (!can(actor, 'users.changeRole', { id: target.id }))
    throw new ForbiddenError('role_change_forbidden', 'You cannot change this role.');
  if (target.role === role) return { tokensRevoked: 0 };
  const tokensRevoked = await write(
    db,
    actor,
    async ({ trx }) => {
      await users.updateUser(trx, target.id, { role, updated_at: nowIso() });
      await users.deleteSessionsOf(trx, target.id);
      const revoked = await users.revokeApiTokensOf(trx, target.id, nowIso());
      // Their sessions just ended and their tokens stopped working: they are told why.
      await enqueueEmail(trx, {
        userId: target.id,
        kind: 'roleChanged',
        values: { role, tokens: revoked },
        linkPath: '/account',
      });
      return revoked;
    },
    {
      audit: (revoked) => ({
        action: 'user.role_changed',
        subject: { type: 'user', id: target.id },
        details: { from: target.role, to: role, tokens_revoked: revoked },
      }),
    },
  );
  return { tokensRevoked };
}

export async function listAudit(
  db: Db,
  actor: Actor,
  filter: {
    action?: string;
    userId?: number;
    from?: string;
    to?: string;
    page: number;
    perPage: number;
  },
) {
  if (!can(actor, 'audit.read')) throw new ForbiddenError();
  const [result, actions] = await Promise.all([
    users.listAudit(db, {
      ...filter,
      limit: filter.perPage,
      offset: (filter.page - 1) * filter.perPage,
    }),
    users.listAuditActions(db),
  ]);
  return { ...result, actions };
}

/**
 * The first admin (CLI): creates or promotes the account and returns a one-time link to set a
 * password (valid an hour). A promoted account's sessions end and its API tokens are revoked, as
 * with any change of role. Nothing secret is logged.
 */
export async function createAdmin(
  ctx: Pick<AccountContext, 'db' | 'publicUrl'>,
  input: { email?: unknown; name?: unknown },
): Promise<{ userId: number; link: string; created: boolean }> {
  const { email, problems } = checkEmail(input.email, '--email');
  const name = checkText(input.name ?? email.split('@')[0], '--name', { required: true, max: 200 });
  if (problems.length + name.problems.length > 0)
    throw new ValidationError([...problems, ...name.problems]);
  const token = newToken();
  const result = await write(
    ctx.db,
    ANONYMOUS,
    async ({ trx }) => {
      const now = nowIso();
      let user = await users.findUserByEmail(trx, email);
      let created = false;
      if (!user) {
        const id = await users.insertUser(trx, {
          email,
          email_verified_at: now,
          // No usable password until the link is followed.
          password_hash: await argonHash(newToken()),
          name: name.value,
          organisation_id: null,
          country_code: null,
          role: 'admin',
          locale: 'en',
          created_at: now,
          updated_at: now,
        });
        user = await users.findUserById(trx, id);
        created = true;
      } else {
        await users.updateUser(trx, user.id, {
          role: 'admin',
          email_verified_at: user.email_verified_at ?? now,
          updated_at: now,
        });
        await users.deleteSessionsOf(trx, user.id);
        await users.revokeApiTokensOf(trx, user.id, now);
      }
      if (!user) throw new Error('could not create the account');
      await users.expireEmailTokens(trx, user.id, 'reset', now);
      await users.insertEmailToken(trx, {
        id: sha256(token),
        user_id: user.id,
        purpose: 'reset',
        email,
        created_at: now,
        expires_at: new Date(Date.now() + RESET_TOKEN_MS).toISOString(),
        used_at: null,
      });
      return { userId: user.id, created };
    },
    {
      audit: ({ userId, created }) => ({
        action: created ? 'user.admin_created' : 'user.role_changed',
        subject: { type: 'user', id: userId },
        details: { to: 'admin', by: 'command line' },
      }),
    },
  );
  return { ...result, link: `${ctx.publicUrl}/account/reset?token=${token}` };
}
