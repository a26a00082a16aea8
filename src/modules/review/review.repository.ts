import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  SubmissionEventTable,
  SubmissionRoundTable,
  SubmissionTable,
} from './review.table.ts';

/**
 * Submissions: drafts, the editorial queue, their files, rounds and events, the people they
 * involve and the funnel. Reviewers' assignments and reviews are in
 * review-assignment.repository.ts, calls in call.repository.ts.
 */

// ───────────────────────────── Submissions ─────────────────────────────

export async function insertSubmission(
  db: Db,
  submission: Insertable<SubmissionTable>,
): Promise<number> {
  const row = await db
    .insertInto('submissions')
    .values(submission)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findSubmissionById(db: Db, id: number) {
  return db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Changes a submission only if it is still in `expectedState`: two editors deciding at once,
 * or a decision racing a withdrawal, cannot both win. Returns whether the row changed.
 */
export async function updateSubmissionIfState(
  db: Db,
  id: number,
  expectedState: string,
  changes: Updateable<SubmissionTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('submissions')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', expectedState)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Changes a submission only if its state and text are still those read: a save that raced
 * another is told so (false) and merges again, instead of overwriting it.
 */
export async function updateSubmissionIfUnchanged(
  db: Db,
  id: number,
  read: { state: string; data: string },
  changes: Updateable<SubmissionTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('submissions')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', read.state)
    .where('data', '=', read.data)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listSubmissionsOfAuthor(db: Db, userId: number) {
  return db
    .selectFrom('submissions')
    .leftJoin('practices', 'practices.id', 'submissions.practice_id')
    .select([
      'submissions.id',
      'submissions.state',
      'submissions.data',
      'submissions.updated_at',
      'submissions.submitted_at',
      'submissions.practice_id',
      'practices.slug as practice_slug',
    ])
    .where('submissions.author_user_id', '=', userId)
    .orderBy('submissions.updated_at', 'desc')
    .orderBy('submissions.id', 'desc')
    .execute();
}

/** The submission of a new version of a practice still under way, if any. */
export async function findOpenSubmissionOfPractice(db: Db, practiceId: number) {
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('state', 'in', ['draft', 'submitted', 'in_review', 'changes_requested', 'resubmitted'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export interface QueueQuery {
  states: string[];
  callId?: number;
  submittedBefore?: string;
  limit: number;
  offset: number;
}

export async function listQueue(db: Db, query: QueueQuery) {
  let q = db
    .selectFrom('submissions')
    .leftJoin('users', 'users.id', 'submissions.author_user_id')
    .leftJoin('calls', 'calls.id', 'submissions.call_id')
    .select([
      'submissions.id',
      'submissions.state',
      'submissions.data',
      'submissions.round',
      'submissions.practice_id',
      'submissions.call_id',
      'submissions.submitted_at',
      'submissions.updated_at',
      'users.name as author_name',
      'calls.title as call_title',
    ])
    .where('submissions.state', 'in', query.states);
  if (query.callId !== undefined) q = q.where('submissions.call_id', '=', query.callId);
  if (query.submittedBefore !== undefined)
    q = q.where('submissions.submitted_at', '<=', query.submittedBefore);
  return q
    .orderBy('submissions.submitted_at', 'asc')
    .orderBy('submissions.id', 'asc')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
}

export async function countSubmissionsByState(db: Db) {
  return db
    .selectFrom('submissions')
    .select(['state', (eb) => eb.fn.countAll<number>().as('count')])
    .groupBy('state')
    .execute();
}

/** When each decided submission was first submitted and decided, for the time to decision. */
export async function listDecisionTimes(db: Db) {
  return db
    .selectFrom('submissions')
    .select(['submitted_at', 'decided_at'])
    .where('decided_at', 'is not', null)
    .where('submitted_at', 'is not', null)
    .where('state', 'in', ['published', 'rejected', 'archived'])
    .execute();
}

// ───────────────────────────── Files and events ─────────────────────────────

export async function listFilesOfSubmission(db: Db, submissionId: number) {
  return db
    .selectFrom('submission_files')
    .innerJoin('files', 'files.id', 'submission_files.file_id')
    .selectAll('files')
    .where('submission_files.submission_id', '=', submissionId)
    .orderBy('submission_files.position')
    .execute();
}

export async function addFileToSubmission(db: Db, submissionId: number, fileId: number) {
  const last = await db
    .selectFrom('submission_files')
    .select((eb) => eb.fn.max<number | null>('position').as('position'))
    .where('submission_id', '=', submissionId)
    .executeTakeFirst();
  await db
    .insertInto('submission_files')
    .values({ submission_id: submissionId, file_id: fileId, position: (last?.position ?? -1) + 1 })
    .execute();
}

export async function removeFileFromSubmission(
  db: Db,
  submissionId: number,
  fileId: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom('submission_files')
    .where('submission_id', '=', submissionId)
    .where('file_id', '=', fileId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The submissions a file belongs to, to decide who may read it. */
export async function submissionIdsHoldingFile(db: Db, fileId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('submission_files')
    .select('submission_id')
    .where('file_id', '=', fileId)
    .execute();
  return rows.map((r) => r.submission_id);
}

export async function listSubmissionsDataOfAuthor(db: Db, userId: number) {
  return db
    .selectFrom('submissions')
    .select(['id', 'data'])
    .where('author_user_id', '=', userId)
    .execute();
}

export async function setSubmissionData(db: Db, id: number, data: string): Promise<void> {
  await db.updateTable('submissions').set({ data }).where('id', '=', id).execute();
}

export async function insertRound(db: Db, round: Insertable<SubmissionRoundTable>) {
  await db.insertInto('submission_rounds').values(round).execute();
}

/** The text of the submission as sent for each of the given rounds. */
export async function listRounds(db: Db, submissionId: number, rounds: number[]) {
  if (rounds.length === 0) return [];
  return db
    .selectFrom('submission_rounds')
    .select(['round', 'data'])
    .where('submission_id', '=', submissionId)
    .where('round', 'in', rounds)
    .execute();
}

export async function insertEvent(db: Db, event: Insertable<SubmissionEventTable>) {
  await db.insertInto('submission_events').values(event).execute();
}

export async function listEventsOf(db: Db, submissionId: number) {
  return db
    .selectFrom('submission_events')
    .leftJoin('users', 'users.id', 'submission_events.actor_user_id')
    .select([
      'submission_events.id',
      'submission_events.from_state',
      'submission_events.to_state',
      'submission_events.message',
      'submission_events.created_at',
      'submission_events.actor_user_id',
      'users.name as actor_name',
    ])
    .where('submission_events.submission_id', '=', submissionId)
    .orderBy('submission_events.id')
    .execute();
}

export async function listAllRounds(db: Db, submissionId: number) {
  return db
    .selectFrom('submission_rounds')
    .select(['round', 'data', 'submitted_at'])
    .where('submission_id', '=', submissionId)
    .orderBy('round')
    .execute();
}

// ───────────────────────────── People ─────────────────────────────

/** Confirmed accounts with at least one of these roles, for reviewer choices and notices. */
export async function listUsersWithRoles(db: Db, roles: readonly string[]) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('role', 'in', roles)
    .where('email_verified_at', 'is not', null)
    .orderBy('name')
    .orderBy('id')
    .execute();
}

export async function findUserRoleAndName(db: Db, id: number) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role', 'email_verified_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findPracticeSlug(db: Db, practiceId: number) {
  const row = await db
    .selectFrom('practices')
    .select('slug')
    .where('id', '=', practiceId)
    .executeTakeFirst();
  return row?.slug;
}

export async function copyPracticeFilesToSubmission(
  db: Db,
  practiceId: number,
  submissionId: number,
) {
  const files = await db
    .selectFrom('practice_files')
    .select(['file_id', 'position'])
    .where('practice_id', '=', practiceId)
    .execute();
  if (files.length > 0)
    await db
      .insertInto('submission_files')
      .values(
        files.map((f) => ({
          submission_id: submissionId,
          file_id: f.file_id,
          position: f.position,
        })),
      )
      .execute();
}

export async function isFileOfVisiblePractice(db: Db, fileId: number): Promise<boolean> {
  const row = await db
    .selectFrom('practice_files')
    .innerJoin('practices', 'practices.id', 'practice_files.practice_id')
    .select('practice_files.file_id')
    .where('practice_files.file_id', '=', fileId)
    .where('practices.archived_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** The latest submission that published a practice, to start the next version from. */
export async function findLatestPublishedSubmission(db: Db, practiceId: number) {
  return db
    .selectFrom('submissions')
    .selectAll()
    .where('practice_id', '=', practiceId)
    .where('state', 'in', ['published', 'archived'])
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

// ───────────────────────────── Insights ─────────────────────────────

/** Every move of every submission, in order, with when the submission was started. */
export async function listTrailForFunnel(db: Db) {
  return db
    .selectFrom('submission_events')
    .innerJoin('submissions', 'submissions.id', 'submission_events.submission_id')
    .select([
      'submission_events.submission_id',
      'submission_events.from_state',
      'submission_events.to_state',
      'submission_events.created_at',
      'submissions.created_at as started_at',
    ])
    .orderBy('submission_events.submission_id')
    .orderBy('submission_events.created_at')
    .orderBy('submission_events.id')
    .execute();
}
