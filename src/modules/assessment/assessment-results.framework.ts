import { readFileSync } from 'node:fs';
import { NotFoundError } from '../../core/errors.ts';
import type { Framework } from './framework.model.ts';

/**
 * The framework versions and the scoring the result pages read: a small reader of
 * `data/framework-<version>.json` and the documented weights, kept apart so that the module's
 * shared loader and scoring can take their place without touching the result pages.
 */

const cache = new Map<string, Framework>();

export function readFramework(version: string): Framework {
  let framework = cache.get(version);
  if (!framework) {
    if (!/^\d{4}\.\d{1,2}$/.test(version))
      throw new NotFoundError('framework_not_found', `No framework version "${version}".`);
    try {
      const url = new URL(`./data/framework-${version}.json`, import.meta.url);
      framework = JSON.parse(readFileSync(url, 'utf8')) as Framework;
    } catch {
      throw new NotFoundError('framework_not_found', `No framework version "${version}".`);
    }
    cache.set(version, framework);
  }
  return framework;
}

export const CURRENT_FRAMEWORK_VERSION = '2026.1';

const POINTS: Record<string, number> = {
  yes: 100,
  partly: 50,
  no: 0,
  improved: 100,
  unchanged: 50,
  worsened: 0,
};

/**
 * Each area's weighted mean of its scored answers, rounded; 'not_competent' and 'unknown' (and
 * facts) are left out rather than counted as zero; null when nothing in the area was scored.
 */
export function scoreAnswers(
  framework: Framework,
  answers: readonly { question_id: string; choice: string | null }[],
): Record<string, number | null> {
  const choices = new Map(answers.map((a) => [a.question_id, a.choice]));
  const scores: Record<string, number | null> = {};
  for (const area of framework.areas) {
    let sum = 0;
    let weights = 0;
    for (const question of area.questions) {
      const points = POINTS[choices.get(question.id) ?? ''];
      if (question.kind === 'fact' || points === undefined) continue;
      sum += question.weight * points;
      weights += question.weight;
    }
    scores[area.id] = weights === 0 ? null : Math.round(sum / weights);
  }
  return scores;
}
