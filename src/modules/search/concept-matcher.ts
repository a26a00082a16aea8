import { arabicForms, fold, STEM_LANGUAGES, stem, stems, words } from './text-analysis.ts';

/**
 * Recognises taxonomy concepts and countries in a query, whatever its language, by comparing
 * the query's words with every label and synonym in the six UN languages. Words are compared by
 * their stems in each language ("refugiados" and "refugiado" both give "refugi"); Chinese labels
 * are found as substrings. The longest match wins, so "asylum seekers" beats "asylum".
 *
 *   matcher.match(['vivienda', 'para', 'refugiados'])
 *   // [{ concept: { kind: 'theme', id: 'housing' }, start: 0, end: 1 }, { …refugees…, start: 2, end: 3 }]
 */
export interface ConceptKey {
  /** A taxonomy scheme ('theme', 'target-group', …) or 'country'. */
  kind: string;
  id: string;
}

export interface LabelSource extends ConceptKey {
  label: string;
  /**
   * The languages whose stems the label is also known by (default: every stemming language).
   * A place's name is matched as written, or inflected in its own script's language ("Сеуле"):
   * the Spanish stem of one of Paris's other names ("Paras") is also that of "para".
   */
  stemIn?: readonly string[];
}

export interface WordMatch {
  concept: ConceptKey;
  /** Index of the first query word matched, and one past the last. */
  start: number;
  end: number;
}

const MAX_LABEL_WORDS = 5;
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function keyOf(wordsOfLabel: string[], language: string | null): string {
  return wordsOfLabel.map((w) => (language ? stem(w, language) : fold(w))).join(' ');
}

/** Keys of a run of query words; a single Arabic word also under its prefixed readings. */
function queryKeys(slice: string[], language: string | null): string[] {
  if (slice.length !== 1 || language !== 'ar') return [keyOf(slice, language)];
  return stems(slice[0] as string, 'ar');
}

export class ConceptMatcher {
  /** Per stemming language (and '' for plain folding): label key → concepts. */
  private readonly byKey = new Map<string, Map<string, ConceptKey[]>>();
  /** Labels in unspaced scripts, longest first, for substring search. */
  private readonly unspaced: { text: string; concept: ConceptKey }[] = [];

  constructor(sources: LabelSource[]) {
    const add = (language: string, key: string, concept: ConceptKey) => {
      if (!key) return;
      let map = this.byKey.get(language);
      if (!map) {
        map = new Map();
        this.byKey.set(language, map);
      }
      const list = map.get(key) ?? [];
      if (!list.some((c) => c.kind === concept.kind && c.id === concept.id)) list.push(concept);
      map.set(key, list);
    };
    for (const source of sources) {
      const concept = { kind: source.kind, id: source.id };
      if (UNSPACED.test(source.label)) {
        this.unspaced.push({ text: source.label.normalize('NFC').replace(/\s+/g, ''), concept });
        continue;
      }
      const labelWords = words(source.label).map((w) => w.original);
      if (labelWords.length === 0 || labelWords.length > MAX_LABEL_WORDS) continue;
      add('', keyOf(labelWords, null), concept);
      for (const language of source.stemIn ?? STEM_LANGUAGES)
        add(language, keyOf(labelWords, language), concept);
    }
    this.unspaced.sort((a, b) => b.text.length - a.text.length);
  }

  /** Concepts for a run of query words (spaced scripts), longest match first, no overlaps. */
  match(queryWords: string[]): WordMatch[] {
    const matches: WordMatch[] = [];
    let i = 0;
    while (i < queryWords.length) {
      let found: WordMatch[] = [];
      for (
        let n = Math.min(MAX_LABEL_WORDS, queryWords.length - i);
        n >= 1 && found.length === 0;
        n--
      ) {
        const slice = queryWords.slice(i, i + n);
        const concepts = this.lookup(slice);
        found = concepts.map((concept) => ({ concept, start: i, end: i + n }));
      }
      if (found.length > 0) {
        matches.push(...found);
        i = (found[0] as WordMatch).end;
      } else {
        i++;
      }
    }
    return matches;
  }

  private lookup(slice: string[]): ConceptKey[] {
    const seen = new Map<string, ConceptKey>();
    const collect = (language: string, key: string) => {
      for (const c of this.byKey.get(language)?.get(key) ?? []) seen.set(`${c.kind}:${c.id}`, c);
    };
    collect('', keyOf(slice, null));
    if (slice.length === 1 && seen.size === 0)
      for (const form of arabicForms(slice[0] as string)) collect('', fold(form));
    // A label written exactly as in the query wins over labels that only share its stem
    // ("المهاجرين" is migrants; its stem is also that of "المهاجرات", migrant women).
    if (seen.size > 0) return [...seen.values()];
    for (const language of STEM_LANGUAGES) {
      // Stems of very short words are ambiguous across languages; match those exactly only.
      if (slice.length === 1 && fold(slice[0] as string).length < 4) continue;
      for (const key of queryKeys(slice, language)) collect(language, key);
    }
    return [...seen.values()];
  }

  /**
   * Concepts named inside text in an unspaced script, and what is left of the text once they
   * are taken out.
   *
   *   matchUnspaced('难民住房项目') // { concepts: [{ refugees, '难民' }, { housing, '住房' }], rest: '项目' }
   */
  matchUnspaced(text: string): { concepts: { concept: ConceptKey; text: string }[]; rest: string } {
    let rest = text.normalize('NFC');
    const concepts: { concept: ConceptKey; text: string }[] = [];
    // A text taken out still names every concept that has it as a label (工作许可 is both a
    // theme's synonym and a lexicon term): all of them, as the spaced matcher does.
    const taken = new Set<string>();
    for (const label of this.unspaced) {
      if (label.text.length < 2 || !(rest.includes(label.text) || taken.has(label.text))) continue;
      taken.add(label.text);
      const known = concepts.some(
        (c) => c.concept.kind === label.concept.kind && c.concept.id === label.concept.id,
      );
      if (!known) concepts.push({ concept: label.concept, text: label.text });
      rest = rest.split(label.text).join(' ');
    }
    return { concepts, rest: rest.trim() };
  }
}
