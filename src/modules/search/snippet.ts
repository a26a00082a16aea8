import { escapeHtml } from '@kitajs/html';
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

  /** Whether a word is marked, decided once per word and language for this highlighter. */
  private readonly decisions = new Map<string, boolean>();

  private marks(word: string, language: string): boolean {
    const key = `${language}\u0000${word}`;
    let decision = this.decisions.get(key);
    if (decision === undefined) {
      const folded = fold(word);
      decision =
        this.words.has(folded) ||
        (folded.length > 2 && this.stems.has(stem(word, language))) ||
        this.terms.prefixes.some((p) => folded.startsWith(p));
      this.decisions.set(key, decision);
    }
    return decision;
  }

  /** Marked ranges [start, end) in `text`. */
  ranges(text: string, language: string): [number, number][] {
    const ranges: [number, number][] = [];
    for (const match of text.matchAll(WORD_OR_UNSPACED)) {
      const word = match[0];
      const start = match.index ?? 0;
      if (UNSPACED.test(word)) {
        for (const phrase of this.terms.phrases) {
          let from = word.indexOf(phrase);
          while (from >= 0) {
            ranges.push([start + from, start + from + phrase.length]);
            from = word.indexOf(phrase, from + phrase.length);
          }
        }
        continue;
      }
      if (this.marks(word, language)) ranges.push([start, start + word.length]);
    }
    return ranges.sort((a, b) => a[0] - b[0]);
  }
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
