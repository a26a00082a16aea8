import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  CommentState,
  CommentTable,
  DiscussionBanTable,
  SubjectKind,
} from './discussion.table.ts';

const COMMENT_COLUMNS = [
  'c.id',
  'c.subject_kind',
  'c.subject_id',
  'c.parent_id',
  'c.in_reply_to',
  'c.author_id',
  'c.kind',
  'c.body',
  'c.language',
  'c.state',
  'c.created_at',
  'c.updated_at',
  'u.name as author_name',
] as const;

/**
 * The comments of one subject that a reader may see: the visible ones, and the held ones of
 * `viewerId` (their own, waiting for moderation). Oldest first. The service applies the rule
 * (`discussions.readHeld`); this only spares it the rows no reader could be shown.
 */
export async function listThreadComments(
  db: Db,
  kind: SubjectKind,
  subjectId: number,
  viewerId: number | null,
) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select(COMMENT_COLUMNS)
    .where('c.subject_kind', '=', kind)
    .where('c.subject_id', '=', subjectId)
    .where((eb) =>
      viewerId === null
        ? eb('c.state', '=', 'visible')
        : eb.or([
            eb('c.state', '=', 'visible'),
            eb.and([eb('c.state', '=', 'held'), eb('c.author_id', '=', viewerId)]),
          ]),
    )
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

/** How many comments on a subject wait for approval, for its moderators. */
export async function countHeldComments(
  db: Db,
  kind: SubjectKind,
  subjectId: number,
): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('state', '=', 'held')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findComment(db: Db, id: number) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select(COMMENT_COLUMNS)
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export async function insertComment(db: Db, row: Insertable<CommentTable>): Promise<number> {
  const inserted = await db
    .insertInto('comments')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function updateCommentState(
  db: Db,
  id: number,
  state: CommentState,
  updatedAt: string,
): Promise<void> {
  await db
    .updateTable('comments')
    .set({ state, updated_at: updatedAt })
    .where('id', '=', id)
    .execute();
}

export async function countCommentsByAuthor(
  db: Db,
  authorId: number,
  state: CommentState,
): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', authorId)
    .where('state', '=', state)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Comments in a state, newest first, for the moderation page. */
export async function listCommentsInState(db: Db, state: CommentState, limit: number) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select(COMMENT_COLUMNS)
    .where('c.state', '=', state)
    .orderBy('c.created_at', 'desc')
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

/** How many comments wait for approval, and how many published ones have open reports. */
export async function countModerationQueue(db: Db): Promise<{ held: number; reported: number }> {
  const [held, reported] = await Promise.all([
    db
      .selectFrom('comments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', '=', 'held')
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('comment_reports')
      .select((eb) => eb.fn.count<number>('comment_id').distinct().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { held: Number(held.n), reported: Number(reported.n) };
}

/** The editors and admins, who moderate the discussions. */
export async function listModeratorIds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('users')
    .select('id')
    .where('role', 'in', ['editor', 'admin'])
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** Comments with open reports, the most reported first. */
export async function listReportCounts(db: Db, limit: number) {
  return db
    .selectFrom('comment_reports')
    .select((eb) => ['comment_id', eb.fn.countAll<number>().as('n')])
    .groupBy('comment_id')
    .orderBy('n', 'desc')
    .orderBy('comment_id', 'desc')
    .limit(limit)
    .execute();
}

export async function findCommentsByIds(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .select(COMMENT_COLUMNS)
    .where('c.id', 'in', ids)
    .execute();
}

export async function listReportReasons(db: Db, commentIds: number[]) {
  if (commentIds.length === 0) return [];
  return db
    .selectFrom('comment_reports')
    .select(['comment_id', 'reason'])
    .where('comment_id', 'in', commentIds)
    .execute();
}

/** Records a report; a second report of the same comment by the same person changes nothing. */
export async function insertReport(
  db: Db,
  row: { comment_id: number; reporter_id: number; reason: string; created_at: string },
): Promise<boolean> {
  const result = await db
    .insertInto('comment_reports')
    .values(row)
    .onConflict((oc) => oc.columns(['comment_id', 'reporter_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function deleteReports(db: Db, commentId: number): Promise<number> {
  const result = await db
    .deleteFrom('comment_reports')
    .where('comment_id', '=', commentId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function findBan(db: Db, userId: number) {
  return db
    .selectFrom('discussion_bans')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertBan(db: Db, row: Insertable<DiscussionBanTable>): Promise<void> {
  await db
    .insertInto('discussion_bans')
    .values(row)
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

export async function deleteBan(db: Db, userId: number): Promise<number> {
  const result = await db
    .deleteFrom('discussion_bans')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The people banned, with their names (never their addresses), the latest first. */
export async function listBans(db: Db) {
  return db
    .selectFrom('discussion_bans as b')
    .innerJoin('users as u', 'u.id', 'b.user_id')
    .select(['b.user_id', 'b.reason', 'b.created_at', 'u.name'])
    .orderBy('b.created_at', 'desc')
    .orderBy('b.user_id')
    .execute();
}

/**
 * Visible replies written by others since a moment, in threads that `userId` started or in
 * answer to one of their comments. Oldest first.
 */
export async function listRepliesTo(db: Db, userId: number, sinceIso: string, limit: number) {
  return db
    .selectFrom('comments as c')
    .innerJoin('users as u', 'u.id', 'c.author_id')
    .innerJoin('comments as top', 'top.id', 'c.parent_id')
    .leftJoin('comments as answered', 'answered.id', 'c.in_reply_to')
    .select(COMMENT_COLUMNS)
    .where('c.state', '=', 'visible')
    .where('top.state', '=', 'visible')
    .where('c.created_at', '>', sinceIso)
    .where('c.author_id', '<>', userId)
    .where((eb) => eb.or([eb('top.author_id', '=', userId), eb('answered.author_id', '=', userId)]))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .limit(limit)
    .execute();
}

export async function findUserName(db: Db, userId: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('users')
    .select('name')
    .where('id', '=', userId)
    .executeTakeFirst();
  return row?.name;
}

/** What a person wrote, for the copy of their data. */
export async function listCommentsByAuthor(db: Db, userId: number) {
  return db
    .selectFrom('comments')
    .select([
      'id',
      'subject_kind',
      'subject_id',
      'parent_id',
      'kind',
      'body',
      'language',
      'state',
      'created_at',
    ])
    .where('author_id', '=', userId)
    .orderBy('id')
    .execute();
}
