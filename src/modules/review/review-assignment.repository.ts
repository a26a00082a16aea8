import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ReviewAssignmentTable, ReviewTable } from './review.table.ts';

/**
 * Reviewers' assignments, their drafts and reviews, and the reviewers' load. Submissions are in
 * review.repository.ts, calls in call.repository.ts.
 */

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
