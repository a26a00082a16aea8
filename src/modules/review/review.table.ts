import type { Generated, Selectable } from 'kysely';

export interface CallTable {
  id: Generated<number>;
  slug: string;
  title: string;
  description: string;
  /** JSON array of theme ids. */
  themes: string;
  /** UTC instants; `time_zone` is how the editor wrote them and how they are shown. */
  opens_at: string;
  closes_at: string;
  time_zone: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface SubmissionTable {
  id: Generated<number>;
  practice_id: number | null;
  author_user_id: number | null;
  call_id: number | null;
  state: string;
  round: Generated<number>;
  /** JSON: the draft as typed (see submission.ts). */
  data: string;
  evidence_level: string | null;
  evidence_justification: string | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  /** Why an editor published with fewer than two completed reviews; null when it had them. */
  publish_override: string | null;
}

/** A review being written: the fields as last saved, sent or not yet complete. */
export interface ReviewDraftTable {
  assignment_id: number;
  /** JSON: the review form's fields, as strings. */
  data: string;
  saved_at: string;
}

/** The submission's text as sent for one round of review. */
export interface SubmissionRoundTable {
  submission_id: number;
  round: number;
  /** JSON, as `submissions.data`. */
  data: string;
  submitted_at: string;
}

export interface SubmissionFileTable {
  submission_id: number;
  file_id: number;
  position: number;
}

export interface SubmissionEventTable {
  id: Generated<number>;
  submission_id: number;
  actor_user_id: number | null;
  from_state: string | null;
  to_state: string;
  message: string | null;
  created_at: string;
}

export interface ReviewAssignmentTable {
  id: Generated<number>;
  submission_id: number;
  reviewer_user_id: number;
  round: number;
  state: string;
  assigned_by: number | null;
  assigned_at: string;
  due_at: string;
  /** When the reviewer declared (no) conflict of interest; nothing opens before it. */
  declared_at: string | null;
  conflict_statement: string | null;
  completed_at: string | null;
}

export interface ReviewTable {
  assignment_id: number;
  score_relevance: number;
  score_results: number;
  score_evidence: number;
  score_transferability: number;
  score_sustainability: number;
  score_rights: number;
  proposed_evidence_level: string;
  recommendation: string;
  message_to_author: string;
  /** Confidential: the editors' eyes only. */
  message_to_editor: string;
  submitted_at: string;
}

export type CallRow = Selectable<CallTable>;
export type SubmissionRow = Selectable<SubmissionTable>;
export type ReviewAssignmentRow = Selectable<ReviewAssignmentTable>;
export type ReviewRow = Selectable<ReviewTable>;
