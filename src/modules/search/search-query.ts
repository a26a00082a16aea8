import type { ConceptKey, ConceptMatcher } from './concept-matcher.ts';
import {
  chineseWords,
  type Translation,
  translationAmbiguity,
  translationWeight,
} from './dictionary.ts';
import type { TextExpr } from './engines/search-index.ts';
import { Lru } from './lru.ts';
import { parseQuery, type QueryUnit } from './query-parser.ts';
import type { HighlightTerms } from './snippet.ts';
import { dictionaryKey, fold, isStopword, stems, termVariants, words } from './text-analysis.ts';

/**
 * A query, understood: the text clauses every result must match, the concepts recognised in it
 * (each matched by a practice tagged with it or by any of its labels in any language), the
 * excluded text, and what to highlight.
 *
 *   analyzeQuery('vivienda para refugiados', matcher, expand)
 *   // { required: [], concepts: [housing, refugees], excluded: [], … }   ("para" is a stopword)
 */
export interface ConceptClause {
  key: ConceptKey;
  /** The words of the query that named it. */
  matched: string;
  /** The concept's labels and synonyms in all languages, as one OR expression. */
  expansion: TextExpr | null;
  /**
   * The words that named it, as text: they rank by their own rarity like any other word, and
   * they filter in place of a concept too broad to filter ("mayor" for municipalities).
   */
  words: TextExpr | null;
  /** A concept so broad (migrants in general, or tagged on most practices) that it only ranks. */
  broad: boolean;
  /**
   * For a word translated with the dictionary (kind DICTIONARY_KIND): its translations, which
   * with the word itself make up `expansion`.
   */
  translations?: Translation[];
  /** How much the expansion counts: less for a word with many translations (see translationWeight). */
  weight?: number;
  /**
   * Ranks without filtering: a translated word where, untranslated, it would only rank (the rest
   * of a query that names a concept).
   */
  rankOnly?: boolean;
  /**
   * For a phrase of the dictionary ("work permit"): its words, folded and spaced. The phrase
   * only ranks, and a practice matching it also satisfies the clauses of those words, so that
   * "permis de travail" answers "work permit" even where neither word's translations reach it.
   */
  covers?: string;
}

/** The kind of a query word translated with the dictionary: one clause of the word and its translations. */
export const DICTIONARY_KIND = 'dictionary';

export interface AnalyzedQuery {
  required: TextExpr[];
  /** Words that rank results without filtering them (the rest of a query that names concepts). */
  optional: TextExpr[];
  concepts: ConceptClause[];
  excluded: TextExpr[];
  /** Adjacent words of the query as phrases, any of them: ranks practices that keep them together. */
  proximity: TextExpr | null;
  /** Folded words of the text clauses, for "did you mean". */
  freeWords: string[];
  highlight: HighlightTerms;
  isEmpty: boolean;
}

export const BROAD_CONCEPTS = new Set(['target-group:migrants']);

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const SINGLE_WORDS = new Lru<string, boolean>(20_000);
function isSingleWord(label: string): boolean {
  return SINGLE_WORDS.through(label, () => words(label).length === 1);
}

function wordExpr(word: string): TextExpr {
  const variants = termVariants(word);
  return variants.length === 1
    ? { op: 'token', token: variants[0] as string }
    : { op: 'or', items: variants.map((token) => ({ op: 'token', token })) };
}

/**
 * A concept's name in a known language: only that language's forms can appear in a text
 * written in it, so one word gives its folded form and its stem in that language.
 */
export function labelExpr(label: string, language: string): TextExpr | null {
  const tokens = words(label);
  if (tokens.length > 1 && !tokens.some((t) => t.unspaced)) {
    // Its last word inflected too ("work permit" in "work permits"): the phrase ends in a
    // prefix, the word's stem where that is long enough to say something.
    const last = tokens.at(-1) as { original: string; folded: string };
    const stemmed = stems(last.original, language).find((s) => s.length >= 4);
    const end = stemmed && last.folded.startsWith(stemmed) ? stemmed : last.folded;
    return {
      op: 'phrase',
      tokens: [...tokens.slice(0, -1).map((t) => t.folded), end],
      prefix: true,
    };
  }
  if (tokens.length !== 1) return textExpr(label);
  const only = tokens[0] as { original: string; folded: string; unspaced: boolean };
  if (only.unspaced) return textExpr(label);
  const forms = [
    ...new Set([only.folded, ...stems(only.original, language).filter((s) => s.length >= 3)]),
  ];
  return forms.length === 1
    ? { op: 'token', token: forms[0] as string }
    : { op: 'or', items: forms.map((token) => ({ op: 'token', token })) };
}

/** The expression for a label or a run of words: one word, a phrase, or bigrams in a row. */
export function textExpr(text: string): TextExpr | null {
  const tokens = words(text);
  if (tokens.length === 0) return null;
  if (tokens.length === 1) {
    const only = tokens[0] as { original: string; folded: string; unspaced: boolean };
    return only.unspaced
      ? { op: 'token', token: only.folded, prefix: [...only.folded].length === 1 }
      : wordExpr(only.original);
  }
  return { op: 'phrase', tokens: tokens.map((t) => t.folded) };
}

/**
 * Chinese text left over once concepts are taken out: its two-character words, in any order
 * ("社区参与" finds "参与社区议事"), read as non-overlapping pairs.
 */
function unspacedExpr(text: string): TextExpr | null {
  const chars = [...text.replace(/[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu, '')];
  if (chars.length < 2) return null;
  if (chars.length <= 3) return textExpr(chars.join(''));
  const pairs: TextExpr[] = [];
  for (let i = 0; i + 1 < chars.length; i += 2)
    pairs.push({ op: 'token', token: `${chars[i]}${chars[i + 1]}` });
  if (chars.length % 2 === 1) pairs.push({ op: 'token', token: `${chars.at(-2)}${chars.at(-1)}` });
  return { op: 'and', items: pairs };
}

function unitExpr(unit: QueryUnit): TextExpr | null {
  if (unit.kind === 'prefix') {
    const folded = fold(unit.words[0] ?? '');
    return folded ? { op: 'token', token: folded, prefix: true } : null;
  }
  if (unit.kind === 'word') return wordExpr(unit.words[0] ?? '');
  return textExpr(unit.words.join(' '));
}

/**
 * The words that named a concept, each in any of its forms, all of them required; written as
 * typed ("work permits") they score higher, since both engines add up the parts of an OR.
 */
function namingExpr(text: string): TextExpr | null {
  const tokens = words(text);
  if (tokens.length === 0) return null;
  if (tokens.length === 1 || tokens.some((t) => t.unspaced)) return textExpr(text);
  return {
    op: 'or',
    items: [
      { op: 'phrase', tokens: tokens.map((t) => t.folded) },
      { op: 'and', items: tokens.map((t) => wordExpr(t.original)) },
    ],
  };
}

/** The longest phrase looked up in the dictionary, in words. */
const MAX_PHRASE_WORDS = 3;

/** At most this many phrases of adjacent words: one engine query, whatever the query's length. */
const MAX_PROXIMITY_PHRASES = 8;

/**
 * Pairs of neighbouring words as phrases ("work permits"), a cheap stand-in for proximity since
 * both engines match phrases. Pairs of stopwords say nothing; pairs that together name one
 * concept ("asylum seekers") are counted by the concept.
 */
function proximityExpr(units: QueryUnit[], names: string[]): TextExpr | null {
  const phrases: TextExpr[] = [];
  let sequence: string[] = [];
  const flush = () => {
    for (let i = 0; i + 1 < sequence.length; i++) {
      const pair = sequence.slice(i, i + 2);
      if (pair.every(isStopword)) continue;
      if (names.some((name) => ` ${name} `.includes(` ${pair.join(' ')} `))) continue;
      phrases.push({ op: 'phrase', tokens: pair });
    }
    sequence = [];
  };
  for (const unit of units) {
    if (unit.negated || unit.quoted || unit.kind === 'prefix' || UNSPACED.test(unit.text)) {
      flush();
      continue;
    }
    for (const w of words(unit.words.join(' '))) sequence.push(w.folded);
  }
  flush();
  const kept = phrases.slice(0, MAX_PROXIMITY_PHRASES);
  if (kept.length === 0) return null;
  return kept.length === 1 ? (kept[0] as TextExpr) : { op: 'or', items: kept };
}

/**
 * What to highlight for a text of the query or a concept's name: worked out once per text, since
 * a concept brings its names in six languages into every query that names it.
 */
const HIGHLIGHTS = new Lru<string, Omit<HighlightTerms, 'prefixes'>>(20_000);

function highlightOf(text: string): Omit<HighlightTerms, 'prefixes'> {
  return HIGHLIGHTS.through(text, () => {
    const terms: Omit<HighlightTerms, 'prefixes'> = { words: [], stems: [], phrases: [] };
    for (const w of words(text)) {
      if (w.unspaced) terms.phrases.push(text.replace(/\s+/g, ''));
      else if (!isStopword(w.folded)) {
        terms.words.push(w.folded);
        terms.stems.push(...termVariants(w.original));
      }
    }
    return terms;
  });
}

/**
 * What to highlight for a concept's names, each name in turn: worked out once per list of
 * names (the language tools keep one per concept), since a concept brings hundreds.
 */
const NAMES_HIGHLIGHTS = new WeakMap<readonly string[], Omit<HighlightTerms, 'prefixes'>>();

function namesHighlight(labels: readonly string[]): Omit<HighlightTerms, 'prefixes'> {
  let terms = NAMES_HIGHLIGHTS.get(labels);
  if (!terms) {
    terms = { words: [], stems: [], phrases: [] };
    for (const label of labels) {
      // Single-word names only: the words of longer names ("beneficiaries of international
      // protection") would light up everywhere on their own.
      if (!isSingleWord(label) && !UNSPACED.test(label)) continue;
      const own = highlightOf(label);
      terms.words.push(...own.words);
      terms.stems.push(...own.stems);
      terms.phrases.push(...own.phrases);
    }
    NAMES_HIGHLIGHTS.set(labels, terms);
  }
  return terms;
}

export function analyzeQuery(
  q: string,
  matcher: ConceptMatcher,
  expand: (key: ConceptKey) => { expr: TextExpr | null; highlight: string[] },
  isBroad: (key: ConceptKey) => boolean = (key) => BROAD_CONCEPTS.has(`${key.kind}:${key.id}`),
  translate?: (word: string) => Translation[],
  translatePhrase?: (words: string[]) => Translation[],
): AnalyzedQuery {
  const units = parseQuery(q);
  const required: TextExpr[] = [];
  const optional: TextExpr[] = [];
  const excluded: TextExpr[] = [];
  const recognized = new Map<string, { concept: ConceptKey; matched: string }>();
  const freeWords: string[] = [];
  const highlight: HighlightTerms = { words: [], stems: [], prefixes: [], phrases: [] };
  const addHighlight = (text: string) => addTerms(highlightOf(text));
  const addTerms = (terms: Omit<HighlightTerms, 'prefixes'>) => {
    highlight.phrases.push(...terms.phrases);
    highlight.words.push(...terms.words);
    highlight.stems.push(...terms.stems);
  };

  // Runs of plain words (not quoted, not excluded) may name concepts; the rest is text.
  const leftovers: QueryUnit[] = [];
  /** Chinese text left once the concepts it names are taken out. */
  const unspacedRest: string[] = [];
  let run: QueryUnit[] = [];
  const flushRun = () => {
    if (run.length === 0) return;
    const matches = matcher.match(run.map((u) => u.words[0] ?? ''));
    const consumed = new Set<number>();
    for (const m of matches) {
      const matched = run
        .slice(m.start, m.end)
        .map((u) => u.text)
        .join(' ');
      recognized.set(`${m.concept.kind}:${m.concept.id}`, { concept: m.concept, matched });
      for (let i = m.start; i < m.end; i++) consumed.add(i);
    }
    run.forEach((unit, i) => {
      if (consumed.has(i)) addHighlight(unit.words[0] ?? '');
      else leftovers.push(unit);
    });
    findPhrases(
      run.map((u) => u.words[0] ?? ''),
      matches,
    );
    run = [];
  };
  /**
   * Runs of two or three neighbouring words that the dictionary has as one headword, longest
   * first: their translation is one clause ("work permit" is 工作证, not 工作 and 许可), besides
   * the words' own. A run that a concept names as a whole is the concept's.
   */
  const phrases: { words: string[]; translations: Translation[] }[] = [];
  const findPhrases = (runWords: string[], matches: { start: number; end: number }[]) => {
    if (!translatePhrase) return;
    for (let i = 0; i + 1 < runWords.length; ) {
      let taken = 0;
      for (let n = Math.min(MAX_PHRASE_WORDS, runWords.length - i); n >= 2 && !taken; n--) {
        const span = runWords.slice(i, i + n);
        if (span.every((w) => isStopword(fold(w)))) continue;
        if (matches.some((m) => m.start <= i && m.end >= i + n)) continue;
        const translations = translatePhrase(span);
        if (translations.length === 0) continue;
        phrases.push({ words: span, translations });
        taken = n;
      }
      i += taken || 1;
    }
  };
  for (const unit of units) {
    if (unit.negated) {
      flushRun();
      const expr = unitExpr(unit);
      if (expr) excluded.push(expr);
      continue;
    }
    if (unit.kind === 'word' && !unit.quoted && !UNSPACED.test(unit.text)) {
      run.push(unit);
      continue;
    }
    // A hyphenated or apostrophised word ("sans-papiers", "d'asile") may be part of a name.
    if (unit.kind === 'phrase' && !unit.quoted && !UNSPACED.test(unit.text)) {
      for (const word of unit.words)
        run.push({ kind: 'word', words: [word], negated: false, quoted: false, text: word });
      continue;
    }
    flushRun();
    if (!unit.quoted && UNSPACED.test(unit.text)) {
      const { concepts, rest } = matcher.matchUnspaced(unit.text);
      for (const c of concepts)
        recognized.set(`${c.concept.kind}:${c.concept.id}`, {
          concept: c.concept,
          matched: c.text,
        });
      if (concepts.length > 0) {
        addHighlight(unit.text.replace(/[\s\p{P}]/gu, ''));
        // What is left after taking out the concepts' names, if it is more than a character: as
        // typed, and its words translated below like the words of any other language.
        for (const part of rest.split(/\s+/).filter((p) => [...p].length >= 2)) {
          const expr = unspacedExpr(part);
          if (!expr) continue;
          if ([...recognized.values()].some((r) => !isBroad(r.concept))) optional.push(expr);
          else required.push(expr);
          unspacedRest.push(part);
        }
        continue;
      }
    }
    leftovers.push(unit);
  }
  flushRun();

  // Stopwords only count when nothing else is asked for ("the" alone still searches "the").
  const meaningful = leftovers.filter(
    (u) => u.kind !== 'word' || !isStopword(fold(u.words[0] ?? '')),
  );
  const textUnits = meaningful.length > 0 || recognized.size > 0 ? meaningful : leftovers;
  // Words that no concept covers, translated with the dictionary: each becomes one clause of the
  // word and its translations (structured query translation), and also counts as typed. A quoted
  // word is taken as typed, which is how a reader removes its translations.
  const translated: ConceptClause[] = [];
  const namesConcept = [...recognized.values()].some(({ concept }) => !isBroad(concept));
  const translateWord = (word: string, matched: string) => {
    if (!translate || translated.some((c) => c.key.id === fold(word))) return false;
    const translations = translate(word);
    if (translations.length === 0) return false;
    const items = [
      // A Chinese word longer than two characters is in the index as its bigrams.
      UNSPACED.test(word) ? textExpr(word) : wordExpr(word),
      ...translations.map((t) => labelExpr(t.word, t.language)).filter((e) => e !== null),
    ] as TextExpr[];
    translated.push({
      key: { kind: DICTIONARY_KIND, id: fold(word) },
      matched,
      expansion: { op: 'or', items },
      words: textExpr(matched),
      broad: false,
      translations,
      weight: translationWeight(translationAmbiguity(translations)),
      rankOnly: namesConcept,
    });
    for (const t of translations)
      if (isSingleWord(t.word) || UNSPACED.test(t.word)) addHighlight(t.word);
    return true;
  };
  /** Translates the dictionary's words inside Chinese text, each its own clause. */
  const translateChinese = (text: string) => {
    for (const run of text.match(/\p{Script=Han}+/gu) ?? [])
      for (const word of chineseWords(run)) if (!isStopword(word)) translateWord(word, word);
  };
  // Only where the text left over filters: beside a specific concept it would only rank, and
  // there its translated heads moved practices about other things up (at every weight tried,
  // the Chinese questions of the labelled set or of held-out set 1 lost up to 0.03 nDCG@10).
  if (!namesConcept) for (const part of unspacedRest) translateChinese(part);
  const plainUnits: QueryUnit[] = [];
  for (const unit of textUnits) {
    const word = unit.words[0] ?? '';
    const folded = fold(word);
    if (!unit.quoted && UNSPACED.test(unit.text)) {
      // Chinese: the dictionary's words inside it, each translated; the text stays as typed.
      translateChinese(unit.text);
    } else if (
      unit.kind === 'word' &&
      !unit.quoted &&
      folded.length >= 3 &&
      !isStopword(folded) &&
      !/^\p{N}+$/u.test(folded) &&
      translateWord(word, unit.text)
    ) {
      addHighlight(word);
      continue;
    }
    plainUnits.push(unit);
  }

  // Once the query names a concept, its other plain words rank rather than filter: in
  // "campaña contra la xenofobia", "campaña" must not shut out a campaign written in English.
  for (const unit of plainUnits) {
    const expr = unitExpr(unit);
    if (!expr) continue;
    if (namesConcept && !unit.quoted && unit.kind !== 'prefix') optional.push(expr);
    else required.push(expr);
    if (unit.kind === 'prefix') highlight.prefixes.push(fold(unit.words[0] ?? ''));
    else addHighlight(unit.words.join(' '));
    if (unit.kind === 'word') freeWords.push(fold(unit.words[0] ?? ''));
  }

  const concepts: ConceptClause[] = [...recognized.values()].map(({ concept, matched }) => {
    const expansion = expand(concept);
    addTerms(namesHighlight(expansion.highlight));
    return {
      key: concept,
      matched,
      expansion: expansion.expr,
      words: namingExpr(matched),
      broad: isBroad(concept),
    };
  });
  concepts.push(...translated);
  for (const phrase of phrases) {
    const text = phrase.words.join(' ');
    const items = [
      textExpr(text),
      ...phrase.translations.map((t) => labelExpr(t.word, t.language)),
    ].filter((e) => e !== null) as TextExpr[];
    concepts.push({
      key: { kind: DICTIONARY_KIND, id: dictionaryKey(text) },
      matched: text,
      expansion: { op: 'or', items },
      words: null,
      broad: false,
      translations: phrase.translations,
      weight: translationWeight(translationAmbiguity(phrase.translations)),
      rankOnly: true,
      covers: dictionaryKey(text),
    });
    for (const t of phrase.translations)
      if (isSingleWord(t.word) || UNSPACED.test(t.word)) addHighlight(t.word);
  }
  return {
    required,
    optional,
    concepts,
    excluded,
    proximity: proximityExpr(
      units,
      [...recognized.values()].map((r) =>
        words(r.matched)
          .map((w) => w.folded)
          .join(' '),
      ),
    ),
    freeWords,
    highlight,
    isEmpty: required.length === 0 && optional.length === 0 && concepts.length === 0,
  };
}
