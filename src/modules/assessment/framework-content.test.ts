import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/i18n/locales.ts';
import { readTaxonomyFile } from '../taxonomy/taxonomy.service.ts';
import type { Framework, FrameworkText } from './framework.model.ts';

const framework = JSON.parse(
  readFileSync(new URL('./data/framework-2026.1.json', import.meta.url), 'utf8'),
) as Framework;

const questions = framework.areas.flatMap((area) =>
  area.questions.map((question) => ({ area, question })),
);

/** Every translatable text of the framework, named by where it sits. */
const texts: Array<{ where: string; text: FrameworkText }> = [
  { where: 'changes', text: framework.changes },
  ...framework.areas.flatMap((area) => [
    { where: `${area.id}.title`, text: area.title },
    { where: `${area.id}.description`, text: area.description },
  ]),
  ...questions.flatMap(({ question }) => [
    { where: `${question.id}.text`, text: question.text },
    { where: `${question.id}.guidance`, text: question.guidance },
  ]),
];

/** The script most letters of a text must be in; figures and labels such as 'A2' may be Latin. */
const SCRIPTS: Partial<Record<keyof FrameworkText, RegExp>> = {
  ar: /\p{Script=Arabic}/u,
  ru: /\p{Script=Cyrillic}/u,
  zh: /\p{Script=Han}/u,
};

function shareOfLettersIn(text: string, script: RegExp): number {
  const letters = [...text].filter((char) => /\p{L}/u.test(char));
  return letters.filter((char) => script.test(char)).length / letters.length;
}

describe('framework 2026.1 content', () => {
  it('names its version, publication date and changes', () => {
    expect(framework.version).toBe('2026.1');
    expect(framework.published).toBe('2026-12-07');
    expect(framework.changes.en).toMatch(/first/i);
  });

  it('has 10 to 14 areas with unique kebab-case ids', () => {
    expect(framework.areas.length).toBeGreaterThanOrEqual(10);
    expect(framework.areas.length).toBeLessThanOrEqual(14);
    const ids = framework.areas.map((area) => area.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });

  it('gives each area 4 to 8 questions: at least one fact, three policies and one outcome', () => {
    for (const area of framework.areas) {
      const count = (kind: string) =>
        area.questions.filter((question) => question.kind === kind).length;
      expect(area.questions.length, area.id).toBeGreaterThanOrEqual(4);
      expect(area.questions.length, area.id).toBeLessThanOrEqual(8);
      expect(count('fact'), area.id).toBeGreaterThanOrEqual(1);
      expect(count('policy'), area.id).toBeGreaterThanOrEqual(3);
      expect(count('outcome'), area.id).toBeGreaterThanOrEqual(1);
      expect(count('fact') + count('policy') + count('outcome'), area.id).toBe(
        area.questions.length,
      );
    }
  });

  it('gives questions unique ids prefixed by their area', () => {
    const ids = questions.map(({ question }) => question.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { area, question } of questions)
      expect(question.id).toMatch(new RegExp(`^${area.id}\\.[a-z0-9-]+$`));
  });

  it('weighs facts 0, outcomes 1 and policies 1 or 2, with at most two double policies an area', () => {
    for (const { question } of questions) {
      const expected = { fact: [0], outcome: [1], policy: [1, 2] }[question.kind];
      expect(expected, question.id).toContain(question.weight);
    }
    for (const area of framework.areas) {
      const doubled = area.questions.filter((question) => question.weight === 2);
      expect(doubled.length, area.id).toBeLessThanOrEqual(2);
      // A double weight is explained to the person answering.
      for (const question of doubled) expect(question.guidance.en, question.id).toMatch(/double/);
    }
  });

  it('gives a unit to every figure and none to policies', () => {
    for (const { question } of questions) {
      if (question.kind === 'policy') expect(question.unit, question.id).toBeUndefined();
      else expect(['percent', 'count', 'days', 'ratio'], question.id).toContain(question.unit);
    }
  });

  it('maps every area to themes that exist in the taxonomy, and to references', () => {
    const themes = new Set(
      readTaxonomyFile()
        .concepts.filter((concept) => concept.scheme === 'theme')
        .map((concept) => concept.id),
    );
    for (const area of framework.areas) {
      expect(area.themes.length, area.id).toBeGreaterThanOrEqual(1);
      for (const theme of area.themes) expect(themes.has(theme), `${area.id}: ${theme}`).toBe(true);
      expect(area.references.length, area.id).toBeGreaterThanOrEqual(1);
      for (const reference of area.references)
        expect(reference).toMatch(/^(OECD 2018 checklist, (point|block) \d+|ICC Index: \S)/);
    }
  });

  it('writes every text in all six languages', () => {
    for (const { where, text } of texts) {
      expect(Object.keys(text).sort(), where).toEqual([...LOCALES].sort());
      for (const locale of LOCALES)
        expect(text[locale].trim(), `${where} (${locale})`).not.toBe('');
    }
  });

  it('writes Arabic, Russian and Chinese texts in their own script', () => {
    for (const { where, text } of texts) {
      for (const [locale, script] of Object.entries(SCRIPTS)) {
        const share = shareOfLettersIn(text[locale as keyof FrameworkText], script);
        expect(share, `${where} (${locale})`).toBeGreaterThan(0.9);
      }
    }
  });

  it('translates French and Spanish texts rather than repeating the English', () => {
    for (const locale of ['fr', 'es'] as const) {
      const translated = texts.filter(({ text }) => text[locale] !== text.en).length;
      expect(translated / texts.length, locale).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('follows the glossary’s typography', () => {
    for (const { where, text } of texts) {
      expect(text.ru, where).not.toMatch(/[ёЁ]/);
      expect(text.zh, where).not.toContain('实践');
      expect(text.fr, where).not.toMatch(/\p{L}'\p{L}/u);
    }
  });
});
