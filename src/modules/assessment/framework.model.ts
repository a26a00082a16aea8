/**
 * The shape of the self-assessment framework: areas, their questions and the scoring weights.
 * The framework itself is data (`data/framework-<version>.json`), one file per published version,
 * so that a score always names the version that made it and older versions stay readable.
 */

/** The six languages every text of the framework is written in. */
export type FrameworkText = Record<'ar' | 'en' | 'es' | 'fr' | 'ru' | 'zh', string>;

/**
 * - `fact`: a figure with its source and year (e.g. the share of residents born abroad); shown,
 *   never scored.
 * - `policy`: is it in place? 'yes' (100), 'partly' (50), 'no' (0), or 'not_competent' (left out
 *   of the area's score, not counted as zero); with an example or a link.
 * - `outcome`: a figure with its source and year, and its trend since the previous measure:
 *   'improved' (100), 'unchanged' (50), 'worsened' (0) or 'unknown' (left out).
 */
export type QuestionKind = 'fact' | 'policy' | 'outcome';

export const POLICY_CHOICES = ['yes', 'partly', 'no', 'not_competent'] as const;
export const OUTCOME_CHOICES = ['improved', 'unchanged', 'worsened', 'unknown'] as const;
export type PolicyChoice = (typeof POLICY_CHOICES)[number];
export type OutcomeChoice = (typeof OUTCOME_CHOICES)[number];

export interface FrameworkQuestion {
  /** Stable across versions while the question's meaning is unchanged: '<area id>.<slug>'. */
  id: string;
  kind: QuestionKind;
  /** Weight in its area's score (policy and outcome questions); 0 for facts. */
  weight: number;
  text: FrameworkText;
  /** What counts as 'yes' or where the figure is usually found. */
  guidance: FrameworkText;
  /** For facts and outcomes: what the figure is ('percent', 'count', 'days', 'ratio'). */
  unit?: 'percent' | 'count' | 'days' | 'ratio';
}

export interface FrameworkArea {
  /** e.g. 'governance', 'language'. */
  id: string;
  title: FrameworkText;
  description: FrameworkText;
  /** Theme concept ids of the taxonomy this area maps to (practices addressing it carry them). */
  themes: string[];
  /** The points of the two reference frameworks this area covers, e.g. 'OECD 2018 checklist, point 5'. */
  references: string[];
  questions: FrameworkQuestion[];
}

export interface Framework {
  /** e.g. '2026.1'. */
  version: string;
  /** ISO date the version was published. */
  published: string;
  /** What changed from the previous version (the first says it is the first). */
  changes: FrameworkText;
  areas: FrameworkArea[];
}
