import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Lru } from './lru.ts';
import { arabicForms, dictionaryKey, stems } from './text-analysis.ts';

/**
 * Everyday words across the six languages, from real bilingual dictionaries (FreeDict and the
 * Mueller English-Russian dictionary, GNU GPL 2 or later; CC-CEDICT, CC BY-SA 4.0), built by
 * `scripts/build-dictionary.ts` into `data/dictionary.tsv.gz`. The search translates a query's
 * words that no concept and no lexicon term covers with it: English is stored with all five other
 * languages, and between two others it pivots through English (fr → en → es).
 *
 *   translate('boulangers') // [{ word: 'baker', language: 'en' }, { word: 'panadero', language: 'es' }, …]
 *
 * Loaded on first use (a few hundred milliseconds), never by a server that is not searched.
 */
export interface Translation {
  word: string;
  language: string;
}

export const DICTIONARY_LANGUAGES = ['en', 'fr', 'es', 'ru', 'ar', 'zh'] as const;
const STEMMED = ['en', 'fr', 'es', 'ru', 'ar'];

const DICTIONARY_FILE = new URL('./data/dictionary.tsv.gz', import.meta.url);

/**
 * The file's text as one string, and the start of each line, per section (a language, or
 * `~lang` for stems). The lines of a section are sorted by key, so a word is found by binary
 * search: a few hundred thousand small objects in Maps would cost every garbage collection of
 * the process (it made each search about a fifth slower), one string and a few arrays do not.
 */
interface Tables {
  text: string;
  sections: Map<string, Int32Array>;
}
let tables: Tables | undefined;

function load(): Tables {
  const text = gunzipSync(readFileSync(DICTIONARY_FILE)).toString('utf8');
  const starts: Record<string, number[]> = {};
  let start = 0;
  let current = '';
  let list: number[] = [];
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (text.charCodeAt(start) !== 35 /* # */) {
      const tab = text.indexOf('\t', start);
      const section = text.slice(start, tab);
      if (section !== current) {
        current = section;
        list = starts[section] ?? [];
        starts[section] = list;
      }
      list.push(start);
    }
    start = end + 1;
  }
  const sections = new Map<string, Int32Array>();
  for (const [section, offsets] of Object.entries(starts))
    sections.set(section, Int32Array.from(offsets));
  return { text, sections };
}

/** The rest of the line of `key` in a section, or undefined. */
function lookup(section: string, key: string): string | undefined {
  const t = dictionary();
  const offsets = t.sections.get(section);
  if (!offsets) return undefined;
  const skip = section.length + 1;
  let low = 0;
  let high = offsets.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const from = (offsets[middle] as number) + skip;
    const tab = t.text.indexOf('\t', from);
    const candidate = t.text.slice(from, tab);
    if (candidate === key) {
      const end = t.text.indexOf('\n', tab);
      return t.text.slice(tab + 1, end < 0 ? t.text.length : end);
    }
    if (candidate < key) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

function dictionary(): Tables {
  tables ??= load();
  return tables;
}

/** Whether the dictionary is loaded: for measuring its load time. */
export function loadDictionary(): void {
  dictionary();
}

/** Whether a folded word is a headword of the dictionary in any of the six languages. */
export function isDictionaryWord(folded: string): boolean {
  return DICTIONARY_LANGUAGES.some((language) => lookup(language, folded) !== undefined);
}

/**
 * How a query word was found in the dictionary: as written (the headword itself), or only through
 * its stem or without an Arabic clitic, which says nothing of the word's own language.
 */
interface Headword {
  language: string;
  headword: string;
  exact: boolean;
}

/**
 * Headwords found through one stem, for a word that is no headword as written: the closest to
 * the word first, then the shortest, which is its base form more often than not ("ruche" before
 * "rucher"), and only a few, since each brings its own senses and the first few translations
 * of a language are all that are kept.
 */
const PER_STEM = 2;

/**
 * An Arabic word without the clitics written before it: a conjunction or a preposition, with or
 * without the article ("والمهاجرين", "بالسكن", "للاجئين", "لمهاجرين"), and without the article
 * itself. Folded forms: a headword's hamza is folded as the query's is.
 *
 *   arabicClitics('والمهاجرين') // ['المهاجرين', 'مهاجرين']
 */
function arabicClitics(folded: string): string[] {
  const forms: string[] = [];
  const push = (form: string) => {
    if (form.length >= 3 && form !== folded && !forms.includes(form)) forms.push(form);
  };
  for (const form of arabicForms(folded)) push(form);
  if (/^[بل]/.test(folded) && !folded.startsWith('لل') && !folded.startsWith('ال'))
    push(folded.slice(1));
  for (const form of [folded, ...forms])
    if (form.startsWith('ال') && form.length >= 5) push(form.slice(2));
  return forms;
}

const ARABIC = /[\u0600-\u06FF]/;

function isFound(found: Headword[], language: string, headword: string): boolean {
  return found.some((f) => f.language === language && f.headword === headword);
}

/** Levenshtein distance, for words of a few letters. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * Whether a word is of the dictionary as written or as an inflected form of its headwords
 * ("faits", "للاجئين"): a real word of some language, which a typo corrector leaves alone.
 */
export function isDictionaryForm(word: string): boolean {
  return isDictionaryWord(dictionaryKey(word)) || translate(word).length > 0;
}

/** The dictionary's headwords that a query word may be, per language: as written, else by stem. */
function headwords(word: string): Headword[] {
  const folded = dictionaryKey(word);
  const found: Headword[] = [];
  for (const language of DICTIONARY_LANGUAGES)
    if (lookup(language, folded) !== undefined)
      found.push({ language, headword: folded, exact: true });
  const arabic = ARABIC.test(folded);
  if (arabic && found.length === 0)
    for (const form of arabicClitics(folded))
      if (lookup('ar', form) !== undefined && !isFound(found, 'ar', form))
        found.push({ language: 'ar', headword: form, exact: false });
  // An inflected form ("boulangers", "abejas"): through the headwords sharing its stem, in
  // the languages that have the word as written if any ("слухи" is also "слух"), else in all.
  // Never for short words, whose stems collide across languages.
  if (folded.length < 4) return found;
  const written = new Set(found.map((f) => f.language));
  for (const language of STEMMED) {
    if (written.size > 0 && !written.has(language)) continue;
    if (written.size > 0) {
      // Beside the word as written, its stem's other headwords add senses in their order.
      for (const s of stems(word, language))
        for (const headword of [s, ...(lookup(`~${language}`, s)?.split('|') ?? [])])
          if (lookup(language, headword) !== undefined && !isFound(found, language, headword))
            found.push({ language, headword, exact: false });
      continue;
    }
    // The stemmer reads the word as typed, but the stems of the headwords were taken of their
    // folded forms, which may stem otherwise: "couturières" is "couturi", "couturieres" is
    // "couturier", and an Arabic hamza ("اللاجئين") is not its folded letter.
    const forms =
      language === 'ar' && arabic ? [word, folded, ...arabicClitics(folded)] : [word, folded];
    const stemmed = [...new Set(forms.flatMap((form) => stems(form, language)))];
    const keys = forms.map((form) => dictionaryKey(form));
    const distance = (headword: string) =>
      Math.min(
        ...keys.map((key) =>
          Math.min(
            editDistance(key, headword),
            headword.startsWith('ال') ? editDistance(key, headword.slice(2)) : Infinity,
          ),
        ),
      );
    for (const s of stemmed) {
      const candidates = [s, ...(lookup(`~${language}`, s)?.split('|') ?? [])]
        .filter(
          (headword) =>
            lookup(language, headword) !== undefined && !isFound(found, language, headword),
        )
        .map((headword) => ({ headword, distance: distance(headword) }))
        // The closest to the word as typed, then the shortest: "ruche" before "rucher" for
        // "ruches", "اللاجيون" before "لاجونا" for "اللاجئين", "التعليم" for "تعليم".
        .sort((a, b) => a.distance - b.distance || a.headword.length - b.headword.length)
        .slice(0, PER_STEM)
        .map((c) => c.headword);
      for (const headword of candidates) found.push({ language, headword, exact: false });
    }
  }
  return found;
}

function englishEntry(word: string): Map<string, string[]> {
  const entry = new Map<string, string[]>();
  const line = lookup('en', word);
  if (!line) return entry;
  for (const part of line.split(';')) {
    const at = part.indexOf('=');
    if (at > 0) entry.set(part.slice(0, at), part.slice(at + 1).split('|'));
  }
  return entry;
}

/**
 * At most this many translations into one language, the direct ones before the pivoted, and
 * in all: the first senses are the common ones, and every translation costs a search term and
 * a word to highlight (more made the search API 30% slower for little gain).
 */
const PER_LANGUAGE = 4;
const MAX_TRANSLATIONS = 20;

/**
 * A word's translations into the other languages of the dictionary: directly from or to
 * English, and between two other languages through English. The word itself, in any language,
 * is not among them.
 */
export function translate(word: string): Translation[] {
  return TRANSLATED.through(word, () => translateUncached(word));
}

/** Translations of words already seen: query words recur, and each costs five stemmers. */
const TRANSLATED = new Lru<string, Translation[]>(5000);

function translateUncached(word: string): Translation[] {
  return translationsOf(headwords(word));
}

/**
 * A phrase's translations when the dictionary has it as a headword in some language, as written
 * ("work permit", "sans-papiers", "demandeur d'asile"), else none: its words are translated one by
 * one anyway, and a phrase found only by its words' stems is too loose a match.
 */
export function translatePhrase(words: string[]): Translation[] {
  const key = dictionaryKey(words.join(' '));
  if (!key.includes(' ')) return [];
  return TRANSLATED.through(`\u0000${key}`, () =>
    translationsOf(
      DICTIONARY_LANGUAGES.filter((language) => lookup(language, key) !== undefined).map(
        (language) => ({ language, headword: key, exact: true }),
      ),
    ),
  );
}

function translationsOf(found: Headword[]): Translation[] {
  if (found.length === 0) return [];
  // Not translated into the languages that have the word as written: there it is its own clause.
  // A language where only its stem matched may be a collision ("ruches" is a French plural, and
  // an English "ruche" by stem), and still takes the word's direct translations ("beehive"); but
  // not those pivoted back into it, which are another word's senses ("пчелы" → bee → "встреча
  // соседей").
  const sourceLanguages = new Set(found.filter((f) => f.exact).map((f) => f.language));
  const matchedLanguages = new Set(found.map((f) => f.language));
  const own = new Set(found.map((f) => f.headword));
  const byLanguage = new Map<string, string[]>();
  const add = (language: string, translation: string, pivoted = false) => {
    if (sourceLanguages.has(language) || (pivoted && matchedLanguages.has(language))) return;
    const key = dictionaryKey(translation);
    if (own.has(key)) return;
    const list = byLanguage.get(language) ?? [];
    if (list.length >= PER_LANGUAGE || list.some((w) => dictionaryKey(w) === key)) return;
    list.push(translation);
    byLanguage.set(language, list);
  };
  const pivots: string[] = [];
  for (const { language, headword } of found) {
    if (language === 'en') {
      for (const [target, list] of englishEntry(headword)) for (const w of list) add(target, w);
    } else {
      for (const english of lookup(language, headword)?.split('|') ?? []) {
        add('en', english);
        pivots.push(dictionaryKey(english));
      }
    }
  }
  for (const english of pivots)
    for (const [target, list] of englishEntry(english)) for (const w of list) add(target, w, true);
  return DICTIONARY_LANGUAGES.flatMap((language) =>
    (byLanguage.get(language) ?? []).map((w) => ({ word: w, language })),
  ).slice(0, MAX_TRANSLATIONS);
}

/**
 * How much a word's translations count, from how many it has: a word with two translations is
 * surely one of them, one with forty may be any (Pirkola's structured queries weight such a
 * clause down).
 */
export function translationWeight(count: number): number {
  return count <= 1 ? 1 : 1 / Math.log2(1 + count);
}

/**
 * How many of a word's translations compete, for translationWeight: a practice is written in one
 * language, so only the translations into one language do, and the word is as ambiguous as its
 * most translated language (five languages of four translations are not twenty senses).
 */
export function translationAmbiguity(translations: Translation[]): number {
  const counts = new Map<string, number>();
  for (const t of translations) counts.set(t.language, (counts.get(t.language) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

/** The longest Chinese headword of the dictionary, in characters (the build keeps one to four). */
const LONGEST_CHINESE = 4;

function isChineseHeadword(word: string): boolean {
  return lookup('zh', word) !== undefined;
}

/**
 * Chinese text cut into words of the dictionary, by maximum matching from both ends: the reading
 * with fewer words wins, then the one with fewer lone characters, else the backward one, which
 * is right more often ("研究生命起源" is 研究 生命 起源, not 研究生 命 起源). A character that
 * starts no word stays on its own, in place.
 *
 *   segmentChinese('北欧帮助难民就业') // ['北', '欧', '帮助', '难民', '就业']
 */
export function segmentChinese(
  text: string,
  isWord: (word: string) => boolean = isChineseHeadword,
): string[] {
  const chars = [...text];
  const longest = (from: number, to: number) => {
    for (let n = Math.min(LONGEST_CHINESE, to - from); n >= 2; n--)
      if (isWord(chars.slice(from, from + n).join(''))) return n;
    return 1;
  };
  const forward: string[] = [];
  for (let i = 0; i < chars.length; ) {
    const n = longest(i, chars.length);
    forward.push(chars.slice(i, i + n).join(''));
    i += n;
  }
  const backward: string[] = [];
  for (let end = chars.length; end > 0; ) {
    let n = 1;
    for (let m = Math.min(LONGEST_CHINESE, end); m >= 2; m--)
      if (isWord(chars.slice(end - m, end).join(''))) {
        n = m;
        break;
      }
    backward.unshift(chars.slice(end - n, end).join(''));
    end -= n;
  }
  const lone = (segments: string[]) => segments.filter((s) => [...s].length === 1).length;
  if (forward.length !== backward.length)
    return forward.length < backward.length ? forward : backward;
  return lone(forward) < lone(backward) ? forward : backward;
}

/** The words of the dictionary inside Chinese text (see segmentChinese), lone characters left out. */
export function chineseWords(text: string): string[] {
  return segmentChinese(text).filter((word) => [...word].length >= 2);
}
