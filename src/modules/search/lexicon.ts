import { existsSync, readFileSync } from 'node:fs';
import { isLocale } from '../../core/i18n/locales.ts';

/**
 * Words of the field that carry a query's meaning without being taxonomy concepts ("rumeurs",
 * "mentoría", "наставничество"), each with its equivalents in the six languages. The search
 * recognises them like concepts and looks for every equivalent, so a question in one language
 * finds a practice written in another. No practice is tagged with a term: only its words count.
 */
export interface LexiconTerm {
  /** LEXICON_KIND, or 'country' for what names a country's people ("venezolanos"). */
  kind: string;
  id: string;
  label: string;
  locale: string;
}

export const LEXICON_KIND = 'term';

const LEXICON_FILE = new URL('./data/lexicon.json', import.meta.url);

let terms: LexiconTerm[] | undefined;

export function lexiconTerms(): LexiconTerm[] {
  terms ??= readLexicon();
  return terms;
}

function readLexicon(): LexiconTerm[] {
  if (!existsSync(LEXICON_FILE)) return [];
  const entries = JSON.parse(readFileSync(LEXICON_FILE, 'utf8')) as {
    id: string;
    /** An ISO country code: the terms join that country's names (its people, in each language). */
    country?: string;
    /**
     * ISO country codes: the terms name a group of countries ("the Gulf", "Scandinavia") and join
     * each one's names, so that the query's words name all of them at once.
     */
    countries?: string[];
    terms: Record<string, string[]>;
  }[];
  return entries.flatMap((entry) => {
    const keys: [string, string][] = entry.countries
      ? entry.countries.map((code) => ['country', code])
      : [entry.country ? ['country', entry.country] : [LEXICON_KIND, entry.id]];
    return Object.entries(entry.terms).flatMap(([locale, labels]) => {
      if (!isLocale(locale)) throw new Error(`lexicon ${entry.id}: unknown language ${locale}`);
      return keys.flatMap(([kind, id]) => labels.map((label) => ({ kind, id, label, locale })));
    });
  });
}
