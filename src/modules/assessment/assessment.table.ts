import type { Generated, Selectable } from 'kysely';

/**
 * A city's self-assessment for one year, filled in by members of its municipality against one
 * version of the framework (`framework.model.ts`). Private until an editor has accepted it and the
 * city has chosen to share it; only shared, accepted assessments enter peer comparisons.
 */
export interface AssessmentTable {
  id: Generated<number>;
  city_id: number;
  year: number;
  /** The framework version the questions and the scores come from, e.g. '2026.1'. */
  framework_version: string;
  /** 'draft', 'submitted', 'questions' (an editor asked; back with the city) or 'accepted'. */
  state: string;
  /** 1 when the city chose to publish the result once accepted. */
  share_publicly: number;
  /** When the result became public (accepted and shared); null while private. */
  published_at: string | null;
  /** 1 for demo assessments, shown as illustrative and never counted as a real city's. */
  illustrative: number;
  /** Area id → score 0–100 (or null when nothing in the area could be scored), as JSON; set on submission and acceptance. */
  scores: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: number | null;
}

/** One answer to one question of the framework. */
export interface AssessmentAnswerTable {
  assessment_id: number;
  /** A question id of the framework, e.g. 'language.free-courses'. */
  question_id: string;
  /**
   * For a policy question: 'yes', 'partly', 'no' or 'not_competent'. For an outcome question, the
   * trend since the previous measure: 'improved', 'unchanged', 'worsened' or 'unknown'. Null for a fact.
   */
  choice: string | null;
  /** The figure of a fact or an outcome question. */
  value: number | null;
  /** The year the figure refers to. */
  value_year: number | null;
  /** Where the figure comes from (title of the source). */
  source: string | null;
  /** A link to the evidence: the policy, the source of the figure, an example. */
  evidence_url: string | null;
  /** An example or a comment, in the city's words. */
  note: string | null;
  updated_at: string;
}

/** The exchange between an editor and the city about a submitted assessment. */
export interface AssessmentMessageTable {
  id: Generated<number>;
  assessment_id: number;
  author_id: number | null;
  body: string;
  created_at: string;
}

export type AssessmentRow = Selectable<AssessmentTable>;
export type AssessmentAnswerRow = Selectable<AssessmentAnswerTable>;
export type AssessmentMessageRow = Selectable<AssessmentMessageTable>;
