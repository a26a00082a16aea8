import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../core/i18n/locales.ts';
import { readTaxonomyFile } from '../taxonomy/taxonomy.service.ts';
import { fold } from './text-analysis.ts';

const ENTRIES = JSON.parse(
  readFileSync(new URL('./data/lexicon.json', import.meta.url), 'utf8'),
) as { id: string; terms: Record<string, string[]> }[];

describe('the lexicon of terms across languages', () => {
  it('names each entry once', () => {
    const ids = ENTRIES.map((e) => e.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('gives every entry terms in each of the six languages', () => {
    const incomplete = ENTRIES.filter((e) =>
      LOCALES.some((l) => !(e.terms[l]?.length && e.terms[l].every((t) => t.trim() !== ''))),
    ).map((e) => e.id);
    expect(incomplete).toEqual([]);
  });

  // A taxonomy synonym may be a term too when it is narrower than its concept ("mentoring" under
  // social cohesion): the lexicon then joins it to its equivalents. A concept's own label may not.
  it('repeats no taxonomy label, and no term in two entries of one language', () => {
    const labels = new Set(
      readTaxonomyFile().concepts.flatMap((c) => Object.values(c.labels).map((l) => fold(l))),
    );
    const seen = new Map<string, string>();
    const problems: string[] = [];
    for (const entry of ENTRIES)
      for (const [locale, terms] of Object.entries(entry.terms))
        for (const term of terms) {
          const key = `${locale}:${fold(term)}`;
          if (labels.has(fold(term))) problems.push(`${entry.id}: "${term}" is a taxonomy label`);
          const other = seen.get(key);
          if (other && other !== entry.id) problems.push(`${entry.id} and ${other}: "${term}"`);
          seen.set(key, entry.id);
        }
    expect(problems).toEqual([]);
  });
});
