import type { Db } from '../db/connect.ts';
import type { Actor } from './actor.ts';
import { nowIso } from './text.ts';

/**
 * Records who did what, in the caller's transaction, so the record exists exactly when the
 * change does. Details must never hold passwords, tokens or addresses.
 *
 *   await recordAudit(trx, actor, 'user.role_changed', { type: 'user', id: 12 }, { from: 'member', to: 'editor' })
 */
export async function recordAudit(
  db: Db,
  actor: Actor,
  action: string,
  subject?: { type: string; id: string | number },
  details: Record<string, string | number | boolean | null> = {},
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: actor.kind === 'user' ? actor.id : null,
      action,
      subject_type: subject?.type ?? null,
      subject_id: subject === undefined ? null : String(subject.id),
      details: JSON.stringify(details),
      created_at: nowIso(),
    })
    .execute();
}
