import type { Db } from '../../db/connect.ts';
import type { NamedCity, PlaceIndex } from '../places/index.ts';
import type { Scheme, Taxonomy } from '../taxonomy/index.ts';
import type { ConceptKey } from './concept-matcher.ts';
import type { SearchIndex, TextExpr } from './engines/search-index.ts';
import { CITY_KIND, cityLabel, PLACE_KINDS } from './language-tools.ts';
import { LEXICON_KIND } from './lexicon.ts';
import { type AnalyzedQuery, BROAD_CONCEPTS, DICTIONARY_KIND } from './search-query.ts';
import { type ClauseMatch, type CollectionState, settleMatch } from './search-state.ts';
import { dictionaryKey, fold } from './text-analysis.ts';

/** Below this many practices matching every part of a query, partial matches are added. */
const RELAX_BELOW = 10;

export interface RecognizedConcept {
  kind: string;
  id: string;
  label: string;
  /** The words of the query that named it. */
  matched: string;
}

interface Clause {
  /** Text score per practice index (0: no match), from the engine or the clause cache. */
  scores: Float32Array;
  max: number;
  /** How much matching this clause tells: an IDF over the practices it matches. */
  idf: number;
  /** The IDF of its own matches, where `idf` is capped by a concept's. */
  ownIdf: number;
  /** One byte per practice index: tagged with the concept. */
  tagged?: Uint8Array;
  /** How much a tag tells: an IDF over the practices tagged with the concept. */
  tagIdf: number;
  /** For a city, the practices of its country: nearby, weaker evidence than the city's own. */
  near?: Uint8Array;
  nearIdf?: number;
  /** For a concept, the words of the query that named it, matched as text. */
  words?: Clause;
  /** The cached match this clause came from, where its accepted mask is kept. */
  match?: ClauseMatch;
  broad: boolean;
  concept: boolean;
  /** A sense of the query's words much wider than another sense they name: weaker evidence. */
  generic?: boolean;
  /** A word and its translations: the word counts in full, its translations by `weight`. */
  translated?: boolean;
  /** How much a mention counts (a word's translations: less when it has many). */
  weight?: number;
  /** Ranks without filtering (a translated word that would only rank untranslated). */
  rankOnly?: boolean;
  /** The words of the query that named it, folded and spaced (see dictionaryKey). */
  span?: string;
  /** A phrase of the dictionary: its words, whose clauses a practice matching it satisfies. */
  covers?: string;
}

export interface Clauses {
  required: Clause[];
  optional: Clause[];
  concepts: Clause[];
  /**
   * The concepts grouped by the words of the query that named them: the senses and translations
   * of one word (a theme and a lexicon term for "mentoring") form one structured clause that any
   * of them satisfies and that counts once, by its strongest member (Pirkola 1998).
   */
  conceptGroups: Clause[][];
  proximity: Clause | null;
  excluded: Set<number>;
  /**
   * When few practices match every part of the query and those matching some are added: how
   * many parts each practice matches, and how many there are.
   */
  coverage?: { counts: Uint8Array; parts: number };
}

/** The practices a place is the place of (`tagged`), and those near it (a city's country). */
export interface PlaceTags {
  tagged?: Uint8Array;
  near?: Uint8Array;
}

/** Concepts named by the same words of a query, in the order the query named them. */
function groupBySpan(concepts: Clause[], named: string[]): Clause[][] {
  const groups = new Map<string, Clause[]>();
  concepts.forEach((c, i) => {
    const key = fold(named[i] ?? '');
    const group = groups.get(key) ?? [];
    group.push(c);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/**
 * Robertson–Spärck Jones IDF: near 0 for what most practices match, about ln(N) for what one
 * does. Every part of a score is weighted by it, so a rare word outweighs a common tag.
 */
function idf(matching: number, size: number): number {
  return Math.log(1 + (size - matching + 0.5) / (matching + 0.5));
}

/** Practices tagged with a concept: counted once per mask, which lives as long as the state. */
const taggedCounts = new WeakMap<Uint8Array, number>();
function taggedCount(mask: Uint8Array): number {
  let n = taggedCounts.get(mask);
  if (n === undefined) {
    n = countOf(mask);
    taggedCounts.set(mask, n);
  }
  return n;
}

/**
 * The share of practices above which a concept named by the same words as a narrower one does not
 * widen what those words accept.
 */
const GENERIC_SHARE = 0.3;

/** The share of practices above which a concept is too common to filter: it only ranks. */
export const BROAD_SHARE = 0.5;

/** Whether a concept is tagged on so many practices that naming it says little. */
export function isBroadIn<F extends string>(
  state: CollectionState<F>,
  tagFacet: (kind: string) => F | undefined,
  key: ConceptKey,
): boolean {
  if (BROAD_CONCEPTS.has(`${key.kind}:${key.id}`)) return true;
  const facet = tagFacet(key.kind);
  if (!facet || state.store.count === 0) return false;
  return taggedCount(state.store.maskWith(facet, key.id)) / state.store.count > BROAD_SHARE;
}

/**
 * Matches each part of a query on a collection's engine. `tagFacet` names the facet holding a
 * concept's kind (themes in `theme`), so that items tagged with a concept count as matching it.
 */
async function evaluateClauses<F extends string>(
  db: Db,
  state: CollectionState<F>,
  engine: SearchIndex,
  query: AnalyzedQuery,
  tagFacet: (kind: string) => F | undefined,
  placeTags?: (key: ConceptKey) => PlaceTags | undefined,
): Promise<Clauses> {
  // Listed items: the store also has the empty slots of items archived since it was built.
  const size = state.store.count;
  const clause = async (
    expr: TextExpr | null,
    concept: boolean,
    broad = false,
    tagged?: Uint8Array,
  ): Promise<Clause> => {
    const tagIdf = tagged ? idf(taggedCount(tagged), size) : 0;
    if (!expr) return { scores: EMPTY, max: 1, idf: 0, ownIdf: 0, tagged, tagIdf, broad, concept };
    // A concept's expansion only needs to know which practices mention it: no ranking.
    const match = await matchCached(db, state, engine, expr, !concept);
    const own = idf(match.count, size);
    return {
      scores: match.scores,
      max: match.max,
      idf: own,
      ownIdf: own,
      tagged,
      tagIdf,
      broad,
      concept,
      match,
    };
  };
  const required = await Promise.all(query.required.map((e) => clause(e, false)));
  const optional = await Promise.all(query.optional.map((e) => clause(e, false)));
  const concepts = await Promise.all(
    query.concepts.map(async (c) => {
      const facet = tagFacet(c.key.kind);
      const place = placeTags?.(c.key);
      const tagged = facet ? state.store.maskWith(facet, c.key.id) : place?.tagged;
      // Broad concepts only rank: there is no need to match their words in the text.
      const found = await clause(c.broad ? null : c.expansion, true, c.broad, tagged);
      if (place?.near) {
        found.near = place.near;
        found.nearIdf = idf(taggedCount(place.near), size);
      }
      found.span = dictionaryKey(c.matched);
      if (c.key.kind === DICTIONARY_KIND) {
        found.translated = true;
        found.weight = (c.covers ? PHRASE_WEIGHT : TRANSLATION_WEIGHT) * (c.weight ?? 1);
        found.rankOnly = c.rankOnly;
        found.covers = c.covers;
      }
      if (c.words) {
        const naming = await clause(c.words, false);
        // A concept's words are no rarer than the concept: in a collection in six languages
        // "vivienda" is rare only because few practices are in Spanish, not because it is specific.
        // A translated word keeps its own rarity: it may be a name or an acronym.
        if (!found.translated)
          naming.idf = Math.min(naming.idf, found.tagged ? found.tagIdf : found.idf);
        found.words = naming;
      }
      return found;
    }),
  );
  const proximity = query.proximity ? await clause(query.proximity, false) : null;
  const excluded = new Set<number>();
  for (const expr of query.excluded)
    for (const id of (await engine.match(db, expr, { scored: false })).keys()) excluded.add(id);
  const conceptGroups = groupBySpan(
    concepts,
    query.concepts.map((c) => c.matched),
  );
  return { required, optional, concepts, conceptGroups, proximity, excluded };
}

const EMPTY = new Float32Array(0);
/** Cached clause results, in bytes of score arrays: 64 MB keeps ~160 clauses at 100k practices. */
const CLAUSE_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * The engine's matches for an expression, as a score per practice index. Results are kept for
 * the life of the search state (until content changes): the same words and concepts recur in
 * many queries, and a concept's expansion is the costliest part of a search.
 */
async function matchCached<F extends string>(
  db: Db,
  state: CollectionState<F>,
  engine: SearchIndex,
  expr: TextExpr,
  scored = true,
): Promise<ClauseMatch> {
  const key = `${scored ? 's' : 'u'}${JSON.stringify(expr)}`;
  const hit = state.clauses.get(key);
  if (hit) {
    // Most recently used last, so the oldest is evicted first.
    state.clauses.delete(key);
    state.clauses.set(key, hit);
    await settleMatch(db, state, hit);
    return hit;
  }
  const matches = await engine.match(db, expr, { scored });
  const scores = new Float32Array(state.store.size);
  let max = 0;
  let count = 0;
  for (const [id, score] of matches) {
    const index = state.store.indexOf(id);
    if (index === undefined) continue;
    count++;
    // A match always counts, even where the engine scores it near zero (a very common word).
    const value = Math.max(score, 1e-9);
    scores[index] = value;
    if (value > max) max = value;
  }
  const entry: ClauseMatch = { expr, scored, scores, max: max || 1, count, accepted: new Map() };
  const limit = Math.max(4, Math.floor(CLAUSE_CACHE_BYTES / Math.max(1, scores.byteLength)));
  while (state.clauses.size >= limit)
    state.clauses.delete(state.clauses.keys().next().value as string);
  state.clauses.set(key, entry);
  return entry;
}

/** The practices a clause accepts, one byte per practice index. */
function acceptedBy(clause: Clause, size: number): Uint8Array {
  // Kept with the cached match: a clause (with the same tags) accepts the same practices until content changes.
  const key = clause.near ? 'near' : clause.tagged ? 'tagged' : 'text';
  const cached = clause.match?.accepted.get(key);
  if (cached) return cached;
  const accepted = new Uint8Array(size);
  const { scores } = clause;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > 0) accepted[i] = 1;
  for (const tagged of [clause.tagged, clause.near])
    if (tagged)
      for (let i = 0; i < tagged.length; i++)
        accepted[i] = (accepted[i] as number) | (tagged[i] as number);
  clause.match?.accepted.set(key, accepted);
  return accepted;
}

function combine(masks: Uint8Array[], mode: 'and' | 'or'): Uint8Array {
  const result = new Uint8Array(masks[0]?.length ?? 0);
  if (mode === 'or') {
    for (const mask of masks)
      for (let i = 0; i < mask.length; i++) result[i] = (result[i] as number) | (mask[i] as number);
  } else {
    result.set(masks[0] ?? []);
    for (const mask of masks.slice(1))
      for (let i = 0; i < mask.length; i++) result[i] = (result[i] as number) & (mask[i] as number);
  }
  return result;
}

/** How many of the masks accept each item. */
function coverageOf(masks: Uint8Array[]): { counts: Uint8Array; parts: number } {
  const counts = new Uint8Array(masks[0]?.length ?? 0);
  for (const mask of masks)
    for (let i = 0; i < mask.length; i++) counts[i] = (counts[i] as number) + (mask[i] as number);
  return { counts, parts: masks.length };
}

function countOf(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i] as number;
  return n;
}

interface Candidates {
  /** Item indexes accepted by the query, newest first; null when the query asks for nothing. */
  candidates: Uint32Array | null;
  /** True when few items matched every part, and items matching some parts were added. */
  relaxed: boolean;
  clauses: Clauses;
}

/** The items of a collection that a query accepts, and its clauses for ranking them. */
export async function findCandidates<F extends string>(
  db: Db,
  state: CollectionState<F>,
  engine: SearchIndex,
  query: AnalyzedQuery,
  tagFacet: (kind: string) => F | undefined,
  placeTags?: (key: ConceptKey) => PlaceTags | undefined,
): Promise<Candidates> {
  const { store } = state;
  const clauses: Clauses = {
    required: [],
    optional: [],
    concepts: [],
    conceptGroups: [],
    proximity: null,
    excluded: new Set(),
  };
  if (query.isEmpty && query.excluded.length === 0)
    return { candidates: null, relaxed: false, clauses };
  // Candidates as a byte per item: combining clauses over 100k practices stays in typed arrays.
  const evaluated = await evaluateClauses(db, state, engine, query, tagFacet, placeTags);
  let relaxed = false;
  // One mask per structured clause: a word's senses and translations are alternatives. A sense
  // that covers a large share of the collection is left out of the filter when a narrower one is
  // named by the same words (the lexicon's "mentor" rather than every practice on social
  // cohesion), unless that leaves few results; it always ranks. The words that named a concept,
  // found as typed, satisfy it too ("réseau de villes" in a text that never uses that phrase).
  const required = evaluated.required.map((c) => acceptedBy(c, store.size));
  const phrases = evaluated.concepts.filter((c) => c.covers);
  /** The phrases of the dictionary that a group's words are part of: matching one satisfies it. */
  const coveringOf = (group: Clause[]) =>
    phrases
      .filter((p) => group.some((c) => c.span && ` ${p.covers} `.includes(` ${c.span} `)))
      .map((p) => acceptedBy(p, store.size));
  const groups = evaluated.conceptGroups
    .filter((group) => group.some((c) => !c.broad && !c.rankOnly))
    .map((group) => {
      const senses = group
        .filter((c) => !c.broad)
        .map((c) => {
          const mask = acceptedBy(c, store.size);
          return { clause: c, mask, share: countOf(mask) / Math.max(1, store.count) };
        })
        .sort((a, b) => a.share - b.share);
      const words = [
        ...group.flatMap((c) => (c.words ? [acceptedBy(c.words, store.size)] : [])),
        ...coveringOf(group),
      ];
      const narrow = senses.filter((x, i) => i === 0 || x.share <= GENERIC_SHARE);
      for (const x of senses) x.clause.generic = !narrow.includes(x);
      return {
        narrow: combine([...narrow.map((x) => x.mask), ...words], 'or'),
        wide:
          narrow.length === senses.length
            ? undefined
            : combine([...senses.map((x) => x.mask), ...words], 'or'),
      };
    });
  let masks: Uint8Array[] = [...required, ...groups.map((g) => g.narrow)];
  const widened = groups.some((g) => g.wide)
    ? [...required, ...groups.map((g) => g.wide ?? g.narrow)]
    : undefined;
  // Only broad concepts named: the words that named them filter ("mayor" is not every city).
  if (masks.length === 0) {
    const words = evaluated.concepts.flatMap((c) => (c.words ? [c.words] : []));
    // Then they are the query's words, and rank by their own rarity.
    for (const w of words) w.idf = w.ownIdf;
    masks = words.map((c) => acceptedBy(c, store.size));
  }
  let accepted: Uint8Array;
  if (masks.length === 0) {
    accepted = new Uint8Array(store.size).fill(1);
  } else {
    accepted = combine(masks, 'and');
    // The generic senses belong to the words too: they are not partial matches.
    if (widened && countOf(accepted) < RELAX_BELOW) {
      accepted = combine(widened, 'and');
      masks = widened;
    }
    // Few items match everything asked: add those matching part of it, ranked below.
    if (masks.length > 1 && countOf(accepted) < RELAX_BELOW) {
      const partial = combine(masks, 'or');
      relaxed = countOf(partial) > countOf(accepted);
      accepted = partial;
      // A place narrows a question as a filter would ("housing Berlin" asks for housing in
      // Berlin): practices elsewhere, or on another topic there, answer part of it and come
      // after those answering all of it. Without a place, missing a part is weaker evidence (a
      // word no translation reached) and the scores alone rank.
      const namesPlace = query.concepts.some((c) => PLACE_KINDS.has(c.key.kind));
      if (relaxed && namesPlace) evaluated.coverage = coverageOf(masks);
    }
  }
  for (const id of evaluated.excluded) {
    const index = store.indexOf(id);
    if (index !== undefined) accepted[index] = 0;
  }
  // In newest-first order, so that sorting by date needs no sort.
  const ordered = new Uint32Array(countOf(accepted));
  let n = 0;
  for (const index of store.newestFirst) if (accepted[index]) ordered[n++] = index;
  return { candidates: ordered, relaxed, clauses: evaluated };
}

/** Weight of a word that only ranks (the rest of a query that names a concept). */
const OPTIONAL_WEIGHT = 0.5;
/**
 * The words that named a concept, found as typed, on top of the concept: an editor's tag is
 * firmer evidence than a mention, so the words only add to it (most in a title), and their
 * rarity is capped at the concept's (see evaluateClauses).
 */
const NAMING_WEIGHT = 0.5;
/** Weight of a concept (tag or mention in any language) against a word of the same rarity. */
const CONCEPT_WEIGHT = 0.8;
/** A mention of a concept's name in any language, against a tag by an editor. */
const MENTION_WEIGHT = 0.5;
/** A generic sense of the query's words (see findCandidates), against a narrower one. */
const GENERIC_WEIGHT = 0.5;
/**
 * A city named in the query against a concept: a place is what a reader of "housing Berlin" asks
 * for most surely, so the city's practices rank well above the rest.
 */
const CITY_WEIGHT = 1.5;
/** A practice in a named city's country, against one in the city. */
const NEAR_WEIGHT = 0.5;
/**
 * What each part of the query a practice misses costs it, once few practices match every part
 * and those matching some were added: more than any practice can gain elsewhere, so that
 * practices matching both the topic and the place come before those matching one of them.
 */
const PARTIAL_PENALTY = 100;
/**
 * A word's translations found (any of them, by their IDF together), against the word itself;
 * further weighted down by the number of translations (translationWeight).
 */
const TRANSLATION_WEIGHT = 1;
/**
 * A phrase of the dictionary found (as typed or translated), against a word's translations: two
 * or three words found together in the sense the dictionary gives them.
 */
const PHRASE_WEIGHT = 2;
/** Neighbouring query words found together, against the same words apart. */
const PROXIMITY_WEIGHT = 0.5;
/** What any match of a text clause is worth before its field and frequency (BM25F) are counted. */
const MATCH_FLOOR = 0.4;

/** A text clause's evidence: its IDF, scaled by the engine's field-weighted score. */
function textEvidence(c: Clause | undefined | null, index: number): number {
  if (!c) return 0;
  const score = c.scores[index] ?? 0;
  return score > 0 ? c.idf * (MATCH_FLOOR + ((1 - MATCH_FLOOR) * score) / c.max) : 0;
}

/**
 * A concept's evidence: the IDF of its tag, and of mentions of its names in any language. Both
 * count: a practice tagged with a concept and naming it is more surely about it.
 */
function conceptEvidence(c: Clause, index: number): number {
  const tag = c.tagged?.[index] ? c.tagIdf : c.near?.[index] ? NEAR_WEIGHT * (c.nearIdf ?? 0) : 0;
  const mention = (c.scores[index] ?? 0) > 0 ? MENTION_WEIGHT * c.idf * (c.weight ?? 1) : 0;
  return (c.near ? CITY_WEIGHT : CONCEPT_WEIGHT) * (tag + mention);
}

/**
 * What the words that named a concept count: a translated word is the query's own word, and
 * counts as it would untranslated (in full, or as an optional word where it only ranks).
 */
function namingWeight(c: Clause): number {
  if (!c.translated) return NAMING_WEIGHT;
  return c.rankOnly ? OPTIONAL_WEIGHT : 1;
}

/** One concept's part in its group's evidence: its naming words and the concept itself. */
function groupPart(c: Clause, index: number): number {
  const part = namingWeight(c) * textEvidence(c.words, index) + conceptEvidence(c, index);
  return c.generic ? GENERIC_WEIGHT * part : part;
}

export interface RelevanceParts {
  text: number;
  concepts: number;
  /** The query's words found through their translations in another language. */
  translations: number;
  proximity: number;
  /** Minus a penalty per part of the query missed, when partial matches were added. */
  coverage: number;
}

function coveragePart(clauses: Clauses, index: number): number {
  const { coverage } = clauses;
  if (!coverage) return 0;
  return -PARTIAL_PENALTY * (coverage.parts - (coverage.counts[index] as number));
}

/** The parts of an item's relevance, for `debug=1`: text, concepts and proximity. */
export function relevanceParts(clauses: Clauses, index: number): RelevanceParts {
  let text = 0;
  for (const c of clauses.required) text += textEvidence(c, index);
  for (const c of clauses.optional) text += OPTIONAL_WEIGHT * textEvidence(c, index);
  let concepts = 0;
  let translations = 0;
  for (const group of clauses.conceptGroups) {
    // The group's strongest member, its naming words and its concept evidence together.
    let best: Clause | undefined;
    let bestScore = -1;
    for (const c of group) {
      const score = groupPart(c, index);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (!best) continue;
    const weight = best.generic ? GENERIC_WEIGHT : 1;
    text += weight * namingWeight(best) * textEvidence(best.words, index);
    const evidence = weight * conceptEvidence(best, index);
    if (best.translated) translations += evidence;
    else concepts += evidence;
  }
  const proximity = PROXIMITY_WEIGHT * textEvidence(clauses.proximity, index);
  return { text, concepts, translations, proximity, coverage: coveragePart(clauses, index) };
}

/** An item's score for a query: `base` (the item's own merits) plus text and concept matches. */
export function relevance(clauses: Clauses, index: number, base: number): number {
  // The same sums as relevanceParts, without an object per item: this runs for every candidate.
  let score =
    base + PROXIMITY_WEIGHT * textEvidence(clauses.proximity, index) + coveragePart(clauses, index);
  for (const c of clauses.required) score += textEvidence(c, index);
  for (const c of clauses.optional) score += OPTIONAL_WEIGHT * textEvidence(c, index);
  for (const group of clauses.conceptGroups) {
    let best = 0;
    for (const c of group) {
      const part = groupPart(c, index);
      if (part > best) best = part;
    }
    score += best;
  }
  return score;
}

/** The concepts a query named, labelled in the reader's language. */
export function describeConcepts(
  query: AnalyzedQuery,
  taxonomy: Taxonomy,
  places: PlaceIndex,
  cities: Map<string, NamedCity> = new Map(),
  locale = 'en',
): RecognizedConcept[] {
  // Terms of the lexicon and translated words are words, not concepts a reader could filter on.
  return query.concepts
    .filter((c) => c.key.kind !== LEXICON_KIND && c.key.kind !== DICTIONARY_KIND)
    .map((c) => ({
      kind: c.key.kind,
      id: c.key.id,
      matched: c.matched,
      label:
        c.key.kind === 'country'
          ? (places.country(c.key.id)?.name ?? c.key.id)
          : c.key.kind === CITY_KIND
            ? cityLabel(cities.get(c.key.id), c.matched, locale)
            : taxonomy.label(c.key.kind as Scheme, c.key.id),
    }));
}

export interface TranslatedWord {
  /** The word of the query, as typed. */
  word: string;
  translations: { word: string; language: string }[];
}

/** The query's words translated with the dictionary, each with what it is also searched as. */
export function describeTranslations(query: AnalyzedQuery): TranslatedWord[] {
  return query.concepts
    .filter((c) => c.key.kind === DICTIONARY_KIND)
    .map((c) => ({ word: c.matched, translations: c.translations ?? [] }));
}
