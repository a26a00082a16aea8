import { escapeHtml } from '@kitajs/html';
import { Lru } from './lru.ts';
import { fold, stem } from './text-analysis.ts';

/**
 * Short extracts of a practice's text around the words a query matched, with those words marked.
 * Computed from the text itself, so both search engines give the same snippets.
 *
 *   const h = new Highlighter({ words: ['vivienda'], stems: ['viviend'], prefixes: [], phrases: [] });
 *   snippet(['Programa de viviendas sociales para familias.'], 'es', h, 40)
 *   // [{ text: 'Programa de ', mark: false }, { text: 'viviendas', mark: true }, …]
 */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

export interface HighlightTerms {
  /** Folded words. */
  words: string[];
  /** Stems (any language). */
  stems: string[];
  /** Folded prefixes. */
  prefixes: string[];
  /** Strings in unspaced scripts (Chinese), matched as substrings. */
  phrases: string[];
}

const WORD_OR_UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+|[\p{L}\p{N}]+/gu;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

export class Highlighter {
  private readonly words: Set<string>;
  private readonly stems: Set<string>;

  constructor(readonly terms: HighlightTerms) {
    this.words = new Set(terms.words);
    this.stems = new Set(terms.stems);
  }

  get isEmpty(): boolean {
    return (
      this.words.size === 0 &&
      this.stems.size === 0 &&
      this.terms.prefixes.length === 0 &&
      this.terms.phrases.length === 0
    );
  }

  /**
   * The numbers of the words and stems to mark that some text in `language` read so far has: a
   * concept's names in six languages make lists of hundreds, of which the texts shown hold a
   * few. Worked out again whenever texts with new words were read.
   */
  private presentTerms(language: string): number[] {
    let present = this.present.get(language);
    if (present?.generation !== seen.generation) {
      const vocabulary = seen.byLanguage.get(language);
      const ids: number[] = [];
      if (vocabulary) {
        for (const word of this.words) {
          const id = vocabulary.words.get(word);
          if (id !== undefined) ids.push(id);
        }
        for (const stemmed of this.stems) {
          const id = vocabulary.stems.get(stemmed);
          if (id !== undefined) ids.push(id);
        }
      }
      present = { generation: seen.generation, ids };
      this.present.set(language, present);
    }
    return present.ids;
  }

  private readonly present = new Map<string, { generation: number; ids: number[] }>();

  /** Marked ranges [start, end) in `text`. */
  ranges(text: string, language: string): [number, number][] {
    const read = wordsOf(text, language);
    const ranges: [number, number][] = [];
    // The terms to mark as flags by number, set for this text and cleared after it: reading a
    // word is then two array reads, not two lookups by string.
    const present = this.presentTerms(language);
    const flags = flagsFor(seen.count);
    for (const id of present) flags[id] = 1;
    const { prefixes } = this.terms;
    // Only the phrases found somewhere in the text's runs of unspaced script are looked for
    // in each run.
    const phrases =
      read.unspacedText.length > 0
        ? this.terms.phrases.filter((phrase) => read.unspacedText.includes(phrase))
        : [];
    for (let i = 0; i < read.starts.length; i++) {
      const start = read.starts[i] as number;
      const wordId = read.wordIds[i] as number;
      if (wordId < 0) {
        if (phrases.length === 0) continue;
        const word = read.folded[i] as string;
        for (const phrase of phrases) {
          let from = word.indexOf(phrase);
          while (from >= 0) {
            ranges.push([start + from, start + from + phrase.length]);
            from = word.indexOf(phrase, from + phrase.length);
          }
        }
        continue;
      }
      const stemId = read.stemIds[i] as number;
      if (
        flags[wordId] === 1 ||
        (stemId >= 0 && flags[stemId] === 1) ||
        (prefixes.length > 0 && prefixes.some((p) => (read.folded[i] as string).startsWith(p)))
      )
        ranges.push([start, read.ends[i] as number]);
    }
    for (const id of present) flags[id] = 0;
    return ranges.sort((a, b) => a[0] - b[0]);
  }
}

/** A text's words, read once: where each starts, folded, and its stem in the text's language. */
interface TextWords {
  starts: Uint32Array;
  /** Where each word ends in the text as written (folding may change its length). */
  ends: Uint32Array;
  /** Folded words; a run of an unspaced script as written, matched by substring. */
  folded: string[];
  /** Each folded word's number in `seen` (-1 for a run of an unspaced script). */
  wordIds: Int32Array;
  /** Each word's stem's number in `seen` (-1 for words of two letters or fewer). */
  stemIds: Int32Array;
  /** The runs of unspaced scripts, one a line. */
  unspacedText: string;
}

/**
 * Texts recently shown in results, read: a search reads only the texts of its page's practices,
 * and the same practices come back in many searches, so each is split and stemmed once while it
 * stays here. Keyed by the text itself (then its language), so an edited text is read anew;
 * the texts of a page are kept strings (see `textsOf` in the search), whose hash is computed once.
 */
const TEXTS_READ = new Lru<string, Map<string, TextWords>>(4000);

/**
 * A number for every folded word and stem of the texts read, by language (words and stems
 * apart), so that a highlighter looks for its few present terms alone, by number.
 * `generation` changes when it grows.
 */
const seen = {
  byLanguage: new Map<string, { words: Map<string, number>; stems: Map<string, number> }>(),
  count: 0,
  generation: 0,
};
/** Past this many words and stems (some tens of megabytes), `seen` starts again, with the texts read. */
const SEEN_MAX = 250_000;

/** One flag per number of `seen`, all clear between two texts. */
let scratchFlags = new Uint8Array(1024);
function flagsFor(count: number): Uint8Array {
  if (scratchFlags.length < count)
    scratchFlags = new Uint8Array(Math.max(count, 2 * scratchFlags.length));
  return scratchFlags;
}

function wordsOf(text: string, language: string): TextWords {
  let byLanguage = TEXTS_READ.get(text);
  if (!byLanguage) {
    byLanguage = new Map();
    TEXTS_READ.set(text, byLanguage);
  }
  let read = byLanguage.get(language);
  if (!read) {
    read = readWords(text, language);
    byLanguage.set(language, read);
  }
  return read;
}

function readWords(text: string, language: string): TextWords {
  if (seen.count > SEEN_MAX) {
    seen.byLanguage.clear();
    seen.count = 0;
    TEXTS_READ.clear();
    seen.generation++;
  }
  let vocabulary = seen.byLanguage.get(language);
  if (!vocabulary) {
    vocabulary = { words: new Map(), stems: new Map() };
    seen.byLanguage.set(language, vocabulary);
  }
  const countBefore = seen.count;
  const idOf = (map: Map<string, number>, key: string): number => {
    let id = map.get(key);
    if (id === undefined) {
      id = seen.count++;
      map.set(key, id);
    }
    return id;
  };
  const starts: number[] = [];
  const ends: number[] = [];
  const folded: string[] = [];
  const wordIds: number[] = [];
  const stemIds: number[] = [];
  const unspaced: string[] = [];
  for (const match of text.matchAll(WORD_OR_UNSPACED)) {
    const word = match[0];
    starts.push(match.index ?? 0);
    ends.push((match.index ?? 0) + word.length);
    if (UNSPACED.test(word)) {
      folded.push(word);
      wordIds.push(-1);
      stemIds.push(-1);
      unspaced.push(word);
      continue;
    }
    const f = fold(word);
    folded.push(f);
    wordIds.push(idOf(vocabulary.words, f));
    stemIds.push(f.length > 2 ? idOf(vocabulary.stems, stem(word, language)) : -1);
  }
  if (seen.count !== countBefore) seen.generation++;
  return {
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
    folded,
    wordIds: Int32Array.from(wordIds),
    stemIds: Int32Array.from(stemIds),
    unspacedText: unspaced.join('\n'),
  };
}

/**
 * The best extract of about `length` characters: from the text with the most matches (the
 * first with three or more), or the start of the first text when nothing matches.
 */
export function snippet(
  texts: string[],
  language: string,
  highlighter: Highlighter,
  length = 240,
): SnippetPart[] {
  let best: { text: string; ranges: [number, number][] } | undefined;
  if (!highlighter.isEmpty) {
    for (const text of texts) {
      const ranges = highlighter.ranges(text, language);
      if (ranges.length > 0 && (!best || ranges.length > best.ranges.length))
        best = { text, ranges };
      // Enough to show why it matched: the later sections need not be read.
      if (ranges.length >= 3) break;
    }
  }
  if (!best) {
    const text = texts[0] ?? '';
    return [{ text: text.length > length ? `${cut(text, 0, length)}…` : text, mark: false }];
  }
  const { text, ranges } = best;
  const first = ranges[0] as [number, number];
  let start = Math.max(0, first[0] - Math.floor(length / 4));
  if (start > 0) {
    const space = text.lastIndexOf(' ', start);
    start = space > first[0] - length / 2 && space >= 0 ? space + 1 : start;
  }
  let end = Math.min(text.length, start + length);
  if (end < text.length) {
    const space = text.indexOf(' ', end);
    end = space >= 0 && space - end < 20 ? space : end;
  }
  const parts: SnippetPart[] = [];
  if (start > 0) parts.push({ text: '…', mark: false });
  let position = start;
  for (const [from, to] of ranges) {
    if (to <= start || from >= end || from < position) continue;
    if (from > position) parts.push({ text: text.slice(position, from), mark: false });
    parts.push({ text: text.slice(from, to), mark: true });
    position = to;
  }
  if (position < end) parts.push({ text: text.slice(position, end), mark: false });
  if (end < text.length) parts.push({ text: '…', mark: false });
  return parts;
}

function cut(text: string, start: number, length: number): string {
  const slice = text.slice(start, start + length);
  const space = slice.lastIndexOf(' ');
  return space > length * 0.6 ? slice.slice(0, space) : slice;
}

/** Snippet parts as HTML: escaped text, matches in <mark>. */
export function snippetHtml(parts: SnippetPart[]): string {
  return parts
    .map((p) => (p.mark ? `<mark>${escapeHtml(p.text)}</mark>` : escapeHtml(p.text)))
    .join('');
}

export function snippetText(parts: SnippetPart[]): string {
  return parts.map((p) => p.text).join('');
}
