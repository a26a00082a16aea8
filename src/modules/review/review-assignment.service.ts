import { type Actor, ANONYMOUS, isRole } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { zonedToUtc } from '../../core/time.ts';
import { readDate, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { DeletionKeeper } from '../accounts/index.ts';
import { cancelJobs, enqueueEmail } from '../jobs/index.ts';
import * as repo from './review.repository.ts';
import type { SubmissionRow } from './review.table.ts';
import * as assignmentRepo from './review-assignment.repository.ts';
import {
  type AssignmentState,
  isEvidenceLevel,
  MIN_REVIEWERS,
  RECOMMENDATIONS,
  REVIEW_MESSAGE_MAX,
  type Recommendation,
  SCORES,
} from './submission.model.ts';
import { notify, recordEvent, staffIds } from './submission-trail.ts';
import { parseData, type SubmissionView, stateOf, titleOf, viewOf } from './submission-view.ts';

/**
 * Peer review: the editors invite reviewers for a round, and each reviewer declares their
 * interests, then reads the submission and sends a review.
 */

/** Days before a review's deadline when the reviewer is reminded. */

export const REMINDER_DAYS_BEFORE = 2;
const DAY_MS = 24 * 3600_000;

export interface AssignmentForEditor {
  id: number;
  reviewerId: number;
  /** Null when the reviewer deleted their account: the review stays, without their name. */
  reviewerName: string | null;
  round: number;
  state: AssignmentState;
  dueAt: string;
  conflictStatement: string | null;
  review: {
    scores: Record<(typeof SCORES)[number], number>;
    proposedEvidenceLevel: string;
    recommendation: string;
    messageToAuthor: string;
    messageToEditor: string;
    submittedAt: string;
  } | null;
}

type AssignmentRow = Awaited<ReturnType<typeof assignmentRepo.listAssignmentsOfSubmission>>[number];

/** An assignment of a submission with its review, once sent, as the editors read it. */
export function presentAssignment(a: AssignmentRow): AssignmentForEditor {
  return {
    id: a.id,
    reviewerId: a.reviewer_user_id,
    reviewerName: a.reviewer_deleted_at === null ? a.reviewer_name : null,
    round: a.round,
    state: a.state as AssignmentState,
    dueAt: a.due_at,
    conflictStatement: a.conflict_statement,
    review:
      a.submitted_at === null
        ? null
        : {
            scores: {
              relevance: a.score_relevance ?? 0,
              results: a.score_results ?? 0,
              evidence: a.score_evidence ?? 0,
              transferability: a.score_transferability ?? 0,
              sustainability: a.score_sustainability ?? 0,
              rights: a.score_rights ?? 0,
            },
            proposedEvidenceLevel: a.proposed_evidence_level ?? '',
            recommendation: a.recommendation ?? '',
            messageToAuthor: a.message_to_author ?? '',
            messageToEditor: a.message_to_editor ?? '',
            submittedAt: a.submitted_at,
          },
  };
}

/** Whether a person on the roster may be chosen to review the submission (never its author). */
export function mayReview(person: { id: number; name: string; role: string }, row: SubmissionRow) {
  const asReviewer: Actor = isRole(person.role)
    ? {
        kind: 'user',
        id: person.id,
        role: person.role,
        name: person.name,
        via: 'session',
        scopes: ['read', 'write'],
      }
    : ANONYMOUS;
  return can(asReviewer, 'submissions.review', {
    id: row.id,
    ownerId: row.author_user_id ?? undefined,
  });
}

function requireEditor(actor: Actor) {
  if (!can(actor, 'submissions.manage')) throw new ForbiddenError();
}

/**
 * Invites reviewers for the current round, each with a deadline, and moves the submission into
 * review. The round must end up with at least MIN_REVIEWERS reviewers who have not declared a
 * conflict, so a single opinion never decides.
 */
export async function assignReviewers(
  db: Db,
  actor: Actor,
  id: number,
  input: { reviewerIds: unknown; dueDate: unknown },
): Promise<void> {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const state = stateOf(row);
  if (!['submitted', 'resubmitted', 'in_review'].includes(state))
    throw new ConflictError(
      'illegal_transition',
      `A ${state} submission cannot be sent to reviewers.`,
    );
  const problems: FieldProblem[] = [];
  const list = Array.isArray(input.reviewerIds) ? input.reviewerIds : [input.reviewerIds];
  const ids = [
    ...new Set(
      list
        .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
        .map((v) => String(v).trim())
        .filter((v) => v !== ''),
    ),
  ];
  const reviewerIds: number[] = [];
  const candidates = await repo.listUsersWithRoles(db, ['reviewer', 'editor', 'admin']);
  const assignments = await assignmentRepo.listAssignmentsOfSubmission(db, id);
  const active = assignments.filter(
    (a) => a.round === row.round && !['conflict', 'withdrawn'].includes(a.state),
  );
  const declined = new Set(
    assignments
      .filter((a) => a.round === row.round && a.state === 'conflict')
      .map((a) => a.reviewer_user_id),
  );
  for (const raw of ids) {
    const reviewerId = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (
      !candidates.some((c) => c.id === reviewerId && mayReview(c, row)) ||
      declined.has(reviewerId)
    ) {
      problems.push({
        field: 'reviewers',
        message: 'names someone who cannot review this submission',
        key: 'review.error.reviewer',
      });
      break;
    }
    if (!active.some((a) => a.reviewer_user_id === reviewerId)) reviewerIds.push(reviewerId);
  }
  if (problems.length === 0 && active.length + reviewerIds.length < MIN_REVIEWERS)
    problems.push({
      field: 'reviewers',
      message: `choose at least ${MIN_REVIEWERS} reviewers`,
      key: 'review.error.minReviewers',
      values: { count: MIN_REVIEWERS },
    });
  const due = readDate(problems, 'due_date', input.dueDate, { required: true });
  const dueAt = due === null ? undefined : zonedToUtc(`${due}T23:59`, 'UTC');
  if (dueAt && dueAt <= nowIso())
    problems.push({
      field: 'due_date',
      message: 'must be in the future',
      key: 'form.error.future',
    });
  if (problems.length > 0) throw new ValidationError(problems);
  const title = titleOf(parseData(row));
  const audit = {
    action: 'submission.reviewers_assigned',
    subject: { type: 'submission', id },
    details: { round: row.round, reviewers: reviewerIds.join(','), due: dueAt as string },
  };
  await write(
    db,
    actor,
    async ({ trx }) => {
      const now = nowIso();
      if (state !== 'in_review') {
        if (
          !(await repo.updateSubmissionIfState(trx, id, state, {
            state: 'in_review',
            updated_at: now,
          }))
        )
          throw new ConflictError('state_changed', 'The submission changed meanwhile.');
        await recordEvent(trx, id, actor, state, 'in_review');
      }
      for (const reviewerId of reviewerIds) {
        const assignmentId = await assignmentRepo.insertAssignment(trx, {
          submission_id: id,
          reviewer_user_id: reviewerId,
          round: row.round,
          state: 'invited',
          assigned_by: actor.kind === 'user' ? actor.id : null,
          assigned_at: now,
          due_at: dueAt as string,
          declared_at: null,
          conflict_statement: null,
          completed_at: null,
        });
        const values = { title, due: (dueAt as string).slice(0, 10) };
        const link = `/review/assignments/${assignmentId}`;
        await enqueueEmail(trx, {
          userId: reviewerId,
          kind: 'reviewAssigned',
          values,
          linkPath: link,
          dedupeKey: `assignment:${assignmentId}:assigned`,
        });
        const remindAt = Date.parse(dueAt as string) - REMINDER_DAYS_BEFORE * DAY_MS;
        if (remindAt > Date.now())
          await enqueueEmail(trx, {
            userId: reviewerId,
            kind: 'reviewReminder',
            values,
            linkPath: link,
            runAt: new Date(remindAt),
            dedupeKey: `reminder:${id}:${assignmentId}`,
          });
      }
    },
    { audit },
  );
}

/**
 * A reviewer deletes their account: their reviews, scores and conflict statements are part of
 * the editorial record of the practices they reviewed, so they stay, under a nameless stand-in.
 */
export const keepReviewsOfDeletedAccount: DeletionKeeper = async (trx, userId, standIn) => {
  if (await assignmentRepo.hasAssignments(trx, userId))
    await assignmentRepo.reassignReviewer(trx, userId, await standIn());
};

/**
 * An author deletes their account: their submissions stay for the practices they became, but
 * the contact they gave (often their own name and address) no longer shows to the editors.
 */
export const forgetContactOfDeletedAuthor: DeletionKeeper = async (trx, userId) => {
  for (const row of await repo.listSubmissionsDataOfAuthor(trx, userId)) {
    const { contact_name: _name, contact_email: _email, ...rest } = parseData(row);
    if (_name !== undefined || _email !== undefined)
      await repo.setSubmissionData(trx, row.id, JSON.stringify(rest));
  }
};

/**
 * The editor takes back an invitation the reviewer has not answered, or a review they accepted
 * and do not write: the round can then be completed with someone else. A completed review or a
 * declared conflict stays on the record. The reviewer is told, and no longer reminded.
 */
export async function withdrawReviewer(
  db: Db,
  actor: Actor,
  submissionId: number,
  assignmentId: number,
): Promise<void> {
  requireEditor(actor);
  const assignment = await assignmentRepo.findAssignmentById(db, assignmentId);
  if (!assignment || assignment.submission_id !== submissionId)
    throw new NotFoundError('assignment_not_found', 'No such reviewer on this submission.');
  const row = await repo.findSubmissionById(db, submissionId);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${submissionId}.`);
  if (!['invited', 'accepted'].includes(assignment.state))
    throw new ConflictError(
      'review_closed',
      'Only a reviewer who has not yet sent a review or declared a conflict can be withdrawn.',
    );
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (
        !(await assignmentRepo.updateAssignmentIfState(trx, assignmentId, assignment.state, {
          state: 'withdrawn',
        }))
      )
        throw new ConflictError('state_changed', 'The review changed meanwhile.');
      await cancelJobs(trx, `reminder:${submissionId}:${assignmentId}`);
      await enqueueEmail(trx, {
        userId: assignment.reviewer_user_id,
        kind: 'reviewWithdrawn',
        values: { title: titleOf(parseData(row)) },
        linkPath: '/review',
        dedupeKey: `assignment:${assignmentId}:withdrawn`,
      });
    },
    {
      audit: {
        action: 'submission.reviewer_withdrawn',
        subject: { type: 'submission', id: submissionId },
        details: {
          assignment: assignmentId,
          reviewer: assignment.reviewer_user_id,
          round: assignment.round,
        },
      },
    },
  );
}

export interface AssignmentListing {
  id: number;
  submissionId: number;
  title: string;
  state: AssignmentState;
  round: number;
  dueAt: string;
  overdue: boolean;
}

export async function listMyAssignments(db: Db, actor: Actor): Promise<AssignmentListing[]> {
  if (actor.kind !== 'user') return [];
  const now = nowIso();
  return (await assignmentRepo.listAssignmentsOfReviewer(db, actor.id)).map((a) => ({
    id: a.id,
    submissionId: a.submission_id,
    title: titleOf(parseData(a)),
    state: a.state as AssignmentState,
    round: a.round,
    dueAt: a.due_at,
    overdue: ['invited', 'accepted'].includes(a.state) && a.due_at < now,
  }));
}

export interface AssignmentView {
  id: number;
  state: AssignmentState;
  round: number;
  dueAt: string;
  /** Enough to recognise a conflict of interest: title, organisations, place. */
  identification: { title: string; organisations: string[]; country: string; city: string };
  /** The whole submission, once no conflict was declared. */
  submission?: SubmissionView;
  review?: AssignmentForEditor['review'];
  /** The review as last saved while being written. */
  draft?: { values: Record<string, string>; savedAt: string };
}

async function ownAssignment(db: Db, actor: Actor, id: number) {
  const assignment = await assignmentRepo.findAssignmentById(db, id);
  if (
    !assignment ||
    !can(actor, 'reviews.write', { id: assignment.id, ownerId: assignment.reviewer_user_id })
  )
    throw new NotFoundError('assignment_not_found', `No review assignment ${id} is yours.`);
  const submission = await repo.findSubmissionById(db, assignment.submission_id);
  if (!submission) throw new NotFoundError('assignment_not_found', `No review assignment ${id}.`);
  return { assignment, submission };
}

export async function getAssignment(db: Db, actor: Actor, id: number): Promise<AssignmentView> {
  const { assignment, submission } = await ownAssignment(db, actor, id);
  const data = parseData(submission);
  const state = assignment.state as AssignmentState;
  const view: AssignmentView = {
    id: assignment.id,
    state,
    round: assignment.round,
    dueAt: assignment.due_at,
    identification: {
      title: titleOf(data),
      organisations: (data.organisations ?? []).map((o) => o.name),
      country: data.country ?? '',
      city: data.city ?? '',
    },
  };
  if (state === 'accepted') {
    const draft = await assignmentRepo.findReviewDraft(db, assignment.id);
    if (draft) view.draft = { values: parseDraft(draft.data), savedAt: draft.saved_at };
  }
  if (state === 'accepted' || state === 'completed') {
    view.submission = await viewOf(db, submission);
    // The reviewer sees the submission, not the editors' or other reviewers' notes on it.
    view.submission.reviewerMessages = [];
    if (state === 'completed') {
      const all = await assignmentRepo.listAssignmentsOfSubmission(db, submission.id);
      const mine = all.find((a) => a.id === assignment.id);
      const review = mine ? presentAssignment(mine).review : null;
      if (review) view.review = review;
    }
  }
  return view;
}

/**
 * Before opening a submission the reviewer says whether they have a conflict of interest. A
 * conflict hands the assignment back to the editors, who are told, and the submission stays
 * closed to this reviewer.
 */
export async function declareInterests(
  db: Db,
  actor: Actor,
  id: number,
  input: { conflict: unknown; statement: unknown },
): Promise<'accepted' | 'conflict'> {
  const { assignment, submission } = await ownAssignment(db, actor, id);
  if (assignment.state !== 'invited')
    throw new ConflictError('already_declared', 'Interests were already declared for this review.');
  const conflict = input.conflict === 'yes' ? true : input.conflict === 'no' ? false : undefined;
  const problems: FieldProblem[] = [];
  if (conflict === undefined)
    problems.push({ field: 'conflict', message: 'is required', key: 'form.error.required' });
  const refused = problems.length;
  const statement = readText(problems, 'statement', input.statement, { max: 2000 }) ?? '';
  if (conflict && statement === '' && problems.length === refused)
    problems.push({
      field: 'statement',
      message: 'say briefly what the conflict is',
      key: 'review.error.statement',
    });
  if (problems.length > 0) throw new ValidationError(problems);
  const now = nowIso();
  const to = conflict ? 'conflict' : 'accepted';
  await db.transaction().execute(async (trx) => {
    const changed = await assignmentRepo.updateAssignmentIfState(trx, id, 'invited', {
      state: to,
      declared_at: now,
      conflict_statement: statement || null,
    });
    if (!changed) throw new ConflictError('already_declared', 'Interests were already declared.');
    if (conflict) {
      await cancelJobs(trx, `reminder:${submission.id}:${id}`);
      await notify(
        trx,
        await staffIds(trx),
        'reviewConflict',
        { title: titleOf(parseData(submission)) },
        `/editor/submissions/${submission.id}`,
        `assignment:${id}`,
      );
    }
  });
  return to;
}

const DRAFT_FIELDS = [
  ...SCORES.map((score) => `score_${score}`),
  'proposed_evidence_level',
  'recommendation',
  'message_to_author',
  'message_to_editor',
];

function parseDraft(data: string): Record<string, string> {
  try {
    const value = JSON.parse(data) as Record<string, unknown>;
    return Object.fromEntries(
      DRAFT_FIELDS.flatMap((f) => (typeof value[f] === 'string' ? [[f, value[f] as string]] : [])),
    );
  } catch {
    return {};
  }
}

/**
 * Keeps the review as it stands, complete or not, to finish later: nothing is checked but the
 * length of the messages; the editors see nothing of it until it is sent.
 */
export async function saveReviewDraft(
  db: Db,
  actor: Actor,
  id: number,
  input: ReviewInput,
): Promise<void> {
  const { assignment } = await ownAssignment(db, actor, id);
  if (assignment.state !== 'accepted')
    throw new ConflictError('review_closed', 'This review can no longer be changed.');
  const problems: FieldProblem[] = [];
  const values: Record<string, string> = {};
  for (const field of DRAFT_FIELDS) {
    const raw = input[field];
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    if (field.startsWith('message_')) {
      const text = readText(problems, field, raw, { max: 10_000 });
      if (text) values[field] = text;
    } else if (field.startsWith('score_') ? /^[1-5]$/.test(raw) : raw.length <= 40) {
      values[field] = raw;
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  await assignmentRepo.saveReviewDraft(db, id, JSON.stringify(values), nowIso());
}

export interface ReviewInput {
  [name: string]: unknown;
}

export async function submitReview(
  db: Db,
  actor: Actor,
  id: number,
  input: ReviewInput,
): Promise<void> {
  const { assignment, submission } = await ownAssignment(db, actor, id);
  if (assignment.state !== 'accepted')
    throw new ConflictError(
      assignment.state === 'invited' ? 'interests_not_declared' : 'review_closed',
      assignment.state === 'invited'
        ? 'Declare your interests before reviewing.'
        : 'This review can no longer be changed.',
    );
  if (!['in_review', 'submitted', 'resubmitted'].includes(submission.state))
    throw new ConflictError('review_closed', 'The editors have already decided on this round.');
  const problems: FieldProblem[] = [];
  const scores = {} as Record<(typeof SCORES)[number], number>;
  for (const score of SCORES) {
    const raw = input[`score_${score}`];
    const value = typeof raw === 'string' && /^[1-5]$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (Number.isNaN(value))
      problems.push({
        field: `score_${score}`,
        message: 'choose a score from 1 to 5',
        key: 'review.error.score',
      });
    scores[score] = value;
  }
  const level = isEvidenceLevel(input.proposed_evidence_level)
    ? input.proposed_evidence_level
    : undefined;
  if (!level)
    problems.push({
      field: 'proposed_evidence_level',
      message: 'is required',
      key: 'form.error.required',
    });
  const recommendation = (RECOMMENDATIONS as readonly unknown[]).includes(input.recommendation)
    ? (input.recommendation as Recommendation)
    : undefined;
  if (!recommendation)
    problems.push({ field: 'recommendation', message: 'is required', key: 'form.error.required' });
  const message = (name: string, required: boolean) =>
    readText(problems, name, input[name], { max: REVIEW_MESSAGE_MAX, required }) ?? '';
  const toAuthor = message('message_to_author', true);
  const toEditor = message('message_to_editor', false);
  if (problems.length > 0) throw new ValidationError(problems);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const changed = await assignmentRepo.updateAssignmentIfState(trx, id, 'accepted', {
      state: 'completed',
      completed_at: now,
    });
    if (!changed) throw new ConflictError('review_closed', 'This review was already sent.');
    await assignmentRepo.insertReview(trx, {
      assignment_id: id,
      score_relevance: scores.relevance,
      score_results: scores.results,
      score_evidence: scores.evidence,
      score_transferability: scores.transferability,
      score_sustainability: scores.sustainability,
      score_rights: scores.rights,
      proposed_evidence_level: level as string,
      recommendation: recommendation as string,
      message_to_author: toAuthor,
      message_to_editor: toEditor,
      submitted_at: now,
    });
    await assignmentRepo.deleteReviewDraft(trx, id);
    await cancelJobs(trx, `reminder:${submission.id}:${id}`);
    await notify(
      trx,
      await staffIds(trx),
      'reviewSubmitted',
      { title: titleOf(parseData(submission)) },
      `/editor/submissions/${submission.id}`,
      `assignment:${id}`,
    );
  });
}
