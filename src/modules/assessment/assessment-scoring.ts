import type { Framework, QuestionKind } from './framework.model.ts';

/**
 * Area scores from a city's answers; pure, so the same answers always give the same numbers.
 *
 * A policy answer counts yes 100, partly 50, no 0; an outcome's trend counts improved 100,
 * unchanged 50, worsened 0. 'not_competent' and 'unknown' are left out of the area (a city is not
 * marked down for what its level of government does not decide, nor for a trend nobody measured),
 * and facts are never scored. An area's score is the mean of its included answers weighted by the
 * questions' weights, rounded to the nearest whole number (half up); null when nothing in the area
 * could be scored.
 *
 *   scoreAssessment(framework, [{ question_id: 'language.courses', choice: 'partly', value: null }])
 *   // { language: 50, ... }
 */

export interface ScoredAnswer {
  question_id: string;
  choice: string | null;
  value: number | null;
}

const POINTS: Record<Exclude<QuestionKind, 'fact'>, Record<string, number>> = {
  policy: { yes: 100, partly: 50, no: 0 },
  outcome: { improved: 100, unchanged: 50, worsened: 0 },
};

/** The points an answer earns, or null when it is left out of its area's score. */
export function answerPoints(kind: QuestionKind, choice: string | null): number | null {
  if (kind === 'fact' || choice === null) return null;
  return POINTS[kind][choice] ?? null;
}

export function scoreAssessment(
  framework: Framework,
  answers: readonly ScoredAnswer[],
): Record<string, number | null> {
  const choices = new Map(answers.map((a) => [a.question_id, a.choice]));
  const scores: Record<string, number | null> = {};
  for (const area of framework.areas) {
    let weighted = 0;
    let weights = 0;
    for (const question of area.questions) {
      const points = answerPoints(question.kind, choices.get(question.id) ?? null);
      if (points === null) continue;
      weighted += points * question.weight;
      weights += question.weight;
    }
    // Fractional weights can leave 62.4999999 where 62.5 is meant; twelve digits are plenty.
    scores[area.id] = weights === 0 ? null : Math.round(Number((weighted / weights).toFixed(12)));
  }
  return scores;
}
