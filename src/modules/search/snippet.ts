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

  /** Whether a word (folded, with its stem in the text's language) is marked. */
  private marks(folded: string, stemmed: string | undefined): boolean {
    return (
      this.words.has(folded) ||
      (stemmed !== undefined && this.stems.has(stemmed)) ||
      (this.terms.prefixes.length > 0 && this.terms.prefixes.some((p) => folded.startsWith(p)))
    );
  }

  /** Marked ranges [start, end) in `text`. */
  ranges(text: string, language: string): [number, number][] {
    const ranges: [number, number][] = [];
    const read = wordsOf(text, language);
    for (let i = 0; i < read.starts.length; i++) {
      const start = read.starts[i] as number;
      const end = read.ends[i] as number;
      const word = read.folded[i] as string;
      if (read.unspaced[i]) {
        for (const phrase of this.terms.phrases) {
          let from = word.indexOf(phrase);
          while (from >= 0) {
            ranges.push([start + from, start + from + phrase.length]);
            from = word.indexOf(phrase, from + phrase.length);
          }
        }
        continue;
      }
      if (this.marks(word, read.stems[i])) ranges.push([start, end]);
    }
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
  /** Stems of words longer than two letters. */
  stems: (string | undefined)[];
  unspaced: Uint8Array;
}

/**
 * Texts recently shown in results, read: a search reads only the texts of its page's practices,
 * and the same practices come back in many searches, so each is split and stemmed once while it
 * stays here. Keyed by the text itself, so an edited text is read anew.
 */
const TEXTS_READ = new Lru<string, TextWords>(4000);

function wordsOf(text: string, language: string): TextWords {
  return TEXTS_READ.through(`${language}\u0000${text}`, () => {
    const starts: number[] = [];
    const ends: number[] = [];
    const folded: string[] = [];
    const stemmed: (string | undefined)[] = [];
    const unspaced: number[] = [];
    for (const match of text.matchAll(WORD_OR_UNSPACED)) {
      const word = match[0];
      starts.push(match.index ?? 0);
      ends.push((match.index ?? 0) + word.length);
      if (UNSPACED.test(word)) {
        folded.push(word);
        stemmed.push(undefined);
        unspaced.push(1);
        continue;
      }
      const f = fold(word);
      folded.push(f);
      stemmed.push(f.length > 2 ? stem(word, language) : undefined);
      unspaced.push(0);
    }
    return {
      starts: Uint32Array.from(starts),
      ends: Uint32Array.from(ends),
      folded,
      stems: stemmed,
      unspaced: Uint8Array.from(unspaced),
    };
  });
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
