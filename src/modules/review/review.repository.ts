import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type {
  CallTable,
  ReviewAssignmentTable,
  ReviewTable,
  SubmissionEventTable,
  SubmissionRoundTable,
  SubmissionTable,
} from './review.table.ts';

// ───────────────────────────── Calls ─────────────────────────────

export async function insertCall(db: Db, call: Insertable<CallTable>): Promise<number> {
  const row = await db.insertInto('calls').values(call).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateCall(db: Db, id: number, changes: Updateable<CallTable>) {
  await db.updateTable('calls').set(changes).where('id', '=', id).execute();
}

export async function findCallById(db: Db, id: number) {
  return db.selectFrom('calls').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCallBySlug(db: Db, slug: string) {
  return db.selectFrom('calls').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function callSlugExists(db: Db, slug: string): Promise<boolean> {
  const row = await db.selectFrom('calls').select('id').where('slug', '=', slug).executeTakeFirst();
  return row !== undefined;
}

export async function listCalls(db: Db) {
  return db.selectFrom('calls').selectAll().orderBy('closes_at', 'desc').orderBy('id').execute();
}

export async function listPublishedPracticeIdsOfCall(db: Db, callId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('submissions')
    .innerJoin('practices', 'practices.id', 'submissions.practice_id')
    .select('practices.id')
    .distinct()
    .where('submissions.call_id', '=', callId)
    .where('submissions.state', '=', 'published')
    .where('practices.archived_at', 'is', null)
    .orderBy('practices.id', 'desc')
    .execute();
  return rows.map((r) => r.id);
}

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

/** How many reviews each of these people has been asked for and not yet finished. */
export async function countOpenAssignments(db: Db, userIds: number[]) {
  if (userIds.length === 0) return [];
  return db
    .selectFrom('review_assignments')
    .select(['reviewer_user_id', (eb) => eb.fn.countAll<number>().as('open')])
    .where('reviewer_user_id', 'in', userIds)
    .where('state', 'in', ['invited', 'accepted'])
    .groupBy('reviewer_user_id')
    .execute();
}

/** Hands a deleted reviewer's assignments, reviews and statements to their nameless stand-in. */
export async function reassignReviewer(db: Db, fromUserId: number, toUserId: number) {
  await db
    .updateTable('review_assignments')
    .set({ reviewer_user_id: toUserId })
    .where('reviewer_user_id', '=', fromUserId)
    .execute();
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

export async function hasAssignments(db: Db, userId: number): Promise<boolean> {
  const row = await db
    .selectFrom('review_assignments')
    .select('id')
    .where('reviewer_user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function findReviewDraft(db: Db, assignmentId: number) {
  return db
    .selectFrom('review_drafts')
    .select(['data', 'saved_at'])
    .where('assignment_id', '=', assignmentId)
    .executeTakeFirst();
}

export async function saveReviewDraft(db: Db, assignmentId: number, data: string, at: string) {
  await db.deleteFrom('review_drafts').where('assignment_id', '=', assignmentId).execute();
  await db
    .insertInto('review_drafts')
    .values({ assignment_id: assignmentId, data, saved_at: at })
    .execute();
}

export async function deleteReviewDraft(db: Db, assignmentId: number): Promise<void> {
  await db.deleteFrom('review_drafts').where('assignment_id', '=', assignmentId).execute();
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

// ───────────────────────────── Assignments and reviews ─────────────────────────────

export async function insertAssignment(
  db: Db,
  assignment: Insertable<ReviewAssignmentTable>,
): Promise<number> {
  const row = await db
    .insertInto('review_assignments')
    .values(assignment)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findAssignmentById(db: Db, id: number) {
  return db.selectFrom('review_assignments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function updateAssignmentIfState(
  db: Db,
  id: number,
  expectedState: string,
  changes: Updateable<ReviewAssignmentTable>,
): Promise<boolean> {
  const result = await db
    .updateTable('review_assignments')
    .set(changes)
    .where('id', '=', id)
    .where('state', '=', expectedState)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function listAssignmentsOfSubmission(db: Db, submissionId: number) {
  return db
    .selectFrom('review_assignments')
    .innerJoin('users', 'users.id', 'review_assignments.reviewer_user_id')
    .leftJoin('reviews', 'reviews.assignment_id', 'review_assignments.id')
    .selectAll('review_assignments')
    .select([
      'users.name as reviewer_name',
      'users.deleted_at as reviewer_deleted_at',
      'reviews.score_relevance',
      'reviews.score_results',
      'reviews.score_evidence',
      'reviews.score_transferability',
      'reviews.score_sustainability',
      'reviews.score_rights',
      'reviews.proposed_evidence_level',
      'reviews.recommendation',
      'reviews.message_to_author',
      'reviews.message_to_editor',
      'reviews.submitted_at',
    ])
    .where('review_assignments.submission_id', '=', submissionId)
    .orderBy('review_assignments.round')
    .orderBy('review_assignments.id')
    .execute();
}

export async function listAssignmentsOfReviewer(db: Db, userId: number) {
  return db
    .selectFrom('review_assignments')
    .innerJoin('submissions', 'submissions.id', 'review_assignments.submission_id')
    .selectAll('review_assignments')
    .select(['submissions.data', 'submissions.state as submission_state'])
    .where('review_assignments.reviewer_user_id', '=', userId)
    .orderBy('review_assignments.completed_at', 'desc')
    .orderBy('review_assignments.due_at')
    .execute();
}

/** A reviewer's assignments with their reviews and drafts, for the copy of their own data. */
export async function listReviewRecordOf(db: Db, userId: number) {
  return db
    .selectFrom('review_assignments as a')
    .innerJoin('submissions as s', 's.id', 'a.submission_id')
    .leftJoin('reviews as r', 'r.assignment_id', 'a.id')
    .leftJoin('review_drafts as d', 'd.assignment_id', 'a.id')
    .select([
      'a.id',
      'a.submission_id',
      'a.round',
      'a.state',
      'a.assigned_at',
      'a.due_at',
      'a.declared_at',
      'a.conflict_statement',
      'a.completed_at',
      's.data as submission_data',
      'r.score_relevance',
      'r.score_results',
      'r.score_evidence',
      'r.score_transferability',
      'r.score_sustainability',
      'r.score_rights',
      'r.proposed_evidence_level',
      'r.recommendation',
      'r.message_to_author',
      'r.message_to_editor',
      'r.submitted_at',
      'd.data as draft_data',
      'd.saved_at as draft_saved_at',
    ])
    .where('a.reviewer_user_id', '=', userId)
    .orderBy('a.id')
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

export async function insertReview(db: Db, review: Insertable<ReviewTable>) {
  await db.insertInto('reviews').values(review).execute();
}

/** Assignments still waiting for a review whose deadline has not passed, for reminders. */
export async function listUnfinishedAssignmentIds(db: Db, submissionId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('review_assignments')
    .select('id')
    .where('submission_id', '=', submissionId)
    .where('state', 'in', ['invited', 'accepted'])
    .execute();
  return rows.map((r) => r.id);
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

/** Whether the reviewer has opened (declared no conflict on) this submission in any round. */
export async function hasOpenedAsReviewer(db: Db, submissionId: number, userId: number) {
  const row = await db
    .selectFrom('review_assignments')
    .select('id')
    .where('submission_id', '=', submissionId)
    .where('reviewer_user_id', '=', userId)
    .where('state', 'in', ['accepted', 'completed'])
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

/** Every reviewer's assignments: open ones, overdue ones, and those completed since a date. */
export async function countAssignmentsByReviewer(db: Db, now: string, completedSince: string) {
  const rows = await db
    .selectFrom('review_assignments')
    .innerJoin('users', 'users.id', 'review_assignments.reviewer_user_id')
    .select([
      'users.id',
      'users.name',
      (eb) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when('review_assignments.state', 'in', ['invited', 'accepted'])
              .then(1)
              .else(0)
              .end(),
          )
          .as('open'),
      (eb) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(
                eb.and([
                  eb('review_assignments.state', 'in', ['invited', 'accepted']),
                  eb('review_assignments.due_at', '<', now),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as('overdue'),
      (eb) =>
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(
                eb.and([
                  eb('review_assignments.state', '=', 'completed'),
                  eb('review_assignments.completed_at', '>=', completedSince),
                ]),
              )
              .then(1)
              .else(0)
              .end(),
          )
          .as('completed'),
    ])
    .groupBy(['users.id', 'users.name'])
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    open: Number(r.open ?? 0),
    overdue: Number(r.overdue ?? 0),
    completed: Number(r.completed ?? 0),
  }));
}
