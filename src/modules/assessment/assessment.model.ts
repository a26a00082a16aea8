import type { FieldProblem } from '../../core/errors.ts';
import type { AssessmentAnswerRow } from './assessment.table.ts';
import type { Framework, FrameworkArea } from './framework.model.ts';

/**
 * The life of an assessment: the city fills it in ('draft'), sends it ('submitted'), an editor
 * asks a question and it is back with the city ('questions') or accepts it ('accepted').
 */
export const ASSESSMENT_STATES = ['draft', 'submitted', 'questions', 'accepted'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];

/** How far back a city may assess: this year and the five before. */
export const YEARS_BACK = 5;
/** The first year a figure may refer to. */
export const FIRST_FIGURE_YEAR = 1990;

export const LIMITS = { note: 2000, source: 300, message: 4000 } as const;

/** The parts of one answer as a form sends them: `<question id>.<part>`. */
export const ANSWER_PARTS = ['choice', 'value', 'year', 'source', 'url', 'note'] as const;
export type AnswerPart = (typeof ANSWER_PARTS)[number];

export const answerField = (questionId: string, part: AnswerPart) => `${questionId}.${part}`;

export interface CityRef {
  id: number;
  name: string;
  countryCode: string;
}

export interface AssessmentSummary {
  id: number;
  year: number;
  state: AssessmentState;
  sharePublicly: boolean;
  publishedAt: string | null;
  submittedAt: string | null;
  updatedAt: string;
}

/** A city's page of assessments: the ones it has and the years it may start. */
export interface CityAssessments {
  city: CityRef;
  assessments: AssessmentSummary[];
  startableYears: number[];
}

export interface AreaProgress {
  area: FrameworkArea;
  answered: number;
  total: number;
}

export interface AssessmentMessage {
  id: number;
  authorName: string | null;
  body: string;
  createdAt: string;
}

/** Everything the city's pages and the editors' view show of one assessment. */
export interface AssessmentWorkspace {
  city: CityRef;
  assessment: AssessmentSummary & {
    frameworkVersion: string;
    scores: Record<string, number | null> | null;
    decidedAt: string | null;
  };
  framework: Framework;
  answers: Record<string, AssessmentAnswerRow>;
  messages: AssessmentMessage[];
  progress: AreaProgress[];
  /** The policy and outcome questions not answered yet (what stops a submission). */
  missing: FieldProblem[];
  /** The city may change answers now (not while the editors have it, nor once accepted). */
  editable: boolean;
}
