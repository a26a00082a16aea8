import { createRequire } from 'node:module';
import { stemmer as arabic } from '@orama/stemmers/arabic';
import { stemmer as english } from '@orama/stemmers/english';
import { stemmer as french } from '@orama/stemmers/french';
import { stemmer as russian } from '@orama/stemmers/russian';
import { stemmer as spanish } from '@orama/stemmers/spanish';

/**
 * Turns text into the tokens both search engines index, so that SQLite and PostgreSQL match the
 * same things:
 * - folding: lower case, no diacritics (Arabic harakat and hamza carriers included), ё → е;
 * - Chinese and Japanese runs become overlapping bigrams, so words are found inside sentences;
 * - each word is followed by its Snowball stem in the text's language (en, es, fr, ru, ar), so
 *   "viviendas" finds "vivienda" and "اللاجئين" finds "لاجئ".
 *
 *   analyzeText('Viviendas para refugiados', 'es') // 'viviendas para refugiados viviend par refugi'
 *   analyzeText('外国人服务站', 'zh')                  // '外国 国人 人服 服务 务站'
 */
type Stemmer = (word: string) => string;

const STEMMERS: Record<string, Stemmer> = {
  en: english,
  es: spanish,
  fr: french,
  ru: russian,
  ar: arabic,
};
export const STEM_LANGUAGES = Object.keys(STEMMERS);

const require = createRequire(import.meta.url);
const STOPWORD_LISTS = require('stopwords-iso/stopwords-iso.json') as Record<string, string[]>;

/** Han, Hiragana, Katakana: scripts written without spaces. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A bounded memo for per-word work: word frequencies follow Zipf's law, so a small table
 * answers most calls (indexing a practice folds and stems hundreds of words).
 */
function memoized(limit: number, compute: (key: string) => string): (key: string) => string {
  let table = new Map<string, string>();
  return (key) => {
    let value = table.get(key);
    if (value === undefined) {
      value = compute(key);
      if (table.size >= limit) table = new Map();
      table.set(key, value);
    }
    return value;
  };
}

const foldWord = memoized(100_000, (text) =>
  text
    .normalize('NFKD')
    .replace(/[\p{Mn}\u0640]/gu, '')
    .toLowerCase(),
);

export function fold(text: string): string {
  if (text.length <= 40) return foldWord(text);
  return text
    .normalize('NFKD')
    .replace(/[\p{Mn}\u0640]/gu, '')
    .toLowerCase();
}

const STOPWORDS = new Set(
  ['ar', 'en', 'es', 'fr', 'ru', 'zh'].flatMap((l) =>
    (STOPWORD_LISTS[l] ?? []).map((w) => fold(w)),
  ),
);

/**
 * A word or phrase as the dictionary keys it: folded, its words separated by single spaces
 * whatever joined them ("demandeur d'asile" and "sans-papiers" as a query's words split them).
 *
 *   dictionaryKey("Demandeur d'asile") // 'demandeur d asile'
 */
export function dictionaryKey(text: string): string {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .join(' ');
}

export function isStopword(foldedWord: string): boolean {
  return STOPWORDS.has(foldedWord);
}

export function baseLanguage(tag: string): string {
  return tag.split('-')[0]?.toLowerCase() ?? tag;
}

/**
 * Words of a text, folded; runs of unspaced scripts split into bigrams (a lone character stays).
 * Each item keeps the original (unfolded) word for stemming.
 */
export function words(text: string): { original: string; folded: string; unspaced: boolean }[] {
  const result: { original: string; folded: string; unspaced: boolean }[] = [];
  for (const match of text.normalize('NFC').matchAll(WORD)) {
    const word = match[0];
    if (!UNSPACED.test(word)) {
      result.push({ original: word, folded: fold(word), unspaced: false });
      continue;
    }
    // Split mixed runs ("APP服务") into spaced and unspaced parts.
    for (const part of word.match(
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu,
    ) ?? []) {
      if (!UNSPACED.test(part)) {
        result.push({ original: part, folded: fold(part), unspaced: false });
        continue;
      }
      const chars = [...part];
      if (chars.length === 1) result.push({ original: part, folded: part, unspaced: true });
      for (let i = 0; i + 1 < chars.length; i++) {
        const bigram = `${chars[i]}${chars[i + 1]}`;
        result.push({ original: bigram, folded: bigram, unspaced: true });
      }
    }
  }
  return result;
}

/**
 * Arabic words carrying a preposition or conjunction before the article: "للاجئين" (for the
 * refugees), "والسكن" (and housing), "بالعمل". The Snowball stemmer does not strip these, and
 * "لل" is ambiguous in writing (لِلّاجئين keeps the root's lam, لِلسَّكن does not), so both
 * readings are returned.
 *
 *   arabicForms('للاجئين') // ['للاجئين', 'اللاجئين', 'الاجئين']
 */
export function arabicForms(word: string): string[] {
  const forms = [word];
  if (word.length < 5) return forms;
  if (word.startsWith('لل')) forms.push(`ال${word.slice(1)}`, `ا${word.slice(1)}`);
  else if (/^[وبكف]ال/.test(word)) forms.push(word.slice(1));
  else if (/^[وف]/.test(word) && !word.startsWith('وا')) forms.push(word.slice(1));
  return forms;
}

/** The stems of a word in a language, with the Arabic prefixed forms' stems as well. */
export function stems(word: string, language: string): string[] {
  if (baseLanguage(language) !== 'ar') return [stem(word, language)];
  return [...new Set(arabicForms(word).map((form) => stem(form, 'ar')))];
}

const stemWord = memoized(200_000, (key) => {
  const split = key.indexOf('\u0000');
  const stemmer = STEMMERS[key.slice(0, split)] as Stemmer;
  // Snowball rules expect accents ("integración" → "integr"); fold afterwards.
  return fold(stemmer(key.slice(split + 1).toLowerCase()));
});

export function stem(word: string, language: string): string {
  const base = baseLanguage(language);
  if (!STEMMERS[base]) return fold(word);
  return stemWord(`${base}\u0000${word}`);
}

/** The text to index for one field in one language: folded words, then the stems that differ. */
export function analyzeText(text: string, language: string): string {
  const surface: string[] = [];
  const stemmed: string[] = [];
  const canStem = STEMMERS[baseLanguage(language)] !== undefined;
  for (const w of words(text)) {
    surface.push(w.folded);
    if (canStem && !w.unspaced && w.folded.length > 2) {
      for (const s of stems(w.original, language))
        if (s !== w.folded && s.length > 0) stemmed.push(s);
    }
  }
  return stemmed.length > 0 ? `${surface.join(' ')} ${stemmed.join(' ')}` : surface.join(' ');
}

/**
 * The index tokens a query word may match: the folded word and its stem in each stemmed
 * language (the query's language is not known, and a query may cross languages).
 *
 *   termVariants('Integración') // ['integracion', 'integr']
 */
export function termVariants(word: string): readonly string[] {
  let variants = VARIANTS.get(word);
  if (!variants) {
    variants = computeTermVariants(word);
    if (VARIANTS.size >= 50_000) VARIANTS.clear();
    VARIANTS.set(word, variants);
  }
  return variants;
}

/** Variants of words already seen: each costs five stemmers, and query words recur. */
const VARIANTS = new Map<string, readonly string[]>();

function computeTermVariants(word: string): readonly string[] {
  const folded = fold(word);
  const variants = new Set([folded]);
  if (folded.length > 2 && !UNSPACED.test(word)) {
    for (const language of STEM_LANGUAGES) {
      for (const s of stems(word, language)) {
        // A stem this short matches too much (e.g. a two-letter Russian stem).
        if (s.length >= 4 || s === folded || (language === 'ar' && s.length >= 3)) variants.add(s);
      }
    }
  }
  return [...variants];
}
