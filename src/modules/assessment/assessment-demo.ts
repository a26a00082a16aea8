import { createHash } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import * as records from './assessment.repository.ts';
import type { AssessmentAnswerTable } from './assessment.table.ts';
import * as repo from './assessment-results.repository.ts';
import { scoreAssessment } from './assessment-scoring.ts';
import type { Framework } from './framework.model.ts';
import { loadFramework } from './framework.ts';

/**
 * Illustrative self-assessments for the demonstration (content/demo-assessments.json): accepted
 * and published, marked illustrative wherever they are shown, compared only with each other and
 * left out of the open data's real results and the regions' medians.
 */

export interface DemoAssessment {
  city: string;
  country: string;
  year: number;
  /** Area id → how strong the city is in it, from 0 to 1. */
  strength: Record<string, number>;
  /** Areas where one policy question is outside the city's competence. */
  notCompetent: string[];
}

export interface DemoAssessments {
  frameworkVersion: string;
  /** Question id → the range a figure is drawn from. */
  figureRanges: Record<string, [number, number]>;
  assessments: DemoAssessment[];
}

/** A number from 0 to 1 fixed by the text, so that every load gives the same figures. */
function draw(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0) / 0xffffffff;
}

const FALLBACK_RANGES: Record<string, [number, number]> = {
  percent: [5, 40],
  count: [10, 500],
  days: [10, 120],
  ratio: [0, 2],
};

/** Answers to every question: choices follow the area's strength, figures stay in their ranges. */
export function demoAnswers(
  framework: Framework,
  demo: DemoAssessment,
  ranges: Record<string, [number, number]>,
  now: string,
): Insertable<AssessmentAnswerTable>[] {
  const answers: Insertable<AssessmentAnswerTable>[] = [];
  for (const area of framework.areas) {
    const strength = demo.strength[area.id] ?? 0.5;
    const policies = area.questions.filter((q) => q.kind === 'policy');
    for (const [i, question] of area.questions.entries()) {
      const seed = draw(`${demo.city}:${demo.year}:${question.id}`);
      const [low, high] = ranges[question.id] ??
        FALLBACK_RANGES[question.unit ?? 'percent'] ?? [0, 100];
      // Shares with one decimal, counts whole.
      const precision = question.unit === 'count' ? 1 : 10;
      const figure = Math.round((low + (high - low) * seed) * precision) / precision;
      const base = {
        assessment_id: 0,
        question_id: question.id,
        choice: null as string | null,
        value: null as number | null,
        value_year: null as number | null,
        source: null as string | null,
        evidence_url: null,
        note: null,
        updated_at: now,
      };
      if (question.kind === 'policy') {
        // The weightiest questions are met first; a little of each question's own draw.
        const level = strength + (question.weight - 1.5) * 0.15 + (seed - 0.5) * 0.3;
        const outside =
          demo.notCompetent.includes(area.id) && question === policies[policies.length - 1];
        const choice = outside
          ? 'not_competent'
          : level >= 0.65
            ? 'yes'
            : level >= 0.35
              ? 'partly'
              : 'no';
        answers.push({ ...base, choice });
      } else {
        const trend =
          question.kind === 'fact'
            ? null
            : strength + (seed - 0.5) * 0.2 >= 0.6
              ? 'improved'
              : strength >= 0.3
                ? 'unchanged'
                : 'worsened';
        answers.push({
          ...base,
          choice: trend,
          value: figure,
          value_year: demo.year - 1,
          source: i % 2 === 0 ? 'City statistics office' : 'National statistics office',
        });
      }
    }
  }
  return answers;
}

/**
 * Loads the demo assessments whose city is among the demo practices' places; one already there
 * for the city and year is left as it is. Returns how many were added.
 */
export async function loadDemoAssessments(db: Db, content: DemoAssessments): Promise<number> {
  const framework = loadFramework(content.frameworkVersion);
  let added = 0;
  for (const demo of content.assessments) {
    const cityId = await repo.findCityIdOfPracticePlace(db, demo.city, demo.country);
    if (cityId === undefined)
      throw new Error(
        `demo assessment: no demo practice is placed in ${demo.city}, ${demo.country}`,
      );
    if (await records.findAssessmentOfCityYear(db, cityId, demo.year)) continue;
    const at = `${demo.year}-06-30T12:00:00.000Z`;
    const answers = demoAnswers(framework, demo, content.figureRanges, at);
    const scores = scoreAssessment(
      framework,
      answers.map((a) => ({
        question_id: a.question_id,
        choice: a.choice ?? null,
        value: a.value ?? null,
      })),
    );
    await db.transaction().execute(async (trx) => {
      const id = await records.insertAssessment(trx, {
        city_id: cityId,
        year: demo.year,
        framework_version: framework.version,
        state: 'accepted',
        share_publicly: 1,
        published_at: at,
        illustrative: 1,
        scores: JSON.stringify(scores),
        created_by: null,
        created_at: at,
        updated_at: at,
        submitted_at: at,
        decided_at: at,
        decided_by: null,
      });
      await repo.insertAnswers(
        trx,
        answers.map((a) => ({ ...a, assessment_id: id })),
      );
    });
    added++;
  }
  return added;
}
