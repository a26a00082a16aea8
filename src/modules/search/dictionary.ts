import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Lru } from './lru.ts';
import { dictionaryKey, stems } from './text-analysis.ts';

/**
 * Everyday words across the six languages, from real bilingual dictionaries (FreeDict and the
 * Mueller English-Russian dictionary, GNU GPL 2 or later; CC-CEDICT, CC BY-SA 4.0), built by
 * `scripts/build-dictionary.ts` into `data/dictionary.tsv.gz`. The search translates a query's
 * words that no concept and no lexicon term covers with it: English is stored with all five other
 * languages, and between two others it pivots through English (fr → en → es).
 *
 *   translate('rumeurs') // [{ word: 'rumour', language: 'en' }, { word: 'слух', language: 'ru' }, …]
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

/** The dictionary's headwords that a query word may be, per language: as written, else by stem. */
function headwords(word: string): { language: string; headword: string }[] {
  const folded = dictionaryKey(word);
  const found: { language: string; headword: string }[] = [];
  for (const language of DICTIONARY_LANGUAGES)
    if (lookup(language, folded) !== undefined) found.push({ language, headword: folded });
  // An inflected form ("rumeurs", "calificados"): through the headwords sharing its stem, in
  // the languages that have the word as written if any ("слухи" is also "слух"), else in all.
  // Never for short words, whose stems collide across languages.
  if (folded.length < 4) return found;
  const written = new Set(found.map((f) => f.language));
  for (const language of STEMMED) {
    if (written.size > 0 && !written.has(language)) continue;
    for (const s of stems(word, language)) {
      const candidates = [s, ...(lookup(`~${language}`, s)?.split('|') ?? [])];
      for (const headword of candidates)
        if (
          lookup(language, headword) !== undefined &&
          !found.some((f) => f.language === language && f.headword === headword)
        )
          found.push({ language, headword });
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
        (language) => ({ language, headword: key }),
      ),
    ),
  );
}

function translationsOf(found: { language: string; headword: string }[]): Translation[] {
  if (found.length === 0) return [];
  const sourceLanguages = new Set(found.map((f) => f.language));
  const own = new Set(found.map((f) => f.headword));
  const byLanguage = new Map<string, string[]>();
  const add = (language: string, translation: string) => {
    if (sourceLanguages.has(language)) return;
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
    for (const [target, list] of englishEntry(english)) for (const w of list) add(target, w);
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
