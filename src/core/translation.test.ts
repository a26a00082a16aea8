import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.ts';
import { checkTranslation, isTranslationLocale, type TranslationValues } from './translation.ts';
import { type Problems, problem } from './validation.ts';

const type = {
  fields: [
    { name: 'title', max: 10 },
    { name: 'body', max: 100 },
  ],
  complete: (values: TranslationValues, problems: Problems) => {
    if (values.body !== null && values.title === null)
      problems.push(problem('title', 'is required', 'form.error.required'));
  },
};

function problemsOf(action: () => unknown) {
  try {
    action();
  } catch (error) {
    if (error instanceof ValidationError) return error.details.map((p) => `${p.field}: ${p.key}`);
    throw error;
  }
  return [];
}

describe('translations', () => {
  it('accepts only the site languages other than the original', () => {
    expect(isTranslationLocale('fr', 'en')).toBe(true);
    expect(isTranslationLocale('en', 'en')).toBe(false);
    expect(isTranslationLocale('de', 'en')).toBe(false);
  });

  it('returns the fields normalised, empty ones as null', () => {
    expect(checkTranslation(type, 'en', 'fr', { title: ' Titre\r\n', body: '' })).toEqual({
      title: 'Titre',
      body: null,
    });
  });

  it('lists every problem at once: the language, each field, the rules across fields', () => {
    expect(problemsOf(() => checkTranslation(type, 'en', 'en', { title: 'x'.repeat(11) }))).toEqual(
      ['locale: form.error.choice', 'title: form.error.tooLong'],
    );
    expect(problemsOf(() => checkTranslation(type, 'en', 'fr', { body: 'Corps' }))).toEqual([
      'title: form.error.required',
    ]);
  });

  it('lets a type explain a refused language itself', () => {
    const own = {
      ...type,
      checkLocale: (_locale: string, _original: string, problems: Problems) => {
        problems.push(problem('locale', 'is not offered here', 'own.key'));
      },
    };
    expect(problemsOf(() => checkTranslation(own, 'en', 'fr', { title: 'T' }))).toEqual([
      'locale: own.key',
    ]);
  });
});
