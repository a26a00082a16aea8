import { memo } from '../../core/cache.ts';
import type { Db } from '../../db/connect.ts';
import { listAllCountryNames, listCityNames, type NamedCity } from '../places/index.ts';
import { listAllConceptLabels } from '../taxonomy/index.ts';
import { type ConceptKey, ConceptMatcher, type LabelSource } from './concept-matcher.ts';
import type { TextExpr } from './engines/search-index.ts';
import { lexiconTerms } from './lexicon.ts';
import { labelExpr } from './search-query.ts';
import { fold, isStopword, words } from './text-analysis.ts';

const UNSPACED_TEXT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * What a query is read with in each collection state: the concept recogniser over every label and
 * name in the six languages, each concept's expansion into text, the words of labels (for "did you
 * mean") and the cities known by name.
 */
export interface LanguageTools {
  matcher: ConceptMatcher;
  /** Folded words of every label and name, for "did you mean". */
  labelWords: Set<string>;
  expand(key: ConceptKey): { expr: TextExpr | null; highlight: string[] };
  /** The cities recognised by name (kind 'city'), by key. */
  cities: Map<string, NamedCity>;
}

/** What a city named in a query is recognised as. */
export const CITY_KIND = 'city';
export const PLACE_KINDS = new Set([CITY_KIND, 'country']);

/** The concept recogniser and each concept's expansion, built from every label in every language. */
export function getLanguageTools(db: Db): Promise<LanguageTools> {
  // Under the taxonomy prefix: forgotten whenever the taxonomy is reloaded.
  return memo(db, 'taxonomy:search-tools', 10 * 60_000, async () => {
    const [labels, countries, cities] = await Promise.all([
      listAllConceptLabels(db),
      listAllCountryNames(db),
      listCityNames(db),
    ]);
    const sources: LabelSource[] = [];
    const labelsOf = new Map<string, { label: string; locale: string }[]>();
    const remember = (
      kind: string,
      id: string,
      label: string,
      locale: string,
      stemIn?: readonly string[],
    ) => {
      if (!label.trim()) return;
      sources.push({ kind, id, label, ...(stemIn ? { stemIn } : {}) });
      const key = `${kind}:${id}`;
      const list = labelsOf.get(key) ?? [];
      if (!list.some((l) => l.label === label)) list.push({ label, locale });
      labelsOf.set(key, list);
    };
    for (const row of labels) {
      // GCM objectives and SDG targets are recognised, but their long labels are not search words.
      remember(row.scheme, row.concept_id, row.label, row.locale);
      for (const synonym of row.synonyms.split('|'))
        remember(row.scheme, row.concept_id, synonym, row.locale);
    }
    for (const term of lexiconTerms()) remember(term.kind, term.id, term.label, term.locale);
    for (const row of countries) {
      remember('country', row.country_code, row.name, row.locale);
      for (const synonym of row.synonyms.split('|'))
        remember('country', row.country_code, synonym, row.locale);
    }
    // A city named like its country ("Mexico", "Kuwait", "عمان" for Amman and Oman) is read
    // as the country; the country's practices include the city's.
    const countryNames = new Set(
      sources.filter((s) => s.kind === 'country').map((s) => fold(s.label)),
    );
    for (const city of cities)
      for (const name of city.names) {
        // Nor is a stopword a place, whatever other name of a city it is.
        if (countryNames.has(fold(name)) || isStopword(fold(name))) continue;
        const language = scriptLanguage(name);
        remember(CITY_KIND, city.key, name, language, language === 'und' ? [] : [language]);
      }
    // Codes and abbreviations of two letters ("US", "UK") are words too often; a Chinese name of
    // two characters (韩国, 日本) is the country's everyday name.
    const matcher = new ConceptMatcher(
      sources.filter(
        (s) => !(s.kind === 'country' && fold(s.label).length < 3 && !UNSPACED_TEXT.test(s.label)),
      ),
    );
    const labelWords = new Set<string>();
    for (const source of sources) {
      for (const w of words(source.label))
        if (!w.unspaced && w.folded.length >= 3 && /^\p{L}+$/u.test(w.folded))
          labelWords.add(w.folded);
    }
    const expansions = new Map<string, { expr: TextExpr | null; highlight: string[] }>();
    return {
      matcher,
      labelWords,
      cities: new Map(cities.map((c) => [c.key, c])),
      expand(key) {
        const id = `${key.kind}:${key.id}`;
        let found = expansions.get(id);
        if (!found) {
          const all = labelsOf.get(id) ?? [];
          const exprs = all
            .map((l) => labelExpr(l.label, l.locale))
            .filter((e): e is TextExpr => e !== null);
          found = {
            expr: exprs.length === 0 ? null : { op: 'or', items: exprs },
            highlight: all.map((l) => l.label),
          };
          expansions.set(id, found);
        }
        return found;
      },
    };
  });
}

/** The language whose inflections a city's name takes in a text, told by its script. */
function scriptLanguage(name: string): string {
  if (/\p{Script=Cyrillic}/u.test(name)) return 'ru';
  if (/\p{Script=Arabic}/u.test(name)) return 'ar';
  if (/\p{Script=Han}/u.test(name)) return 'zh';
  return 'und';
}

/**
 * A city's name for a reader: as the query wrote it when written in the reader's script
 * ("برلين" on the Arabic page), else as the gazetteer writes it ("Berlin").
 */
export function cityLabel(city: NamedCity | undefined, matched: string, locale: string): string {
  const language = scriptLanguage(matched);
  if (language !== 'und' && language === locale) return matched;
  return city?.name ?? matched;
}
