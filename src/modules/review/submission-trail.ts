import type { Actor } from '../../core/actor.ts';
import { nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import { type EmailKind, enqueueEmail } from '../jobs/index.ts';
import * as repo from './review.repository.ts';
import type { SubmissionState } from './submission.model.ts';

/** The trail a submission leaves: its moves from state to state, and the emails they send. */

export async function recordEvent(
  db: Db,
  submissionId: number,
  actor: Actor,
  from: SubmissionState | null,
  to: SubmissionState,
  message: string | null = null,
) {
  await repo.insertEvent(db, {
    submission_id: submissionId,
    actor_user_id: actor.kind === 'user' ? actor.id : null,
    from_state: from,
    to_state: to,
    message,
    created_at: nowIso(),
  });
}

export async function staffIds(db: Db): Promise<number[]> {
  return (await repo.listUsersWithRoles(db, ['editor', 'admin'])).map((u) => u.id);
}

export async function notify(
  db: Db,
  userIds: Iterable<number>,
  kind: EmailKind,
  values: Record<string, string | number>,
  linkPath: string,
  dedupe: string,
) {
  for (const userId of new Set(userIds)) {
    await enqueueEmail(db, {
      userId,
      kind,
      values,
      linkPath,
      dedupeKey: `${dedupe}:${kind}:${userId}`,
    });
  }
}
