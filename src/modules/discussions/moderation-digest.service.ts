import type { Db } from '../../db/connect.ts';
import { enqueueEmail, enqueueJob, type JobHandler } from '../jobs/index.ts';
import * as repo from './discussion.repository.ts';

/**
 * The moderators' digest: a post held for approval or a report does not email the editors at
 * once, item by item; it books one digest at the end of the current window, and the digest says
 * how many posts wait and how many comments are reported, with a link to the queue.
 *
 *   await bookModerationDigest(trx, new Date('2026-12-07T14:10:00Z'))
 *   // one 'discussions.moderationDigest' job at 14:30, however many posts come before then
 */
export const MODERATION_DIGEST_JOB = 'discussions.moderationDigest';
export const MODERATION_DIGEST_WINDOW_MS = 30 * 60 * 1000;

interface DigestPayload {
  window: string;
}

/** Books the digest of the window `now` falls in (once per window, whatever the number of items). */
export async function bookModerationDigest(db: Db, now = new Date()): Promise<void> {
  const end = new Date(
    Math.ceil((now.getTime() + 1) / MODERATION_DIGEST_WINDOW_MS) * MODERATION_DIGEST_WINDOW_MS,
  );
  const window = end.toISOString();
  await enqueueJob(db, {
    kind: MODERATION_DIGEST_JOB,
    payload: { window } satisfies DigestPayload,
    runAt: end,
    dedupeKey: `${MODERATION_DIGEST_JOB}:${window}`,
  });
}

/** What the moderation queue holds, for the editors' dashboard. */
export function countModerationQueue(db: Db): Promise<{ held: number; reported: number }> {
  return repo.countModerationQueue(db);
}

/**
 * Sends the digest to every moderator, when something still waits (an editor may have cleared
 * the queue meanwhile). Each moderator's email is queued once per window, so a rerun sends none.
 */
export const sendModerationDigest: JobHandler<DigestPayload> = async (payload, { db }) => {
  const { held, reported } = await repo.countModerationQueue(db);
  if (held === 0 && reported === 0) return;
  for (const userId of await repo.listModeratorIds(db))
    await enqueueEmail(db, {
      userId,
      kind: 'moderationDigest',
      values: { held, reported },
      linkPath: '/editor/discussions',
      dedupeKey: `${MODERATION_DIGEST_JOB}:${payload.window}:${userId}`,
    });
};
