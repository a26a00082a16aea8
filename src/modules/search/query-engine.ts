import { memo } from '../../core/cache.ts';
import type { Db } from '../../db/connect.ts';
import { listAllCountryNames, type PlaceIndex } from '../places/index.ts';
import type { Scheme } from '../taxonomy/index.ts';
import { listAllConceptLabels, type Taxonomy } from '../taxonomy/index.ts';
import { type ConceptKey, ConceptMatcher, type LabelSource } from './concept-matcher.ts';
import type { SearchIndex, TextExpr } from './engines/search-index.ts';
import { type AnalyzedQuery, labelExpr } from './search-query.ts';
import type { ClauseMatch, CollectionState } from './search-state.ts';
import { fold, words } from './text-analysis.ts';

/** Below this many practices matching every part of a query, partial matches are added. */
const RELAX_BELOW = 10;

export interface LanguageTools {
  matcher: ConceptMatcher;
  /** Folded words of every label and name, for "did you mean". */
  labelWords: Set<string>;
  expand(key: ConceptKey): { expr: TextExpr | null; highlight: string[] };
}

/** The concept recogniser and each concept's expansion, built from every label in every language. */
export function getLanguageTools(db: Db): Promise<LanguageTools> {
  // Under the taxonomy prefix: forgotten whenever the taxonomy is reloaded.
  return memo(db, 'taxonomy:search-tools', 10 * 60_000, async () => {
    const [labels, countries] = await Promise.all([
      listAllConceptLabels(db),
      listAllCountryNames(db),
    ]);
    const sources: LabelSource[] = [];
    const labelsOf = new Map<string, { label: string; locale: string }[]>();
    const remember = (kind: string, id: string, label: string, locale: string) => {
      if (!label.trim()) return;
      sources.push({ kind, id, label });
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
    for (const row of countries) {
      remember('country', row.country_code, row.name, row.locale);
      for (const synonym of row.synonyms.split('|'))
        remember('country', row.country_code, synonym, row.locale);
    }
    const matcher = new ConceptMatcher(
      sources.filter((s) => !(s.kind === 'country' && fold(s.label).length < 3)),
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
  /** One byte per practice index: tagged with the concept. */
  tagged?: Uint8Array;
  /** The cached match this clause came from, where its accepted mask is kept. */
  match?: ClauseMatch;
  broad: boolean;
  concept: boolean;
}

export interface Clauses {
  required: Clause[];
  optional: Clause[];
  concepts: Clause[];
  excluded: Set<number>;
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
): Promise<Clauses> {
  const clause = async (
    expr: TextExpr | null,
    concept: boolean,
    broad = false,
    tagged?: Uint8Array,
  ): Promise<Clause> => {
    if (!expr) return { scores: EMPTY, max: 1, tagged, broad, concept };
    // A concept's expansion only needs to know which practices mention it: no ranking.
    const match = await matchCached(db, state, engine, expr, !concept);
    return { scores: match.scores, max: match.max, tagged, broad, concept, match };
  };
  const required = await Promise.all(query.required.map((e) => clause(e, false)));
  const optional = await Promise.all(query.optional.map((e) => clause(e, false)));
  const concepts = await Promise.all(
    query.concepts.map((c) => {
      const facet = tagFacet(c.key.kind);
      const tagged = facet ? state.store.maskWith(facet, c.key.id) : undefined;
      // Broad concepts only rank: there is no need to match their words in the text.
      return clause(c.broad ? null : c.expansion, true, c.broad, tagged);
    }),
  );
  const excluded = new Set<number>();
  for (const expr of query.excluded)
    for (const id of (await engine.match(db, expr, { scored: false })).keys()) excluded.add(id);
  return { required, optional, concepts, excluded };
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
    return hit;
  }
  const matches = await engine.match(db, expr, { scored });
  const scores = new Float32Array(state.store.size);
  let max = 0;
  for (const [id, score] of matches) {
    const index = state.store.indexOf(id);
    if (index === undefined) continue;
    // A match always counts, even where the engine scores it near zero (a very common word).
    const value = Math.max(score, 1e-9);
    scores[index] = value;
    if (value > max) max = value;
  }
  const entry: ClauseMatch = { scores, max: max || 1, accepted: new Map() };
  const limit = Math.max(4, Math.floor(CLAUSE_CACHE_BYTES / Math.max(1, scores.byteLength)));
  while (state.clauses.size >= limit)
    state.clauses.delete(state.clauses.keys().next().value as string);
  state.clauses.set(key, entry);
  return entry;
}

/** The practices a clause accepts, one byte per practice index. */
function acceptedBy(clause: Clause, size: number): Uint8Array {
  // Kept with the cached match: a clause (with the same tags) accepts the same practices until content changes.
  const key = clause.tagged ? 'tagged' : 'text';
  const cached = clause.match?.accepted.get(key);
  if (cached) return cached;
  const accepted = new Uint8Array(size);
  const { scores } = clause;
  for (let i = 0; i < scores.length; i++) if ((scores[i] as number) > 0) accepted[i] = 1;
  const { tagged } = clause;
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
): Promise<Candidates> {
  const { store } = state;
  const clauses: Clauses = { required: [], optional: [], concepts: [], excluded: new Set() };
  if (query.isEmpty && query.excluded.length === 0)
    return { candidates: null, relaxed: false, clauses };
  // Candidates as a byte per item: combining clauses over 100k practices stays in typed arrays.
  const evaluated = await evaluateClauses(db, state, engine, query, tagFacet);
  let relaxed = false;
  const filtering = [...evaluated.required, ...evaluated.concepts.filter((c) => !c.broad)];
  let accepted: Uint8Array;
  if (filtering.length === 0) {
    accepted = new Uint8Array(store.size).fill(1);
  } else {
    const masks = filtering.map((c) => acceptedBy(c, store.size));
    accepted = combine(masks, 'and');
    // Few items match everything asked: add those matching part of it, ranked below.
    if (filtering.length > 1 && countOf(accepted) < RELAX_BELOW) {
      const partial = combine(masks, 'or');
      relaxed = countOf(partial) > countOf(accepted);
      accepted = partial;
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

/** An item's score for a query: `base` (the item's own merits) plus text and concept matches. */
export function relevance(clauses: Clauses, index: number, base: number): number {
  let score = base;
  for (const c of clauses.required) score += (c.scores[index] ?? 0) / c.max;
  for (const c of clauses.optional) score += (0.5 * (c.scores[index] ?? 0)) / c.max;
  for (const c of clauses.concepts) {
    if (c.tagged?.[index]) score += c.broad ? 0.3 : 1;
    score += (0.5 * (c.scores[index] ?? 0)) / c.max;
  }
  return score;
}

/** The concepts a query named, labelled in the reader's language. */
export function describeConcepts(
  query: AnalyzedQuery,
  taxonomy: Taxonomy,
  places: PlaceIndex,
): RecognizedConcept[] {
  return query.concepts.map((c) => ({
    kind: c.key.kind,
    id: c.key.id,
    matched: c.matched,
    label:
      c.key.kind === 'country'
        ? (places.country(c.key.id)?.name ?? c.key.id)
        : taxonomy.label(c.key.kind as Scheme, c.key.id),
  }));
}
