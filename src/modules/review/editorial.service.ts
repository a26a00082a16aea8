import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { readText } from '../../core/validation.ts';
import { type AuditEntry, write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { cancelJobs, type EmailKind } from '../jobs/index.ts';
import { expertiseOf } from '../people/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import type { EvidenceLevel } from '../practices/index.ts';
import {
  checkPracticeRecord,
  diffRecords,
  type FieldChange,
  publishPracticeRecord,
  setPracticeArchived,
} from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as repo from './review.repository.ts';
import type { SubmissionRow } from './review.table.ts';
import * as assignmentRepo from './review-assignment.repository.ts';
import {
  type AssignmentForEditor,
  mayReview,
  presentAssignment,
} from './review-assignment.service.ts';
import {
  canMove,
  DECISIONS,
  type Decision,
  isEvidenceLevel,
  isSubmissionState,
  MIN_REVIEWERS,
  OPEN_STATES,
  type SubmissionState,
} from './submission.model.ts';
import { notify, recordEvent } from './submission-trail.ts';
import {
  draftReferences,
  parseData,
  recordOf,
  type SubmissionView,
  stateOf,
  titleOf,
  viewOf,
} from './submission-view.ts';

/**
 * The editors' side: the queue and its pipeline, a submission as the editors see it, the
 * decision on it (publishing it as a practice through the practices module) and archiving.
 */

const DAY_MS = 24 * 3600_000;

function requireEditor(actor: Actor) {
  if (!can(actor, 'submissions.manage')) throw new ForbiddenError();
}

export const QUEUE_STATES = [
  'submitted',
  'in_review',
  'resubmitted',
  'changes_requested',
  'published',
  'rejected',
  'withdrawn',
  'archived',
  'draft',
] as const;

export interface QueueFilters {
  state?: SubmissionState;
  callId?: number;
  theme?: string;
  region?: string;
  /** Waiting at least this many days since it was submitted. */
  olderThanDays?: number;
  page: number;
}

export interface QueueItem {
  id: number;
  title: string;
  state: SubmissionState;
  round: number;
  authorName: string | null;
  callTitle: string | null;
  country: string;
  themes: string[];
  submittedAt: string | null;
  updatedAt: string;
  isNewVersion: boolean;
}

export const QUEUE_PAGE_SIZE = 50;

export async function getQueue(
  db: Db,
  actor: Actor,
  filters: QueueFilters,
): Promise<{ items: QueueItem[]; total: number }> {
  requireEditor(actor);
  const states = filters.state ? [filters.state] : [...OPEN_STATES];
  const submittedBefore =
    filters.olderThanDays !== undefined
      ? new Date(Date.now() - filters.olderThanDays * DAY_MS).toISOString()
      : undefined;
  // The queue is small next to the catalogue: filters on the draft's contents run here.
  const rows = await repo.listQueue(db, {
    states,
    callId: filters.callId,
    submittedBefore,
    limit: 5000,
    offset: 0,
  });
  const places = await getPlaceIndex(db, 'en');
  const items = rows
    .map((r) => ({ row: r, data: parseData(r) }))
    .filter(({ data }) => !filters.theme || (data.themes ?? []).includes(filters.theme))
    .filter(
      ({ data }) =>
        !filters.region ||
        (data.country !== undefined &&
          places.regionsOfCountry(data.country).some((region) => region.code === filters.region)),
    )
    .map(
      ({ row, data }): QueueItem => ({
        id: row.id,
        title: titleOf(data),
        state: stateOf(row),
        round: row.round,
        authorName: row.author_name,
        callTitle: row.call_title,
        country: data.country ?? '',
        themes: data.themes ?? [],
        submittedAt: row.submitted_at,
        updatedAt: row.updated_at,
        isNewVersion: row.practice_id !== null && stateOf(row) !== 'published',
      }),
    );
  const start = (filters.page - 1) * QUEUE_PAGE_SIZE;
  return { items: items.slice(start, start + QUEUE_PAGE_SIZE), total: items.length };
}

export interface Pipeline {
  counts: Record<SubmissionState, number>;
  /** Days from first submission to decision, the median over decided submissions. */
  medianDaysToDecision: number | null;
  decided: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function getPipeline(db: Db, actor: Actor): Promise<Pipeline> {
  requireEditor(actor);
  const [counts, times] = await Promise.all([
    repo.countSubmissionsByState(db),
    repo.listDecisionTimes(db),
  ]);
  const result = Object.fromEntries(QUEUE_STATES.map((s) => [s, 0])) as Record<
    SubmissionState,
    number
  >;
  for (const c of counts) if (isSubmissionState(c.state)) result[c.state] = Number(c.count);
  const days = times.map(
    (t) => (Date.parse(t.decided_at as string) - Date.parse(t.submitted_at as string)) / DAY_MS,
  );
  const m = median(days);
  return {
    counts: result,
    medianDaysToDecision: m === null ? null : Math.round(m * 10) / 10,
    decided: days.length,
  };
}

export interface EditorSubmissionView {
  submission: SubmissionView;
  authorName: string | null;
  assignments: AssignmentForEditor[];
  /** People who may review it: reviewers and editors, never its author. */
  candidates: ReviewerCandidate[];
  /** How many more reviewers the current round needs to reach the minimum. */
  reviewersNeeded: number;
  /** Reviewers who completed a review without a conflict, over every round. */
  completedReviews: number;
  /** For a revision: what changed since the text of the round before; undefined in round 1. */
  changesSinceLastRound?: FieldChange[];
  decisions: Decision[];
}

/**
 * The people who completed a review of the submission, in any round (a revision is often
 * decided on the first round's reviews). A reviewer who declared a conflict never completes one.
 */
function completedReviewers(assignments: { state: string; reviewer_user_id: number }[]): number {
  return new Set(assignments.filter((a) => a.state === 'completed').map((a) => a.reviewer_user_id))
    .size;
}

/** Someone the editor may invite, with what helps choose: their expertise and their load. */
export interface ReviewerCandidate {
  id: number;
  name: string;
  /** Reviews they were asked for and have not finished, on any submission. */
  openReviews: number;
  /** Labels of the submission's themes the person lists as expertise. */
  sharedThemes: string[];
  /** They list the submission's language among theirs. */
  readsLanguage: boolean;
  /** They list the region (or sub-region) of the submission's country. */
  knowsRegion: boolean;
}

/**
 * The people who may review, best suited first: shared themes, then the language and region of
 * the practice, then the fewest reviews already on their desk.
 */
async function rankCandidates(
  db: Db,
  locale: Locale,
  row: SubmissionRow,
  people: { id: number; name: string }[],
): Promise<ReviewerCandidate[]> {
  const ids = people.map((p) => p.id);
  const [expertise, load, taxonomy, places] = await Promise.all([
    expertiseOf(db, ids),
    assignmentRepo.countOpenAssignments(db, ids),
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const open = new Map(load.map((l) => [l.reviewer_user_id, Number(l.open)]));
  const data = parseData(row);
  const themes = new Set(data.themes ?? []);
  const language = data.language?.split('-')[0];
  const regions = new Set(
    data.country ? places.regionsOfCountry(data.country).map((r) => r.code) : [],
  );
  const candidates = people.map((p): ReviewerCandidate => {
    const e = expertise.get(p.id) ?? { themes: [], languages: [], regions: [] };
    return {
      id: p.id,
      name: p.name,
      openReviews: open.get(p.id) ?? 0,
      sharedThemes: e.themes.filter((t) => themes.has(t)).map((t) => taxonomy.label('theme', t)),
      readsLanguage:
        language !== undefined && e.languages.some((l) => l.split('-')[0] === language),
      knowsRegion: e.regions.some((r) => regions.has(r)),
    };
  });
  const suitability = (c: ReviewerCandidate) =>
    2 * c.sharedThemes.length + Number(c.readsLanguage) + Number(c.knowsRegion);
  return candidates.sort(
    (a, b) =>
      suitability(b) - suitability(a) ||
      a.openReviews - b.openReviews ||
      a.name.localeCompare(b.name),
  );
}

export async function getSubmissionForEditor(
  db: Db,
  actor: Actor,
  id: number,
  locale: Locale = 'en',
): Promise<EditorSubmissionView> {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const [submission, assignments, people, author] = await Promise.all([
    viewOf(db, row),
    assignmentRepo.listAssignmentsOfSubmission(db, id),
    repo.listUsersWithRoles(db, ['reviewer', 'editor', 'admin']),
    row.author_user_id === null ? undefined : repo.findUserRoleAndName(db, row.author_user_id),
  ]);
  const active = assignments.filter(
    (a) => a.round === row.round && !['conflict', 'withdrawn'].includes(a.state),
  );
  const busy = new Set(active.map((a) => a.reviewer_user_id));
  const state = stateOf(row);
  const changesSinceLastRound = row.round > 1 ? await roundChanges(db, row) : undefined;
  return {
    submission,
    authorName: author?.name ?? null,
    assignments: assignments.map(presentAssignment),
    candidates: await rankCandidates(
      db,
      locale,
      row,
      people.filter((p) => mayReview(p, row) && !busy.has(p.id)),
    ),
    reviewersNeeded: Math.max(0, MIN_REVIEWERS - active.length),
    completedReviews: completedReviewers(assignments),
    ...(changesSinceLastRound ? { changesSinceLastRound } : {}),
    decisions: DECISIONS.filter((d) => canMove(state, d, 'editor')),
  };
}

/**
 * Field by field, the revision against the text the reviewers of the round before read; nothing
 * when that text was not kept (sent before rounds were kept) or no longer reads as a practice.
 */
async function roundChanges(db: Db, row: SubmissionRow): Promise<FieldChange[] | undefined> {
  const [before] = await repo.listRounds(db, row.id, [row.round - 1]);
  if (!before) return undefined;
  const refs = await draftReferences(db);
  const older = checkPracticeRecord(recordOf(row, parseData(before)), refs);
  const newer = checkPracticeRecord(recordOf(row, parseData(row)), refs);
  return older.ok && newer.ok ? diffRecords(older.record, newer.record) : undefined;
}

export interface DecisionInput {
  decision: unknown;
  message: unknown;
  evidenceLevel?: unknown;
  justification?: unknown;
  /** Needed to publish with fewer than two completed reviews: why the editor does so. */
  overrideReason?: unknown;
}

/**
 * The editor's decision, with a message to the author: changes requested, published (with the
 * evidence level and why), or rejected. Publishing writes the practice, or its new version,
 * with its search documents and its version history, in the same transaction.
 */
export async function decide(
  db: Db,
  actor: Actor,
  id: number,
  input: DecisionInput,
): Promise<{ state: SubmissionState; practiceSlug?: string }> {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const from = stateOf(row);
  const problems: FieldProblem[] = [];
  const decision = (DECISIONS as readonly unknown[]).includes(input.decision)
    ? (input.decision as Decision)
    : undefined;
  if (!decision)
    problems.push({ field: 'decision', message: 'is required', key: 'form.error.required' });
  const message =
    readText(problems, 'message', input.message, { max: 10_000, required: true }) ?? '';
  let level: EvidenceLevel | undefined;
  let justification = '';
  let reviews = 0;
  let override: string | undefined;
  if (decision === 'published') {
    level = isEvidenceLevel(input.evidenceLevel) ? input.evidenceLevel : undefined;
    if (!level)
      problems.push({
        field: 'evidence_level',
        message: 'is required',
        key: 'form.error.required',
      });
    justification =
      readText(problems, 'justification', input.justification, { max: 5000, required: true }) ?? '';
    reviews = completedReviewers(await assignmentRepo.listAssignmentsOfSubmission(db, id));
    if (reviews < MIN_REVIEWERS) {
      override =
        readText(problems, 'override_reason', input.overrideReason, { max: 2000 }) ?? undefined;
      if (!override)
        problems.push({
          field: 'override_reason',
          message: `publishing needs ${MIN_REVIEWERS} completed reviews without a conflict of interest (${reviews} so far); to publish anyway, give the reason`,
          key: 'editor.decide.needsReviews',
          values: { count: reviews, needed: MIN_REVIEWERS },
        });
    }
  }
  if (problems.length > 0) throw new ValidationError(problems);
  const to = decision as Decision;
  if (!canMove(from, to, 'editor'))
    throw new ConflictError('illegal_transition', `A ${from} submission cannot be ${to}.`);

  const data = parseData(row);
  const title = titleOf(data);
  let checkedRecord: ReturnType<typeof checkPracticeRecord> | undefined;
  if (to === 'published') {
    checkedRecord = checkPracticeRecord(recordOf(row, data, level), await draftReferences(db));
    if (!checkedRecord.ok) throw new ValidationError(checkedRecord.problems, 'record_invalid');
  }
  const now = nowIso();
  let practiceSlug: string | undefined;
  const audit: AuditEntry[] = [];
  await write(
    db,
    actor,
    async ({ trx }) => {
      let practiceId = row.practice_id;
      if (checkedRecord?.ok) {
        const files = await repo.listFilesOfSubmission(trx, id);
        const published = await publishPracticeRecord(trx, checkedRecord.record, {
          justification,
          fileIds: files.map((f) => f.id),
          submissionId: id,
          publishedBy: actor.kind === 'user' ? actor.id : null,
          review: { reviewers: reviews, override: override ?? null },
        });
        practiceId = published.id;
        practiceSlug = published.slug;
        audit.push({
          action: 'practice.published',
          subject: { type: 'practice', id: published.id },
          details: {
            submission: id,
            version: published.version,
            evidenceLevel: level ?? null,
            reviews,
            ...(override ? { override } : {}),
          },
        });
      }
      const changed = await repo.updateSubmissionIfState(trx, id, from, {
        state: to,
        practice_id: practiceId,
        evidence_level: level ?? row.evidence_level,
        evidence_justification: to === 'published' ? justification : row.evidence_justification,
        publish_override: to === 'published' ? (override ?? null) : row.publish_override,
        decided_at: to === 'changes_requested' ? row.decided_at : now,
        updated_at: now,
      });
      if (!changed) throw new ConflictError('state_changed', 'The submission changed meanwhile.');
      await recordEvent(trx, id, actor, from, to, message);
      audit.push({
        action: 'submission.decided',
        subject: { type: 'submission', id },
        details: { from, decision: to, round: row.round },
      });
      // The round is over: reviewers still working are released and no longer reminded.
      await cancelJobs(trx, `reminder:${id}:`);
      const kind: EmailKind =
        to === 'published'
          ? 'submissionPublished'
          : to === 'rejected'
            ? 'submissionRejected'
            : 'changesRequested';
      if (row.author_user_id !== null)
        await notify(
          trx,
          [row.author_user_id],
          kind,
          { title, message },
          practiceSlug ? `/practices/${practiceSlug}` : `/submissions/${id}`,
          `submission:${id}:${to}:${row.round}`,
        );
      // Reviewers gave their time: each one who completed a review hears what became of it.
      const reviewerIds = (await assignmentRepo.listAssignmentsOfSubmission(trx, id))
        .filter((a) => a.state === 'completed')
        .map((a) => a.reviewer_user_id);
      await notify(
        trx,
        reviewerIds,
        to === 'published'
          ? 'reviewOutcomePublished'
          : to === 'rejected'
            ? 'reviewOutcomeRejected'
            : 'reviewOutcomeChanges',
        { title },
        practiceSlug ? `/practices/${practiceSlug}` : '/review',
        `review-outcome:${id}:${to}:${row.round}`,
      );
    },
    { audit: () => audit, contentChanged: to === 'published' },
  );
  return { state: to, practiceSlug };
}

/** Takes a published practice off the lists and search; its page stays, marked archived. */
export async function archiveSubmission(db: Db, actor: Actor, id: number, message: unknown) {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const from = stateOf(row);
  if (!canMove(from, 'archived', 'editor') || row.practice_id === null)
    throw new ConflictError('illegal_transition', `A ${from} submission cannot be archived.`);
  const practiceId = row.practice_id;
  const note = typeof message === 'string' ? message.trim().slice(0, 10_000) : '';
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (
        !(await repo.updateSubmissionIfState(trx, id, from, {
          state: 'archived',
          updated_at: nowIso(),
        }))
      )
        throw new ConflictError('state_changed', 'The submission changed meanwhile.');
      await recordEvent(trx, id, actor, from, 'archived', note || null);
      await setPracticeArchived(trx, practiceId, true);
    },
    {
      audit: {
        action: 'practice.archived',
        subject: { type: 'practice', id: practiceId },
        details: { submission: id },
      },
      contentChanged: true,
    },
  );
}
