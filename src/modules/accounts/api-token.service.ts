import type { Actor, Role } from '../../core/actor.ts';
import { NotFoundError, ValidationError } from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { problem } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import * as users from './account.repository.ts';
import { checkText, newToken, requireUser, sha256 } from './account-checks.ts';

/** API tokens: `Authorization: Bearer chk_…`, created and revoked by their owner on the account page. */

export const TOKEN_PREFIX = 'chk_';

export async function createApiToken(
  db: Db,
  actor: Actor,
  input: { name?: unknown; scopes?: unknown },
): Promise<{ token: string; id: number }> {
  const user = await requireUser(db, actor);
  const name = checkText(input.name, 'name', { required: true, max: 100 });
  const requested = (Array.isArray(input.scopes) ? input.scopes : [input.scopes]).filter(
    (s): s is string => typeof s === 'string' && s !== '',
  );
  const problems = [...name.problems];
  if (requested.some((s) => s !== 'read' && s !== 'write'))
    problems.push(problem('scopes', 'must be read or write', 'form.error.scopes'));
  if (problems.length > 0) throw new ValidationError(problems);
  const scopes = requested.includes('write') ? 'read,write' : 'read';
  const token = `${TOKEN_PREFIX}${newToken()}`;
  const id = await write(
    db,
    actor,
    ({ trx }) =>
      users.insertApiToken(trx, {
        user_id: user.id,
        name: name.value,
        token_hash: sha256(token),
        scopes,
        created_at: nowIso(),
        last_used_at: null,
        revoked_at: null,
      }),
    {
      audit: (tokenId) => ({
        action: 'token.created',
        subject: { type: 'api_token', id: tokenId },
        details: { scopes },
      }),
    },
  );
  return { token, id };
}

export async function listApiTokens(db: Db, actor: Actor) {
  const user = await requireUser(db, actor);
  return users.listApiTokensOf(db, user.id);
}

export async function revokeApiToken(db: Db, actor: Actor, id: number): Promise<void> {
  const user = await requireUser(db, actor);
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (!(await users.revokeApiToken(trx, user.id, id, nowIso())))
        throw new NotFoundError('token_not_found', 'No active token of yours has this id.');
    },
    { audit: { action: 'token.revoked', subject: { type: 'api_token', id } } },
  );
}

/** The account behind `Authorization: Bearer chk_…`, with the token's scopes. */
export async function authenticateToken(db: Db, bearer: string): Promise<Actor | null> {
  if (!bearer.startsWith(TOKEN_PREFIX) || bearer.length > 200) return null;
  const row = await users.findApiTokenByHash(db, sha256(bearer));
  if (!row || row.revoked_at) return null;
  const now = Date.now();
  if (!row.last_used_at || Date.parse(row.last_used_at) + 60_000 <= now)
    await users.touchApiToken(db, row.id, new Date(now).toISOString());
  const scopes = row.scopes
    .split(',')
    .filter((s): s is 'read' | 'write' => s === 'read' || s === 'write');
  return {
    kind: 'user',
    id: row.user_id,
    role: row.role as Role,
    name: row.name,
    via: 'token',
    scopes,
  };
}
