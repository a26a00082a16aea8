import { describe, expect, it } from 'vitest';
import { answerPoints, scoreAssessment } from './assessment-scoring.ts';
import type { Framework, FrameworkQuestion, QuestionKind } from './framework.model.ts';

const text = { ar: 'x', en: 'x', es: 'x', fr: 'x', ru: 'x', zh: 'x' };

function question(id: string, kind: QuestionKind, weight: number): FrameworkQuestion {
  return { id, kind, weight, text, guidance: text };
}

function frameworkOf(areas: Record<string, FrameworkQuestion[]>): Framework {
  return {
    version: '2026.1',
    published: '2026-12-01',
    changes: text,
    areas: Object.entries(areas).map(([id, questions]) => ({
      id,
      title: text,
      description: text,
      themes: [],
      references: [],
      questions,
    })),
  };
}

const answer = (question_id: string, choice: string | null, value: number | null = null) => ({
  question_id,
  choice,
  value,
});

describe('answerPoints', () => {
  it('counts policy and outcome choices and leaves out the rest', () => {
    expect(answerPoints('policy', 'yes')).toBe(100);
    expect(answerPoints('policy', 'partly')).toBe(50);
    expect(answerPoints('policy', 'no')).toBe(0);
    expect(answerPoints('policy', 'not_competent')).toBeNull();
    expect(answerPoints('outcome', 'improved')).toBe(100);
    expect(answerPoints('outcome', 'unchanged')).toBe(50);
    expect(answerPoints('outcome', 'worsened')).toBe(0);
    expect(answerPoints('outcome', 'unknown')).toBeNull();
    expect(answerPoints('fact', 'yes')).toBeNull();
    expect(answerPoints('policy', 'improved')).toBeNull();
  });
});

describe('scoreAssessment', () => {
  it('takes the plain mean when the weights are equal', () => {
    const framework = frameworkOf({
      a: [question('a.one', 'policy', 1), question('a.two', 'policy', 1)],
    });
    // (100 + 50) / 2 = 75
    expect(scoreAssessment(framework, [answer('a.one', 'yes'), answer('a.two', 'partly')])).toEqual(
      { a: 75 },
    );
  });

  it('weighs answers by their questions’ weights', () => {
    const framework = frameworkOf({
      a: [
        question('a.one', 'policy', 3),
        question('a.two', 'outcome', 1),
        question('a.three', 'policy', 2),
      ],
    });
    // (100×3 + 0×1 + 50×2) / (3 + 1 + 2) = 400 / 6 = 66.67 → 67
    expect(
      scoreAssessment(framework, [
        answer('a.one', 'yes'),
        answer('a.two', 'worsened', 12),
        answer('a.three', 'partly'),
      ]),
    ).toEqual({ a: 67 });
  });

  it('leaves "not our competence" and an unknown trend out instead of counting zero', () => {
    const framework = frameworkOf({
      a: [
        question('a.one', 'policy', 2),
        question('a.two', 'policy', 5),
        question('a.three', 'outcome', 3),
      ],
    });
    // Only a.one counts: 100×2 / 2 = 100 (with the others as zero it would be 200 / 10 = 20).
    expect(
      scoreAssessment(framework, [
        answer('a.one', 'yes'),
        answer('a.two', 'not_competent'),
        answer('a.three', 'unknown', 40),
      ]),
    ).toEqual({ a: 100 });
  });

  it('gives null for an area where every answer is left out, or none given', () => {
    const framework = frameworkOf({
      a: [question('a.one', 'policy', 1), question('a.two', 'outcome', 1)],
      b: [question('b.one', 'policy', 1)],
      c: [question('c.one', 'fact', 0)],
    });
    expect(
      scoreAssessment(framework, [
        answer('a.one', 'not_competent'),
        answer('a.two', 'unknown'),
        answer('c.one', null, 23.5),
      ]),
    ).toEqual({ a: null, b: null, c: null });
  });

  it('never scores facts, whatever their figure', () => {
    const framework = frameworkOf({
      a: [question('a.share', 'fact', 0), question('a.one', 'policy', 1)],
    });
    // The fact is left out: 0×1 / 1 = 0
    expect(
      scoreAssessment(framework, [answer('a.share', null, 99), answer('a.one', 'no')]),
    ).toEqual({ a: 0 });
  });

  it('rounds a half up', () => {
    const framework = frameworkOf({
      a: [
        question('a.one', 'policy', 1),
        question('a.two', 'policy', 1),
        question('a.three', 'policy', 1),
        question('a.four', 'policy', 1),
      ],
      b: [
        question('b.one', 'policy', 0.2),
        question('b.two', 'policy', 2.7),
        question('b.three', 'outcome', 0.7),
      ],
      c: [question('c.one', 'policy', 1), question('c.two', 'policy', 7)],
    });
    const scores = scoreAssessment(framework, [
      // (50 + 50 + 50 + 0) / 4 = 37.5 → 38
      answer('a.one', 'partly'),
      answer('a.two', 'partly'),
      answer('a.three', 'partly'),
      answer('a.four', 'no'),
      // (0×0.2 + 50×2.7 + 0×0.7) / (0.2 + 2.7 + 0.7) = 135 / 3.6 = 37.5 → 38
      // (floating point makes it 37.49999999999999, which must still round up)
      answer('b.one', 'no'),
      answer('b.two', 'partly'),
      answer('b.three', 'worsened'),
      // (100×1 + 0×7) / 8 = 12.5 → 13
      answer('c.one', 'yes'),
      answer('c.two', 'no'),
    ]);
    expect(scores).toEqual({ a: 38, b: 38, c: 13 });
  });

  it('ignores answers to questions the version does not have', () => {
    const framework = frameworkOf({ a: [question('a.one', 'policy', 1)] });
    // 50×1 / 1 = 50
    expect(
      scoreAssessment(framework, [answer('a.one', 'partly'), answer('a.gone', 'yes')]),
    ).toEqual({ a: 50 });
  });
});
