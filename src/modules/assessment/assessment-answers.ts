import type { FieldProblem } from '../../core/errors.ts';
import { problem, readText, readWebAddress, readYear } from '../../core/validation.ts';
import { answerField, FIRST_FIGURE_YEAR, LIMITS } from './assessment.model.ts';
import type { AssessmentAnswerRow } from './assessment.table.ts';
import { answerPoints } from './assessment-scoring.ts';
import {
  type FrameworkArea,
  type FrameworkQuestion,
  OUTCOME_CHOICES,
  POLICY_CHOICES,
} from './framework.model.ts';

/**
 * Reading one area's answers from its form, and telling which answers are still missing. Each
 * part of an answer is its own field (`<question id>.<part>`), so a problem names the part.
 */

export type AnswerValues = Omit<AssessmentAnswerRow, 'assessment_id' | 'updated_at'>;

const RANGES: Record<NonNullable<FrameworkQuestion['unit']>, { max: number; whole: boolean }> = {
  percent: { max: 100, whole: false },
  count: { max: 1_000_000_000, whole: true },
  days: { max: 36_500, whole: false },
  ratio: { max: 1_000_000, whole: false },
};
const ANY_RANGE = { max: 1_000_000_000, whole: false };

const trimmed = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/** A figure as people type it: spaces between thousands, a comma or a point for decimals. */
function readFigure(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  unit: FrameworkQuestion['unit'],
): number | null {
  const raw = trimmed(value).replace(/[\s\u00a0\u202f]/g, '');
  if (raw === '') return null;
  const range = unit ? RANGES[unit] : ANY_RANGE;
  const pattern = range.whole ? /^\d{1,10}$/ : /^\d{1,10}([.,]\d{1,4})?$/;
  const figure = pattern.test(raw) ? Number(raw.replace(',', '.')) : Number.NaN;
  if (figure >= 0 && figure <= range.max) return figure;
  if (unit === 'percent')
    problems.push(problem(field, 'must be a percentage from 0 to 100', 'assessment.error.percent'));
  else if (range.whole)
    problems.push({
      field,
      message: `must be a whole number from 0 to ${range.max}`,
      key: 'assessment.error.wholeNumber',
      values: { max: range.max },
    });
  else
    problems.push({
      field,
      message: `must be a number from 0 to ${range.max}`,
      key: 'assessment.error.number',
      values: { max: range.max },
    });
  return null;
}

function readChoice(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  choices: readonly string[],
): string | null {
  const text = trimmed(value);
  if (text === '') return null;
  if (choices.includes(text)) return text;
  problems.push(problem(field, 'is not one of the choices', 'form.error.choice'));
  return null;
}

/** One question's answer from the form; null when every part was left empty. */
function readAnswer(
  problems: FieldProblem[],
  question: FrameworkQuestion,
  input: Record<string, unknown>,
  currentYear: number,
): AnswerValues | null {
  const field = (part: Parameters<typeof answerField>[1]) => answerField(question.id, part);
  const at = (part: Parameters<typeof answerField>[1]) => input[field(part)];
  const figures = question.kind !== 'policy';
  const answer: AnswerValues = {
    question_id: question.id,
    choice:
      question.kind === 'fact'
        ? null
        : readChoice(
            problems,
            field('choice'),
            at('choice'),
            question.kind === 'policy' ? POLICY_CHOICES : OUTCOME_CHOICES,
          ),
    value: figures ? readFigure(problems, field('value'), at('value'), question.unit) : null,
    value_year: figures
      ? readYear(problems, field('year'), at('year'), { min: FIRST_FIGURE_YEAR, max: currentYear })
      : null,
    source: figures
      ? readText(problems, field('source'), at('source'), {
          max: LIMITS.source,
          singleLine: true,
        })
      : null,
    evidence_url: readWebAddress(problems, field('url'), at('url')),
    note:
      question.kind === 'policy'
        ? readText(problems, field('note'), at('note'), { max: LIMITS.note })
        : null,
  };
  const given = Object.entries(answer).some(([key, v]) => key !== 'question_id' && v !== null);
  return given ? answer : null;
}

/** An area's answers from its form; problems name each field that is wrong. */
export function readAreaAnswers(
  area: FrameworkArea,
  input: Record<string, unknown>,
  currentYear: number,
): { answers: AnswerValues[]; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const answers: AnswerValues[] = [];
  for (const question of area.questions) {
    const answer = readAnswer(problems, question, input, currentYear);
    if (answer) answers.push(answer);
  }
  return { answers, problems };
}

/** Whether a question counts as answered: a choice for policy and outcome, a figure for a fact. */
export function isAnswered(
  question: FrameworkQuestion,
  answer: Pick<AnswerValues, 'choice' | 'value'> | undefined,
): boolean {
  if (!answer) return false;
  if (question.kind === 'fact') return answer.value !== null;
  const counted = answerPoints(question.kind, answer.choice) !== null;
  return counted || answer.choice === 'not_competent' || answer.choice === 'unknown';
}

/** The policy and outcome questions without an answer: each a problem naming its choice field. */
export function missingAnswers(
  areas: readonly FrameworkArea[],
  answers: Record<string, Pick<AnswerValues, 'choice' | 'value'>>,
): FieldProblem[] {
  return areas.flatMap((area) =>
    area.questions
      .filter((q) => q.kind !== 'fact' && !isAnswered(q, answers[q.id]))
      .map((q) => ({
        field: answerField(q.id, 'choice'),
        message: 'is required to submit',
        key: 'assessment.error.missing',
      })),
  );
}
