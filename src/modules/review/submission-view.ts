import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import type { FieldProblem } from '../../core/errors.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/index.ts';
import type { EvidenceLevel } from '../practices/index.ts';
import { recordReferences } from '../practices/index.ts';
import * as callRepo from './call.repository.ts';
import * as repo from './review.repository.ts';
import type { SubmissionRow } from './review.table.ts';
import * as assignmentRepo from './review-assignment.repository.ts';
import {
  checkDraft,
  type DraftReferences,
  isEvidenceLevel,
  isSubmissionState,
  type SubmissionData,
  type SubmissionState,
  toRawRecord,
} from './submission.model.ts';

/**
 * A submission as every review service reads it: its data, its state, who may see it, and the
 * view of it that the pages show to its author, its reviewers and the editors.
 */

export function parseData(row: Pick<SubmissionRow, 'data'>): SubmissionData {
  try {
    const value = JSON.parse(row.data) as unknown;
    return typeof value === 'object' && value !== null ? (value as SubmissionData) : {};
  } catch {
    return {};
  }
}

export function stateOf(row: Pick<SubmissionRow, 'state'>): SubmissionState {
  if (!isSubmissionState(row.state)) throw new Error(`unknown submission state ${row.state}`);
  return row.state;
}

export function titleOf(data: SubmissionData): string {
  return data.title?.trim() || '';
}

export async function draftReferences(db: Db): Promise<DraftReferences> {
  return recordReferences(db);
}

/** The submission if the actor may read it; otherwise "not found", so nothing is leaked. */
export async function readable(db: Db, actor: Actor, id: number): Promise<SubmissionRow> {
  const row = await repo.findSubmissionById(db, id);
  if (
    !row ||
    !can(actor, 'submissions.read', { id: row.id, ownerId: row.author_user_id ?? undefined })
  )
    throw new NotFoundError('submission_not_found', `No submission ${id} is yours to see.`);
  return row;
}

export interface SubmissionFileView {
  id: number;
  name: string;
  mediaType: string;
  size: number;
  hasWebCopy: boolean;
}

export interface SubmissionEventView {
  from: string | null;
  to: string;
  message: string | null;
  at: string;
  actorName: string | null;
}

export interface SubmissionView {
  id: number;
  state: SubmissionState;
  round: number;
  data: SubmissionData;
  /** The country of the draft by name, in English (views show it beside the city). */
  countryName: string | null;
  authorId: number | null;
  practiceId: number | null;
  practiceSlug: string | null;
  call: { id: number; slug: string; title: string; closesAt: string; timeZone: string } | null;
  evidenceLevel: string | null;
  evidenceJustification: string | null;
  /** Why the editor published with fewer than two completed reviews, if they did. */
  publishOverride: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  files: SubmissionFileView[];
  events: SubmissionEventView[];
  /** What must still be done before it can be submitted. */
  missing: FieldProblem[];
  /** The reviewers' messages to the author, once the editor has decided on their round. */
  reviewerMessages: { reviewer: number; round: number; message: string }[];
}

export async function viewOf(db: Db, row: SubmissionRow): Promise<SubmissionView> {
  const data = parseData(row);
  const [files, events, refs, call, assignments, practice, places] = await Promise.all([
    repo.listFilesOfSubmission(db, row.id),
    repo.listEventsOf(db, row.id),
    draftReferences(db),
    row.call_id === null ? undefined : callRepo.findCallById(db, row.call_id),
    assignmentRepo.listAssignmentsOfSubmission(db, row.id),
    row.practice_id === null ? undefined : repo.findPracticeSlug(db, row.practice_id),
    getPlaceIndex(db, 'en'),
  ]);
  const state = stateOf(row);
  const decidedThisRound = ['changes_requested', 'published', 'rejected'].includes(state);
  const reviewerNumbers = new Map<number, number>();
  const reviewerMessages: SubmissionView['reviewerMessages'] = [];
  for (const a of assignments) {
    if (a.state !== 'completed' || !a.message_to_author) continue;
    if (a.round === row.round && !decidedThisRound) continue;
    if (!reviewerNumbers.has(a.reviewer_user_id))
      reviewerNumbers.set(a.reviewer_user_id, reviewerNumbers.size + 1);
    reviewerMessages.push({
      reviewer: reviewerNumbers.get(a.reviewer_user_id) as number,
      round: a.round,
      message: a.message_to_author,
    });
  }
  return {
    id: row.id,
    state,
    round: row.round,
    data,
    countryName: data.country ? (places.country(data.country)?.name ?? data.country) : null,
    authorId: row.author_user_id,
    practiceId: row.practice_id,
    practiceSlug: practice ?? null,
    call: call
      ? {
          id: call.id,
          slug: call.slug,
          title: call.title,
          closesAt: call.closes_at,
          timeZone: call.time_zone,
        }
      : null,
    evidenceLevel: row.evidence_level,
    evidenceJustification: row.evidence_justification,
    publishOverride: row.publish_override,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
    files: files.map((f) => ({
      id: f.id,
      name: f.original_name,
      mediaType: f.media_type,
      size: f.size,
      hasWebCopy: f.web_key !== null,
    })),
    events: events.map((e) => ({
      from: e.from_state,
      to: e.to_state,
      message: e.message,
      at: e.created_at,
      actorName: e.actor_name,
    })),
    missing: checkDraft(data, refs, { complete: true }),
    reviewerMessages,
  };
}

export function recordOf(row: SubmissionRow, data: SubmissionData, evidenceLevel?: EvidenceLevel) {
  return toRawRecord(data, {
    externalId: `submission-${row.id}`,
    evidenceLevel:
      evidenceLevel ?? (isEvidenceLevel(row.evidence_level) ? row.evidence_level : 'not-evaluated'),
  });
}
