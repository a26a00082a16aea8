import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  AppError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnauthenticatedError,
  ValidationError,
} from '../../core/errors.ts';
import { directionOf, LOCALES, type Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { hitLimit } from '../../core/throttle.ts';
import { readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection } from '../accounts/index.ts';
import { enqueueEmail } from '../jobs/index.ts';
import { practiceResource } from '../practices/index.ts';
import * as repo from './discussion.repository.ts';
import {
  COMMENT_KINDS,
  type CommentKind,
  type CommentState,
  SUBJECT_KINDS,
  type SubjectKind,
} from './discussion.table.ts';
import {
  keyOf,
  loadSubjects,
  pathOf,
  type Subject,
  subjectById,
  subjectIdBySlug,
} from './discussion-subjects.ts';
import { bookModerationDigest } from './moderation-digest.service.ts';

/**
 * The discussions of practices and recommendations: a thread as its reader may see it (held
 * comments only to their author, `discussions.readHeld`), posting, replying and reporting, the
 * emails they send, and the replies for digests. Moderation is in
 * discussion-moderation.service.ts, the subjects discussed in discussion-subjects.ts.
 */

/** The longest comment, in characters. */
export const BODY_MAX = 5000;
/** A person's first post (before any of theirs was published) may carry at most this many links. */
export const FIRST_POST_LINKS = 2;
const HOUR_MS = 3600_000;
const EXCERPT_CHARS = 200;

export const REPORT_REASONS = ['spam', 'abuse', 'off-topic', 'personal-data'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];

/**
 * The languages a comment may be written in: the six UI languages first, then the languages
 * most spoken by migrants and the cities that receive them. Names come from CLDR at display.
 */
export const COMMENT_LANGUAGES: readonly string[] = [
  ...LOCALES,
  'de',
  'it',
  'pt',
  'nl',
  'pl',
  'el',
  'tr',
  'uk',
  'ro',
  'sq',
  'fa',
  'ps',
  'ur',
  'hi',
  'bn',
  'ta',
  'tl',
  'id',
  'vi',
  'ko',
  'ja',
  'he',
  'ku',
  'am',
  'ti',
  'so',
  'sw',
  'ha',
  'yo',
  'wo',
];

const LINK = /\bhttps?:\/\/|\bwww\.[^\s.]/gi;

// ───────────────────────────── Reading ─────────────────────────────

export interface CommentView {
  id: number;
  kind: CommentKind;
  paragraphs: string[];
  language: string;
  dir: 'ltr' | 'rtl';
  authorName: string;
  createdAt: string;
  /** Waiting for moderation: only its author sees it. */
  held: boolean;
  /** The reader's own comment. */
  mine: boolean;
  replies: CommentView[];
}

export interface ThreadView {
  subjectKind: SubjectKind;
  subjectSlug: string;
  /** Top comments, oldest first, each with its replies. */
  comments: CommentView[];
  /** Visible comments and replies. */
  count: number;
  /** What the reader may do: read only (anonymous), take part, or nothing more (banned). */
  viewer: 'anonymous' | 'participant' | 'banned';
  mayModerate: boolean;
  /** For a moderator: the posts of this thread that wait for approval, shown in the queue. */
  waiting: number;
  /** The language the form proposes: the reader's UI language. */
  defaultLanguage: string;
  languages: readonly string[];
}

export function paragraphsOf(body: string): string[] {
  return body
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export type Row = Awaited<ReturnType<typeof repo.listThreadComments>>[number];

function viewOf(row: Row, viewerId: number | null): CommentView {
  return {
    id: row.id,
    kind: row.kind,
    paragraphs: paragraphsOf(row.body),
    language: row.language,
    dir: directionOf(row.language),
    authorName: row.author_name,
    createdAt: row.created_at,
    held: row.state === 'held',
    mine: row.author_id === viewerId,
    replies: [],
  };
}

/** The discussion of a practice or a recommendation, as this reader may see it. */
export async function getThread(
  db: Db,
  actor: Actor,
  locale: Locale,
  subject: { kind: SubjectKind; id: number; slug: string },
): Promise<ThreadView> {
  const viewerId = actor.kind === 'user' ? actor.id : null;
  const [rows, ban] = await Promise.all([
    repo.listThreadComments(db, subject.kind, subject.id, viewerId),
    viewerId === null ? undefined : repo.findBan(db, viewerId),
  ]);
  const tops = new Map<number, CommentView>();
  const comments: CommentView[] = [];
  let count = 0;
  for (const row of rows) {
    if (row.state === 'held' && !can(actor, 'discussions.readHeld', { ownerId: row.author_id }))
      continue;
    if (row.parent_id === null) {
      const view = viewOf(row, viewerId);
      tops.set(row.id, view);
      comments.push(view);
    } else {
      // A reply whose thread was hidden goes with it.
      const top = tops.get(row.parent_id);
      if (!top) continue;
      top.replies.push(viewOf(row, viewerId));
    }
    if (row.state === 'visible') count++;
  }
  return {
    subjectKind: subject.kind,
    subjectSlug: subject.slug,
    comments,
    count,
    viewer:
      viewerId === null || !can(actor, 'discussions.post')
        ? 'anonymous'
        : ban
          ? 'banned'
          : 'participant',
    mayModerate: can(actor, 'discussions.moderate'),
    waiting: can(actor, 'discussions.moderate')
      ? await repo.countHeldComments(db, subject.kind, subject.id)
      : 0,
    defaultLanguage: locale,
    languages: COMMENT_LANGUAGES,
  };
}

// ───────────────────────────── Writing ─────────────────────────────

export interface CommentInput {
  kind?: unknown;
  body?: unknown;
  language?: unknown;
  /** The comment answered, for a reply. */
  parent?: unknown;
}

export interface PostOutcome {
  commentId: number;
  state: CommentState;
  /** Where the comment is shown: the subject's page and the comment's anchor. */
  path: string;
}

/** A refusal that the form shows beside the text, with its own status (403). */
export class DiscussionRefusal extends AppError {}

function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > EXCERPT_CHARS ? `${flat.slice(0, EXCERPT_CHARS - 1)}…` : flat;
}

function checkCommentInput(input: CommentInput, isReply: boolean) {
  const problems: FieldProblem[] = [];
  const body = readText(problems, 'body', input.body, { max: BODY_MAX, required: true }) ?? '';
  const kind = isReply ? 'comment' : typeof input.kind === 'string' ? input.kind : '';
  if (!(COMMENT_KINDS as readonly string[]).includes(kind))
    problems.push({
      field: 'kind',
      message: 'must be question or comment',
      key: 'form.error.choice',
    });
  const language = typeof input.language === 'string' ? input.language : '';
  if (!COMMENT_LANGUAGES.includes(language))
    problems.push({
      field: 'language',
      message: 'is not a language offered',
      key: 'form.error.choice',
    });
  return { problems, body, kind: kind as CommentKind, language };
}

export function parseId(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value);
  return /^[1-9]\d{0,9}$/.test(text) && Number(text) <= 2_147_483_647 ? Number(text) : -1;
}

function tooManyPosts(perHour: number, retryAfterSeconds: number): TooManyRequestsError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const message = `at most ${perHour} posts an hour; try again in ${minutes} minutes`;
  return new TooManyRequestsError(
    retryAfterSeconds,
    [
      {
        field: 'body',
        message,
        key: 'discussion.error.rateLimited',
        values: { max: perHour, minutes },
      },
    ],
    'discussion_rate_limited',
  );
}

/**
 * Asks a question or comments on a subject, or replies in a thread (a reply to a reply joins
 * the thread of the top comment). A person's first post waits for an editor; the practice's
 * owner hears of a new question and a comment's author of a reply, once they are visible.
 * One person posts at most `perHour` times an hour (config `commentRateLimitPerHour`, 0 for no
 * limit), counted in the database so that every process sees the same count.
 */
export async function postComment(
  db: Db,
  actor: Actor,
  // Unused since a recommendation is found by its slug alone; kept so that callers stay as they are.
  _locale: Locale,
  target: { kind: SubjectKind; slug: string },
  input: CommentInput,
  perHour: number,
): Promise<PostOutcome> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  if (!can(actor, 'discussions.post')) throw new ForbiddenError();
  const subjectId = await subjectIdBySlug(db, target.kind, target.slug);
  const parentId = parseId(input.parent);
  const checked = checkCommentInput(input, parentId !== undefined);
  let parent: Awaited<ReturnType<typeof repo.findComment>>;
  if (parentId !== undefined) {
    parent = parentId > 0 ? await repo.findComment(db, parentId) : undefined;
    if (
      parent?.state !== 'visible' ||
      parent.subject_kind !== target.kind ||
      parent.subject_id !== subjectId
    )
      checked.problems.push({
        field: 'parent',
        message: 'is not a published comment on this page',
        key: 'discussion.error.parent',
      });
  }
  if (checked.problems.length > 0) throw new ValidationError(checked.problems);

  if (await repo.findBan(db, actor.id))
    throw new DiscussionRefusal(403, 'discussion_banned', 'body: you may not post in discussions', [
      {
        field: 'body',
        message: 'you may not post in discussions',
        key: 'discussion.error.banned',
      },
    ]);
  const trusted =
    can(actor, 'discussions.postUnreviewed') ||
    (await repo.countCommentsByAuthor(db, actor.id, 'visible')) > 0;
  if (!trusted && countLinks(checked.body) > FIRST_POST_LINKS)
    throw new ValidationError([
      {
        field: 'body',
        message: `a first post may contain at most ${FIRST_POST_LINKS} links`,
        key: 'discussion.error.links',
        values: { max: FIRST_POST_LINKS },
      },
    ]);

  const subject = await subjectById(db, target.kind, subjectId);
  const state: CommentState = trusted ? 'visible' : 'held';
  const now = nowIso();
  const commentId = await write(
    db,
    actor,
    async ({ trx }) => {
      // Counted in the transaction: a post refused here, or failing later, gives its count back.
      const limit = await hitLimit(trx, `discussion-post:${actor.id}`, perHour, HOUR_MS);
      if (!limit.allowed) throw tooManyPosts(perHour, limit.retryAfterSeconds);
      const id = await repo.insertComment(trx, {
        subject_kind: target.kind,
        subject_id: subjectId,
        parent_id: parent ? (parent.parent_id ?? parent.id) : null,
        in_reply_to: parent ? parent.id : null,
        author_id: actor.id,
        kind: checked.kind,
        body: checked.body,
        language: checked.language,
        state,
        created_at: now,
        updated_at: now,
      });
      if (state === 'visible') await notify(trx, id, subject);
      else await bookModerationDigest(trx);
      return id;
    },
    {
      audit: (id) => ({
        action: 'comment.posted',
        subject: { type: 'comment', id },
        details: { subject: keyOf(target.kind, subjectId), state },
      }),
      contentChanged: state === 'visible',
    },
  );
  return { commentId, state, path: `${subject.path}#comment-${commentId}` };
}

/** Emails for a comment that has just become visible: to the practice's owner, or to the people answered. */
export async function notify(db: Db, commentId: number, subject: Subject): Promise<void> {
  const comment = await repo.findComment(db, commentId);
  if (!comment) return;
  // A link, never the text: a comment may be hidden after the email has left.
  const values = { title: subject.title, author: comment.author_name };
  const linkPath = `${subject.path}#comment-${comment.id}`;
  if (comment.parent_id === null) {
    if (comment.kind !== 'question' || subject.kind !== 'practice') return;
    const { ownerId } = await practiceResource(db, subject.id);
    if (ownerId === undefined || ownerId === null || ownerId === comment.author_id) return;
    await enqueueEmail(db, {
      userId: ownerId,
      kind: 'discussionQuestion',
      values,
      linkPath,
      dedupeKey: `discussion:${comment.id}:question`,
    });
    return;
  }
  const recipients = new Set<number>();
  for (const id of [comment.in_reply_to, comment.parent_id]) {
    if (id === null) continue;
    const answered = await repo.findComment(db, id);
    if (answered && answered.author_id !== comment.author_id) recipients.add(answered.author_id);
  }
  for (const userId of recipients)
    await enqueueEmail(db, {
      userId,
      kind: 'discussionReply',
      values,
      linkPath,
      dedupeKey: `discussion:${comment.id}:reply:${userId}`,
    });
}

/** Reports a published comment to the editors; reporting it again changes nothing. */
export async function reportComment(
  db: Db,
  actor: Actor,
  commentId: number,
  input: { reason?: unknown },
): Promise<{ path: string }> {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  if (!can(actor, 'discussions.post')) throw new ForbiddenError();
  const comment = await repo.findComment(db, commentId);
  if (comment?.state !== 'visible')
    throw new NotFoundError('comment_not_found', `No published comment has the id ${commentId}.`);
  const reason = typeof input.reason === 'string' ? input.reason : '';
  if (!(REPORT_REASONS as readonly string[]).includes(reason))
    throw new ValidationError([
      { field: 'reason', message: 'choose a reason from the list', key: 'form.error.choice' },
    ]);
  const subject = await subjectById(db, comment.subject_kind, comment.subject_id);
  await write(
    db,
    actor,
    async ({ trx }) => {
      const added = await repo.insertReport(trx, {
        comment_id: comment.id,
        reporter_id: actor.id,
        reason,
        created_at: nowIso(),
      });
      if (added) {
        await bookModerationDigest(trx);
        await enqueueEmail(trx, {
          userId: actor.id,
          kind: 'discussionReportReceived',
          values: { title: subject.title },
          linkPath: `${subject.path}#comment-${comment.id}`,
          dedupeKey: `discussion:${comment.id}:reported:${actor.id}`,
        });
      }
      return added;
    },
    {
      audit: (added) =>
        added
          ? {
              action: 'comment.reported',
              subject: { type: 'comment', id: comment.id },
              details: { reason },
            }
          : null,
    },
  );
  return { path: `${subject.path}#comment-${comment.id}` };
}

export interface CommentContext {
  id: number;
  authorName: string;
  excerpt: string;
  language: string;
  subject: { kind: SubjectKind; slug: string; title: string; path: string };
}

/** A published comment, for the pages that reply to it or report it. */
export async function getCommentContext(
  db: Db,
  locale: Locale,
  commentId: number,
): Promise<CommentContext> {
  const comment = await repo.findComment(db, commentId);
  if (comment?.state !== 'visible')
    throw new NotFoundError('comment_not_found', `No published comment has the id ${commentId}.`);
  const subject = (await loadSubjects(db, locale, [comment])).get(
    keyOf(comment.subject_kind, comment.subject_id),
  );
  if (!subject)
    throw new NotFoundError('comment_not_found', `No published comment has the id ${commentId}.`);
  return {
    id: comment.id,
    authorName: comment.author_name,
    excerpt: excerptOf(comment.body),
    language: comment.language,
    subject,
  };
}

/** The subject of a form sent back with problems: its title and address. */
export async function getSubjectForForm(
  db: Db,
  locale: Locale,
  target: { kind: SubjectKind; slug: string },
): Promise<{ title: string; path: string }> {
  const id = await subjectIdBySlug(db, target.kind, target.slug);
  const subject = (
    await loadSubjects(db, locale, [{ subject_kind: target.kind, subject_id: id }])
  ).get(keyOf(target.kind, id));
  return subject ?? { title: target.slug, path: pathOf(target.kind, target.slug) };
}

// ───────────────────────────── For digests ─────────────────────────────

export interface ReplyNotice {
  commentId: number;
  subjectKind: SubjectKind;
  subjectTitle: string;
  subjectPath: string;
  authorName: string;
  createdAt: string;
  excerpt: string;
}

/**
 * The published replies and answers to a person's questions and comments since a moment (an
 * ISO 8601 time), oldest first, for email digests. Their own replies are left out.
 *
 *   await listRepliesToUserSince(db, 7, '2026-12-01T00:00:00.000Z')
 *   // [{ commentId: 42, subjectKind: 'practice', subjectTitle: 'Welcome desk', subjectPath: '/practices/welcome-desk#comment-42', … }]
 */
export async function listRepliesToUserSince(
  db: Db,
  userId: number,
  sinceIso: string,
  locale: Locale = 'en',
): Promise<ReplyNotice[]> {
  const since = new Date(sinceIso);
  if (Number.isNaN(since.getTime())) throw new Error(`not an ISO 8601 time: ${sinceIso}`);
  const rows = await repo.listRepliesTo(db, userId, since.toISOString(), 500);
  const subjects = await loadSubjects(db, locale, rows);
  return rows.flatMap((row) => {
    const subject = subjects.get(keyOf(row.subject_kind, row.subject_id));
    if (!subject) return [];
    return [
      {
        commentId: row.id,
        subjectKind: row.subject_kind,
        subjectTitle: subject.title,
        subjectPath: subject.path,
        authorName: row.author_name,
        createdAt: row.created_at,
        excerpt: excerptOf(row.body),
      },
    ];
  });
}

export function isSubjectKind(value: string): value is SubjectKind {
  return (SUBJECT_KINDS as readonly string[]).includes(value);
}

/** Everything a person wrote in discussions, for the copy of their data (their own only). */
export async function exportOwnComments(db: Db, actor: Actor) {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id })) return [];
  return (await repo.listCommentsByAuthor(db, actor.id)).map((c) => ({
    id: c.id,
    on: { kind: c.subject_kind, id: c.subject_id },
    in_thread_of: c.parent_id,
    kind: c.kind,
    text: c.body,
    language: c.language,
    state: c.state,
    created_at: c.created_at,
  }));
}

/** The comments, in the copy of one's account data. */
export const commentsDataSection: AccountDataSection = {
  key: 'comments',
  gather: (db, actor) => exportOwnComments(db, actor),
};
