import { describe, expect, it } from 'vitest';
import type { FieldProblem } from './errors.ts';
import {
  languageFromName,
  languageTag,
  readDate,
  readLanguageTag,
  readList,
  readText,
  readWebAddress,
  readYear,
} from './validation.ts';

function read<T>(reader: (problems: FieldProblem[]) => T): { value: T; keys: string[] } {
  const problems: FieldProblem[] = [];
  const value = reader(problems);
  return { value, keys: problems.map((p) => `${p.field}:${p.key}`) };
}

describe('field readers', () => {
  it('reads text normalised, and refuses missing, long, non-text and invisible input', () => {
    expect(read((p) => readText(p, 'title', '  Two\r\nlines \r', { max: 20 }))).toEqual({
      value: 'Two\nlines',
      keys: [],
    });
    expect(read((p) => readText(p, 'title', 'a \n  b', { max: 20, singleLine: true })).value).toBe(
      'a b',
    );
    expect(read((p) => readText(p, 'title', '   ', { max: 20 }))).toEqual({
      value: null,
      keys: [],
    });
    expect(read((p) => readText(p, 'title', undefined, { max: 20, required: true })).keys).toEqual([
      'title:form.error.required',
    ]);
    expect(read((p) => readText(p, 'title', 'x'.repeat(21), { max: 20 })).keys).toEqual([
      'title:form.error.tooLong',
    ]);
    expect(read((p) => readText(p, 'title', ['a', 'b'], { max: 20 })).keys).toEqual([
      'title:form.error.text',
    ]);
    expect(read((p) => readText(p, 'title', 'bell\u0007', { max: 20 })).keys).toEqual([
      'title:form.error.control',
    ]);
    expect(read((p) => readText(p, 'body', 'tab\there', { max: 20 })).value).toBe('tab\there');
  });

  it('accepts only http and https addresses, and site paths where asked', () => {
    expect(read((p) => readWebAddress(p, 'url', 'https://example.org/a')).value).toBe(
      'https://example.org/a',
    );
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.org', 'example'])
      expect(read((p) => readWebAddress(p, 'url', bad)).keys, bad).toEqual(['url:form.error.url']);
    expect(read((p) => readWebAddress(p, 'url', '/press/x')).keys).toEqual(['url:form.error.url']);
    expect(read((p) => readWebAddress(p, 'url', '/press/x', { sitePath: true })).value).toBe(
      '/press/x',
    );
    expect(
      read((p) => readWebAddress(p, 'url', '//evil.example', { sitePath: true })).keys,
    ).toEqual(['url:form.error.url']);
  });

  it('knows languages by name in the six languages and in their own', () => {
    expect(languageFromName('Portugais')).toBe('pt');
    expect(languageFromName('  ÁRABE ')).toBe('ar');
    expect(languageFromName('العربية')).toBe('ar');
    expect(languageFromName('Deutsch')).toBe('de');
    expect(languageFromName('俄语')).toBe('ru');
    expect(languageFromName('Klingon')).toBeNull();
  });

  it('reads language tags in their canonical form', () => {
    expect(languageTag('pt-br')).toBe('pt-BR');
    expect(languageTag('english')).toBeNull();
    expect(languageTag('qq')).toBeNull();
    expect(read((p) => readLanguageTag(p, 'language', 'ZH-hant')).value).toBe('zh-Hant');
    expect(read((p) => readLanguageTag(p, 'language', 'klingon')).keys).toEqual([
      'language:form.error.language',
    ]);
  });

  it('reads years within bounds, sent as text or number', () => {
    const rule = { min: 1950, max: 2027 };
    expect(read((p) => readYear(p, 'year', ' 2019 ', rule)).value).toBe(2019);
    expect(read((p) => readYear(p, 'year', 2019, rule)).value).toBe(2019);
    for (const bad of ['1949', '2028', '19', '2019.5', 'abcd'])
      expect(read((p) => readYear(p, 'year', bad, rule)).keys, bad).toEqual([
        'year:form.error.year',
      ]);
    expect(read((p) => readYear(p, 'year', '', { ...rule, required: true })).keys).toEqual([
      'year:form.error.required',
    ]);
  });

  it('reads calendar dates that exist', () => {
    expect(read((p) => readDate(p, 'due', '2028-02-29')).value).toBe('2028-02-29');
    for (const bad of ['2026-04-31', '2027-02-29', '31/12/2026', '2026-1-1'])
      expect(read((p) => readDate(p, 'due', bad)).keys, bad).toEqual(['due:form.error.date']);
  });

  it('reads a list from a field sent once, several times or not at all', () => {
    expect(readList(undefined)).toEqual([]);
    expect(readList(' housing ')).toEqual(['housing']);
    expect(readList(['a', 3, '', ' b'])).toEqual(['a', 'b']);
  });
});
