import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogues, translator } from './i18n.ts';
import { LOCALES } from './locales.ts';

const SRC = new URL('../../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.includes('.test.') ? [full] : [];
  });
}

/** Keys written literally, and key templates such as `type.${id}` turned into patterns. */
function keysInCode() {
  const literal = new Set<string>();
  const patterns: RegExp[] = [];
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, 'utf8');
    for (const m of code.matchAll(
      /(?:(?<![\w.])|(?:ctx|this|\))\.)(?:t|text)\(\s*'([a-zA-Z0-9_.-]+)'/g,
    ))
      literal.add(m[1] as string);
    // Messages whose words are chosen where the problem is found and rendered later.
    for (const m of code.matchAll(/\b(?:key|messageKey):\s*'([a-zA-Z0-9_-]+\.[a-zA-Z0-9_.-]+)'/g))
      literal.add(m[1] as string);
    for (const m of code.matchAll(
      /\bproblem\([^()]*?,\s*'[^']*',\s*'([a-zA-Z0-9_-]+\.[a-zA-Z0-9_.-]+)'/g,
    ))
      literal.add(m[1] as string);
    for (const m of code.matchAll(/(?:(?<![\w.])|(?:ctx|this|\))\.)(?:t|text)\(\s*`([^`]+)`/g)) {
      const source = (m[1] as string)
        .split(/\$\{[^}]+\}/)
        .map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('[a-zA-Z0-9_-]+');
      patterns.push(new RegExp(`^${source}$`));
    }
  }
  return { literal, patterns };
}

function placeholders(message: string): string[] {
  const names = new Set<string>();
  const walk = (elements: ReturnType<IntlMessageFormat['getAst']>) => {
    for (const el of elements) {
      if ('value' in el && typeof el.value === 'string' && el.type !== 0) names.add(el.value);
      if ('options' in el) for (const option of Object.values(el.options)) walk(option.value);
    }
  };
  walk(new IntlMessageFormat(message, 'en').getAst());
  return [...names].sort();
}

describe('UI catalogues', () => {
  const english = catalogues.en;
  const { literal, patterns } = keysInCode();

  it('define every key the code uses', () => {
    const missing = [...literal].filter((key) => !(key in english));
    expect(missing).toEqual([]);
  });

  it('hold no key the code does not use', () => {
    const unused = Object.keys(english).filter(
      (key) => !literal.has(key) && !patterns.some((p) => p.test(key)),
    );
    expect(unused).toEqual([]);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s has exactly the English keys, with the same placeholders',
    (locale) => {
      const catalogue = catalogues[locale];
      expect(Object.keys(catalogue)).toEqual(Object.keys(english));
      for (const [key, message] of Object.entries(english)) {
        const translated = catalogue[key] as string;
        expect(translated.trim(), `${locale} ${key}`).not.toBe('');
        expect(placeholders(translated), `${locale} ${key}`).toEqual(placeholders(message));
      }
    },
  );

  // The house style of locales/GLOSSARY.md that a machine can check.
  it('keep the house style: no «ё» in Russian, 做法 for "practice" in Chinese, French apostrophes', () => {
    const breaches = (locale: 'ru' | 'zh' | 'fr', rule: RegExp) =>
      Object.entries(catalogues[locale])
        .filter(([, text]) => rule.test(String(text)))
        .map(([key]) => key);
    expect(breaches('ru', /ё/i)).toEqual([]);
    expect(breaches('zh', /实践/)).toEqual([]);
    expect(breaches('fr', /\p{L}'\p{L}/u)).toEqual([]);
  });

  it('format plurals by the rules of each language', () => {
    expect(translator('en')('practices.count', { count: 1 })).toBe('1 practice');
    expect(translator('en')('practices.count', { count: 1234 })).toBe('1,234 practices');
    expect(translator('en')('practices.count', { count: 0 })).toBe('No practices');
    expect(translator('ru')('practices.count', { count: 3 })).not.toBe(
      translator('ru')('practices.count', { count: 5 }),
    );
    expect(translator('fr')('practices.count', { count: 1234 })).toContain('1\u202f234');
  });

  it('say "1 day", not "1 days", for a median of one day', () => {
    const median = (locale: 'en' | 'fr', days: number) =>
      translator(locale)('editor.median', { days, count: 3 });
    expect(median('en', 1)).toContain(': 1 day (3 decisions)');
    expect(median('en', 2.5)).toContain(': 2.5 days (');
    expect(median('fr', 1)).toContain('\u00a0: 1 jour (3 décisions)');
    expect(median('fr', 4)).toContain(' 4 jours (');
  });
});
