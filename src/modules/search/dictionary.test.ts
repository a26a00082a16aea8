import { describe, expect, it } from 'vitest';
import { chineseWords, isDictionaryWord, translate, translationWeight } from './dictionary.ts';
import { fold } from './text-analysis.ts';

const inLanguage = (word: string, language: string) =>
  translate(word)
    .filter((t) => t.language === language)
    .map((t) => fold(t.word));

describe('the bilingual dictionary built from FreeDict and CC-CEDICT', () => {
  it('translates a French word into the five other languages', () => {
    // "préjugés", plural and accented: found through the stem of the headword "préjugé".
    expect(inLanguage('préjugés', 'en')).toContain('prejudice');
    expect(inLanguage('préjugés', 'es')).toContain('prejuicio');
    expect(inLanguage('préjugés', 'ru')).toContain('предрассудок');
    expect(inLanguage('préjugés', 'ar').length).toBeGreaterThan(0);
    expect(inLanguage('préjugés', 'zh')).toContain('偏见');
  });

  it('pivots through English between two other languages', () => {
    // No French-Spanish dictionary is read: bibliothèque → library → biblioteca.
    expect(inLanguage('bibliothèque', 'es')).toContain('biblioteca');
    expect(inLanguage('библиотека', 'fr')).toContain('bibliotheque');
    expect(inLanguage('图书馆', 'ru')).toContain('библиотека');
  });

  it('translates English words, and Chinese ones found inside a sentence', () => {
    expect(inLanguage('bicycle', 'ru')).toContain('велосипед');
    expect(chineseWords('谣言传播很快')).toContain('谣言');
    expect(inLanguage('谣言', 'en')).toContain('rumor');
  });

  it('never lists the word itself among its translations', () => {
    expect(inLanguage('library', 'en')).toEqual([]);
    expect(translate('library').map((t) => fold(t.word))).not.toContain('library');
  });

  it('knows nothing of what is not a word of the six languages', () => {
    expect(translate('xqzvrt')).toEqual([]);
    expect(isDictionaryWord('xqzvrt')).toBe(false);
    expect(isDictionaryWord('bibliotheque')).toBe(true);
    expect(isDictionaryWord('velosiped')).toBe(false);
  });

  it('weights a word with many translations below one with few', () => {
    expect(translationWeight(1)).toBe(1);
    expect(translationWeight(40)).toBeLessThan(translationWeight(2));
    expect(translationWeight(2)).toBeLessThan(1);
    // The same on real words: "work" has many senses, "biblioteca" few.
    const many = translate('work').length;
    const few = translate('biblioteca').length;
    expect(many).toBeGreaterThan(few);
    expect(translationWeight(many)).toBeLessThan(translationWeight(few));
  });
});
