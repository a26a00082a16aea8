import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { ForbiddenError } from '../../core/errors.ts';
import type { Db } from '../../db/connect.ts';
import { median } from './editorial.service.ts';
import * as repo from './review.repository.ts';
import * as assignmentRepo from './review-assignment.repository.ts';
import type { SubmissionState } from './submission.model.ts';

/** What the editors' insights read of the review process: its funnel and its reviewers' load. */

const DAY_MS = 24 * 3600_000;

function requireEditor(actor: Actor) {
  if (!can(actor, 'submissions.manage')) throw new ForbiddenError();
}

/** The steps of the funnel, in the order a submission passes them. */
export const FUNNEL_STEPS = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'resubmitted',
  'published',
  'rejected',
] as const satisfies readonly SubmissionState[];
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

export interface FunnelRow {
  step: FunnelStep;
  /** Submissions in this step now. */
  count: number;
  /** Median days a submission stayed in this step before leaving it; null when none left it. */
  medianDays: number | null;
}

/**
 * How many submissions are in each step, and how long they stayed in each: from the trail,
 * the time between the move into a step (or the start, for a draft) and the move out of it.
 */
export async function getSubmissionFunnel(db: Db, actor: Actor): Promise<FunnelRow[]> {
  requireEditor(actor);
  const [counts, trail] = await Promise.all([
    repo.countSubmissionsByState(db),
    repo.listTrailForFunnel(db),
  ]);
  const countOf = new Map(counts.map((c) => [c.state, Number(c.count)]));
  const stays = new Map<string, number[]>();
  let entered: { submission: number; at: string } | undefined;
  for (const event of trail) {
    if (event.from_state !== null) {
      // The first move out of a draft has no move into it before: the draft began with the submission.
      const since = entered?.submission === event.submission_id ? entered.at : event.started_at;
      const days = (Date.parse(event.created_at) - Date.parse(since)) / DAY_MS;
      if (Number.isFinite(days) && days >= 0) {
        const list = stays.get(event.from_state) ?? [];
        list.push(days);
        stays.set(event.from_state, list);
      }
    }
    entered = { submission: event.submission_id, at: event.created_at };
  }
  return FUNNEL_STEPS.map((step) => {
    const m = median(stays.get(step) ?? []);
    return {
      step,
      count: countOf.get(step) ?? 0,
      medianDays: m === null ? null : Math.round(m * 10) / 10,
    };
  });
}

export interface ReviewerLoad {
  reviewerId: number;
  name: string;
  /** Invited or accepted, not yet completed. */
  open: number;
  /** Open and past their due date. */
  overdue: number;
  /** Completed in the last 90 days. */
  completedRecently: number;
}

/** Every reviewer with an assignment: open ones, overdue ones, completed in the last 90 days. */
export async function getReviewerLoad(
  db: Db,
  actor: Actor,
  now: Date = new Date(),
): Promise<ReviewerLoad[]> {
  requireEditor(actor);
  const since = new Date(now.getTime() - 90 * DAY_MS).toISOString();
  const rows = await assignmentRepo.countAssignmentsByReviewer(db, now.toISOString(), since);
  return rows
    .map((r) => ({
      reviewerId: r.id,
      name: r.name,
      open: r.open,
      overdue: r.overdue,
      completedRecently: r.completed,
    }))
    .filter((r) => r.open + r.completedRecently > 0)
    .sort((a, b) => b.overdue - a.overdue || b.open - a.open || a.name.localeCompare(b.name));
}
