import { describe, expect, it } from 'vitest';
import {
  chineseWords,
  isDictionaryWord,
  segmentChinese,
  translate,
  translatePhrase,
  translationAmbiguity,
  translationWeight,
} from './dictionary.ts';
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

  it('translates a phrase of the dictionary as one, and no phrase it does not have', () => {
    const phrase = (words: string[]) =>
      translatePhrase(words).map((t) => `${t.language}:${t.word}`);
    // "stock exchange" is a Bourse, which neither "stock" nor "exchange" is on its own.
    expect(phrase(['stock', 'exchange'])).toContain('fr:bourse');
    expect(phrase(['Stock', 'Exchange'])).toContain('zh:交易所');
    // Hyphenated as typed, spaced as the query's words split it: the same headword.
    expect(phrase(['one', 'stop'])).toContain('zh:一站式');
    expect(phrase(['stock', 'market', 'exchange'])).toEqual([]);
    expect(phrase(['exchange'])).toEqual([]);
  });

  it('translates an inflected word through the headword that shares its stem', () => {
    // Plurals and feminine forms that are no headword: "boulanger", "abeja", "couturière".
    expect(inLanguage('boulangers', 'en')).toContain('baker');
    expect(inLanguage('abejas', 'en')).toContain('bee');
    // Stemmed as typed, "couturières" is "couturi", but its headword's folded stem "couturier".
    expect(inLanguage('couturières', 'en')).toContain('tailor');
    expect(inLanguage('пчелы', 'en')).toContain('bee');
  });

  it('translates a plural whose stem collides with a headword of another language', () => {
    // "ruches" is a French plural, and by stem an English "ruche" (a frill) as well: English
    // still gets the French word's translations.
    expect(inLanguage('ruches', 'en')).toContain('beehive');
    // Not back into its own language through English: "пчелы" → bee → a neighbours' meeting.
    expect(inLanguage('пчелы', 'ru')).toEqual([]);
  });

  it('finds an Arabic word behind its clitics and its hamza', () => {
    // "for the refugees", "the refugees": the headword is "اللاجئون", its hamza folded.
    expect(inLanguage('للاجئين', 'en')).toContain('refugees');
    expect(inLanguage('اللاجئين', 'en')).toContain('refugees');
    // "for migrants", "with the migrants": a lone preposition before the word.
    expect(inLanguage('لمهاجرين', 'en')).toContain('migrants');
    expect(inLanguage('بالمهاجرين', 'en')).toContain('migrants');
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

  it('cuts Chinese text into the words of the dictionary, leaving unknown characters alone', () => {
    expect(segmentChinese('为难民提供语言课程和住房')).toEqual([
      '为',
      '难民',
      '提供',
      '语言',
      '课程',
      '和',
      '住房',
    ]);
    // Backward matching where forward matching leaves a character alone: 研究 生命, not 研究生 命.
    expect(segmentChinese('研究生命起源')).toEqual(['研究', '生命', '起源']);
    // 龘 starts no word: it stays as it is, and is not among the words to translate.
    expect(segmentChinese('龘龘自行车')).toEqual(['龘', '龘', '自行车']);
    expect(chineseWords('龘龘自行车')).toEqual(['自行车']);
    // Other words (a concept's labels) can cut the text too.
    expect(segmentChinese('外国人服务站', (w) => w === '服务站')).toEqual([
      '外',
      '国',
      '人',
      '服务站',
    ]);
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

  it('counts a word as ambiguous as its most translated language', () => {
    const t = (language: string, word: string) => ({ language, word });
    expect(translationAmbiguity([t('en', 'a'), t('fr', 'b'), t('es', 'c'), t('ru', 'd')])).toBe(1);
    expect(translationAmbiguity([t('en', 'a'), t('en', 'b'), t('fr', 'c')])).toBe(2);
    expect(translationAmbiguity([])).toBe(0);
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
