import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile as compilePostgres } from './engines/postgres/full-text.ts';
import { sanitize, type TextExpr } from './engines/search-index.ts';
import { compile as compileSqlite } from './engines/sqlite/full-text.ts';
import { MAX_UNITS, parseQuery } from './query-parser.ts';
import { textExpr } from './search-query.ts';

describe('parseQuery', () => {
  it('reads words, phrases, exclusions and prefixes', () => {
    const units = parseQuery('"language courses" women -online integr*');
    expect(units.map((u) => [u.kind, u.words.join(' '), u.negated, u.quoted])).toEqual([
      ['phrase', 'language courses', false, true],
      ['word', 'women', false, false],
      ['word', 'online', true, false],
      ['prefix', 'integr', false, false],
    ]);
  });

  it('never fails on malformed syntax', () => {
    expect(parseQuery('"unbalanced quote').map((u) => u.words.join(' '))).toEqual([
      'unbalanced quote',
    ]);
    expect(parseQuery('- -- * "" "')).toEqual([]);
    expect(parseQuery('AND OR NOT ( ) NEAR/2').map((u) => u.words.join(' '))).toEqual([
      'AND',
      'OR',
      'NOT',
      'NEAR 2',
    ]);
  });

  it('keeps words joined by punctuation together as a phrase', () => {
    expect(parseQuery("anti-rumour women's")[0]).toMatchObject({
      kind: 'phrase',
      words: ['anti', 'rumour'],
    });
  });

  it('turns any string into units an engine can run: plain tokens only', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 })),
        (input) => {
          const units = parseQuery(input);
          expect(units.length).toBeLessThanOrEqual(MAX_UNITS);
          for (const unit of units) {
            const expr = textExpr(unit.words.join(' '));
            if (!expr) continue;
            const safe = sanitize(expr) as TextExpr | null;
            if (!safe) continue;
            // Engine syntax can only come from the compiler, never from the user's text.
            expect(compileSqlite(safe)).not.toMatch(/[;'\\]|--/);
            expect(compilePostgres(safe).replace(/'[\p{L}\p{N}]+'(:\*)?/gu, '')).toMatch(
              /^[\s()|&<\->]*$/u,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
