import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  AppError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import * as repo from './discussion.repository.ts';
import {
  notify,
  paragraphsOf,
  parseId,
  REPORT_REASONS,
  type ReportReason,
  type Row,
} from './discussion.service.ts';
import type { CommentKind, CommentState } from './discussion.table.ts';
import { keyOf, loadSubjects, subjectById } from './discussion-subjects.ts';

/**
 * Moderation of the discussions: the editors' queue (held, reported and hidden comments, bans),
 * the decisions on a comment, and bans. Who may do each is in discussion.policy.ts.
 */

const MODERATION_LIST = 100;

export interface ModerationItem {
  id: number;
  kind: CommentKind;
  state: CommentState;
  isReply: boolean;
  paragraphs: string[];
  language: string;
  authorId: number;
  authorName: string;
  authorBanned: boolean;
  createdAt: string;
  subjectTitle: string;
  subjectPath: string;
  reportCount: number;
  reasons: ReportReason[];
}

export interface ModerationQueue {
  held: ModerationItem[];
  reported: ModerationItem[];
  hidden: ModerationItem[];
  bans: { userId: number; name: string; reason: string; createdAt: string }[];
}

function mustModerate(actor: Actor): void {
  if (!can(actor, 'discussions.moderate')) throw new ForbiddenError();
}

export async function getModerationQueue(
  db: Db,
  actor: Actor,
  locale: Locale,
): Promise<ModerationQueue> {
  mustModerate(actor);
  const [held, hidden, counts, bans] = await Promise.all([
    repo.listCommentsInState(db, 'held', MODERATION_LIST),
    repo.listCommentsInState(db, 'hidden', MODERATION_LIST),
    repo.listReportCounts(db, MODERATION_LIST),
    repo.listBans(db),
  ]);
  const reportedRows = await repo.findCommentsByIds(
    db,
    counts.map((c) => c.comment_id),
  );
  const reasons = await repo.listReportReasons(
    db,
    counts.map((c) => c.comment_id),
  );
  const subjects = await loadSubjects(db, locale, [...held, ...hidden, ...reportedRows]);
  const banned = new Set(bans.map((b) => b.user_id));
  const countOf = new Map(counts.map((c) => [c.comment_id, Number(c.n)]));
  const item = (row: Row): ModerationItem => {
    const subject = subjects.get(keyOf(row.subject_kind, row.subject_id));
    const own = new Set(reasons.filter((r) => r.comment_id === row.id).map((r) => r.reason));
    return {
      id: row.id,
      kind: row.kind,
      state: row.state,
      isReply: row.parent_id !== null,
      paragraphs: paragraphsOf(row.body),
      language: row.language,
      authorId: row.author_id,
      authorName: row.author_name,
      authorBanned: banned.has(row.author_id),
      createdAt: row.created_at,
      subjectTitle: subject?.title ?? '',
      subjectPath: subject?.path ?? '/',
      reportCount: countOf.get(row.id) ?? 0,
      reasons: REPORT_REASONS.filter((r) => own.has(r)),
    };
  };
  const byId = new Map(reportedRows.map((r) => [r.id, r]));
  return {
    held: held.map(item),
    reported: counts.flatMap((c) => {
      const row = byId.get(c.comment_id);
      return row ? [item(row)] : [];
    }),
    hidden: hidden.map(item),
    bans: bans.map((b) => ({
      userId: b.user_id,
      name: b.name,
      reason: b.reason,
      createdAt: b.created_at,
    })),
  };
}

export const MODERATION_ACTIONS = ['approve', 'reject', 'hide', 'unhide', 'dismiss'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** Which states each action applies to, and the state it leaves. */
const TRANSITIONS: Record<ModerationAction, { from: CommentState[]; to: CommentState | null }> = {
  approve: { from: ['held'], to: 'visible' },
  reject: { from: ['held'], to: 'hidden' },
  hide: { from: ['visible'], to: 'hidden' },
  unhide: { from: ['hidden'], to: 'visible' },
  // Keeps the comment as it is and closes its reports.
  dismiss: { from: ['visible', 'hidden', 'held'], to: null },
};

/**
 * Approves or rejects a held comment, hides or restores a published one, or dismisses its
 * reports. Publishing a comment sends the emails its posting would have sent.
 */
export async function moderateComment(
  db: Db,
  actor: Actor,
  commentId: number,
  action: ModerationAction,
): Promise<void> {
  mustModerate(actor);
  const comment = await repo.findComment(db, commentId);
  if (!comment) throw new NotFoundError('comment_not_found', `No comment has the id ${commentId}.`);
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(comment.state))
    throw new AppError(
      409,
      'comment_state',
      `This comment is ${comment.state}: it cannot be given the action "${action}".`,
    );
  const subject = await subjectById(db, comment.subject_kind, comment.subject_id).catch(
    () => undefined,
  );
  const changesPages = rule.to !== null && (rule.to === 'visible' || comment.state === 'visible');
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (rule.to !== null) await repo.updateCommentState(trx, comment.id, rule.to, nowIso());
      if (action !== 'approve' && action !== 'unhide') await repo.deleteReports(trx, comment.id);
      if (action === 'approve' && subject) await notify(trx, comment.id, subject);
    },
    {
      audit: { action: `comment.${action}`, subject: { type: 'comment', id: comment.id } },
      contentChanged: changesPages,
    },
  );
}

/** Stops a person from posting in discussions; what they wrote stays as it is. */
export async function banFromDiscussions(
  db: Db,
  actor: Actor,
  input: { user?: unknown; reason?: unknown },
): Promise<void> {
  mustModerate(actor);
  const userId = parseId(input.user);
  const problems: FieldProblem[] = [];
  const name = userId !== undefined && userId > 0 ? await repo.findUserName(db, userId) : undefined;
  if (name === undefined || userId === undefined)
    problems.push({ field: 'user', message: 'is not an account', key: 'discussion.error.user' });
  else if (!can(actor, 'discussions.ban', { id: userId }))
    problems.push({
      field: 'user',
      message: 'you cannot ban yourself',
      key: 'discussion.error.self',
    });
  const reason = typeof input.reason === 'string' ? input.reason : '';
  if (!(REPORT_REASONS as readonly string[]).includes(reason))
    problems.push({
      field: 'reason',
      message: 'choose a reason from the list',
      key: 'form.error.choice',
    });
  if (problems.length > 0 || userId === undefined) throw new ValidationError(problems);
  if (await repo.findBan(db, userId)) return;
  await write(
    db,
    actor,
    ({ trx }) =>
      repo.insertBan(trx, {
        user_id: userId,
        banned_by: actor.kind === 'user' ? actor.id : null,
        reason,
        created_at: nowIso(),
      }),
    {
      audit: {
        action: 'discussion.banned',
        subject: { type: 'user', id: userId },
        details: { reason },
      },
    },
  );
}

export async function liftDiscussionBan(db: Db, actor: Actor, userId: number): Promise<void> {
  mustModerate(actor);
  await write(
    db,
    actor,
    async ({ trx }) => {
      if ((await repo.deleteBan(trx, userId)) === 0)
        throw new NotFoundError('ban_not_found', 'This person is not banned from discussions.');
    },
    { audit: { action: 'discussion.unbanned', subject: { type: 'user', id: userId } } },
  );
}
