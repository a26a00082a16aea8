import { words } from './text-analysis.ts';

/**
 * The query language: words, "exact phrases", -exclusions and prefix* searches. Anything else is
 * read as words; malformed syntax (an unbalanced quote, a lone operator) is never an error.
 *
 *   parseQuery('"language courses" women -online integr*')
 *   // [{ kind: 'phrase', words: ['language', 'courses'] }, { kind: 'word', words: ['women'] },
 *   //  { kind: 'word', words: ['online'], negated: true }, { kind: 'prefix', words: ['integr'] }]
 */
export interface QueryUnit {
  kind: 'word' | 'phrase' | 'prefix';
  /** The original words (not folded), in order; a phrase has several. */
  words: string[];
  negated: boolean;
  /** Written in quotes: taken literally, never read as a concept. */
  quoted: boolean;
  /** The unit as written (without quotes, minus or star). */
  text: string;
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_UNITS = 16;

export function parseQuery(input: string): QueryUnit[] {
  // Control characters and oversized input are trimmed away rather than refused.
  const text = input.replace(/[\p{Cc}\p{Cf}]/gu, ' ').slice(0, MAX_QUERY_LENGTH);
  const units: QueryUnit[] = [];
  const pattern = /(-?)"([^"]*)"?|(\S+)/gu;
  for (const match of text.matchAll(pattern)) {
    if (units.length >= MAX_UNITS) break;
    if (match[2] !== undefined) {
      const phraseWords = words(match[2]).map((w) => w.original);
      if (phraseWords.length === 0) continue;
      const negated = match[1] === '-';
      const hasUnspaced = phraseWords.length > 1 || /[\p{Script=Han}]/u.test(match[2]);
      units.push({
        kind: phraseWords.length > 1 || hasUnspaced ? 'phrase' : 'word',
        words: phraseWords,
        negated,
        quoted: true,
        text: match[2].trim(),
      });
      continue;
    }
    const token = match[3] ?? '';
    const negated = token.startsWith('-') && token.length > 1;
    const prefix = /[\p{L}\p{N}]\*$/u.test(token);
    const tokenWords = words(token);
    if (tokenWords.length === 0) continue;
    const text = token.replace(/^-/, '').replace(/\*$/, '');
    // One written token may hold several words ("women's", "anti-rumour", a Chinese sentence).
    if (tokenWords.length > 1) {
      units.push({
        kind: 'phrase',
        words: tokenWords.map((w) => w.original),
        negated,
        quoted: false,
        text,
      });
    } else {
      units.push({
        kind: prefix ? 'prefix' : 'word',
        words: [tokenWords[0]?.original ?? ''],
        negated,
        quoted: false,
        text,
      });
    }
  }
  return units;
}
