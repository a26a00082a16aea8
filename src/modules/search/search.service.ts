import { memo } from '../../core/cache.ts';
import {
  announceContentChanged,
  markContentChanged,
  onContentChanged,
  readContentVersion,
} from '../../core/content-version.ts';
import { type FieldProblem, ValidationError } from '../../core/errors.ts';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { searchTimed } from '../../core/timing.ts';
import { type Db, dialectOf } from '../../db/connect.ts';
import {
  listResourceFacetRows,
  listResourceIdsAfter,
  loadResourceTexts,
} from '../library/resource.service.ts';
import { getPlaceIndex, listAllCountryNames, type PlaceIndex } from '../places/place.service.ts';
import {
  listAllPracticeConcepts,
  listFacetRows,
  listPracticeIdsAfter,
  loadCards,
  loadPracticeTexts,
  type PracticeCard,
} from '../practices/practice.service.ts';
import { EVIDENCE_LEVELS, PRACTICE_TYPES, STATUSES } from '../practices/practice.ts';
import { getTaxonomy, listAllConceptLabels, type Taxonomy } from '../taxonomy/taxonomy.service.ts';
import type { Scheme } from '../taxonomy/taxonomy.ts';
import { type ConceptKey, ConceptMatcher, type LabelSource } from './concept-matcher.ts';
import { postgresSearchIndex } from './engines/postgres/full-text.ts';
import type { Collection, IndexedDocument, SearchIndex, TextExpr } from './engines/search-index.ts';
import { sqliteSearchIndex } from './engines/sqlite/full-text.ts';
import { FACETS, type Facet, type FacetSourcePractice, FacetStore, topK } from './facet-store.ts';
import * as repository from './search.repository.ts';
import { type AnalyzedQuery, analyzeQuery, labelExpr } from './search-query.ts';
import { Highlighter, type SnippetPart, snippet } from './snippet.ts';
import { analyzeText, fold, isStopword, words } from './text-analysis.ts';

function engineOf(db: Db, collection: Collection = 'practices'): SearchIndex {
  return (dialectOf(db) === 'postgres' ? postgresSearchIndex : sqliteSearchIndex)(collection);
}

// ───────────────────────────── Indexing ─────────────────────────────

/**
 * Indexes practices inside the caller's transaction, so the index never disagrees with what was
 * written. Word counts for "did you mean" are gathered and written once, at `flush`.
 */
export class Indexer {
  private readonly terms = new Map<string, number>();

  /** `fresh`: the index was just cleared (a rebuild), so there is nothing to replace. */
  constructor(
    private readonly db: Db,
    private readonly fresh = false,
  ) {}

  async index(ids: number[]): Promise<number> {
    const engine = engineOf(this.db);
    let documents = 0;
    for (const practice of await loadPracticeTexts(this.db, ids)) {
      const docs: IndexedDocument[] = practice.versions.map((v) => ({
        locale: v.locale,
        isOriginal: v.isOriginal,
        title: analyzeText(v.title, v.locale),
        summary: analyzeText(v.summary, v.locale),
        body: analyzeText(v.body, v.locale),
      }));
      await engine.replaceDocuments(this.db, practice.id, docs, this.fresh);
      documents += docs.length;
      const seen = new Set<string>();
      for (const v of practice.versions) {
        for (const w of words(`${v.title} ${v.summary} ${v.body}`)) {
          if (
            !w.unspaced &&
            w.folded.length >= 3 &&
            /^\p{L}+$/u.test(w.folded) &&
            !isStopword(w.folded)
          )
            seen.add(w.folded);
        }
      }
      for (const term of seen) this.terms.set(term, (this.terms.get(term) ?? 0) + 1);
    }
    return documents;
  }

  async flush(): Promise<void> {
    if (this.terms.size > 0) await repository.addTermCounts(this.db, this.terms);
    this.terms.clear();
  }
}

/** Rebuilds the whole index in one transaction; `onProgress(done, total)` after each batch. */
export async function reindexAll(
  db: Db,
  total: number,
  onProgress?: (done: number) => void,
): Promise<{ practices: number; documents: number; resources: number }> {
  let practices = 0;
  let documents = 0;
  let resources = 0;
  await db.transaction().execute(async (trx) => {
    await engineOf(trx).clear(trx);
    await engineOf(trx, 'resources').clear(trx);
    await repository.clearTerms(trx);
    const indexer = new Indexer(trx, true);
    let afterId = 0;
    for (;;) {
      const ids = await listPracticeIdsAfter(trx, afterId, 500);
      if (ids.length === 0) break;
      documents += await indexer.index(ids);
      practices += ids.length;
      afterId = ids.at(-1) ?? afterId;
      onProgress?.(Math.min(practices, total));
    }
    await indexer.flush();
    afterId = 0;
    for (;;) {
      const ids = await listResourceIdsAfter(trx, afterId, 500);
      if (ids.length === 0) break;
      documents += await indexResources(trx, ids, true);
      resources += ids.length;
      afterId = ids.at(-1) ?? afterId;
    }
    await markContentChanged(trx);
  });
  announceContentChanged();
  return { practices, documents, resources };
}

/**
 * Indexes resources of the library inside the caller's transaction, with the same analysis as
 * practices: the original and each translation, title, abstract and authors. `fresh`: the index
 * was just cleared. Returns the number of language versions indexed.
 */
export async function indexResources(db: Db, ids: number[], fresh = false): Promise<number> {
  const engine = engineOf(db, 'resources');
  let documents = 0;
  for (const resource of await loadResourceTexts(db, ids)) {
    const docs: IndexedDocument[] = resource.versions.map((v) => ({
      locale: v.locale,
      isOriginal: v.isOriginal,
      title: analyzeText(v.title, v.locale),
      summary: analyzeText(v.abstract, v.locale),
      body: analyzeText(resource.authors, v.locale),
    }));
    await engine.replaceDocuments(db, resource.id, docs, fresh);
    documents += docs.length;
  }
  return documents;
}

// ───────────────────────────── In-memory state ─────────────────────────────

/** A collection's items in memory: their facets, and the engine's recent answers. */
interface CollectionState<F extends string> {
  version: string;
  store: FacetStore<F>;
  /** Engine results per text expression, least recently used first. */
  clauses: Map<string, ClauseMatch>;
}

interface SearchState extends CollectionState<Facet> {
  evidenceBoost: Float32Array;
  recency: Float32Array;
  vocabulary?: Map<string, number>;
}

interface StateHolder<S> {
  state?: S;
  loading?: Promise<S>;
  checkedAt: number;
  /** The count of in-process content changes when this holder last checked. */
  seenChanges: number;
}
const RECHECK_MS = 1000;
/** Below this many practices matching every part of a query, partial matches are added. */
const RELAX_BELOW = 10;
const EVIDENCE_BOOST: Record<string, number> = { effective: 0.15, promising: 0.1, emerging: 0.05 };
const FACET_OF_SCHEME: Partial<Record<string, Facet>> = {
  theme: 'theme',
  'target-group': 'target_group',
  'actor-type': 'actor_type',
  'policy-area': 'policy_area',
  country: 'country',
};

// A write in this process makes every holder check its database's token on its next search.
let localChanges = 0;
onContentChanged(() => {
  localChanges++;
});

async function loadState(db: Db): Promise<SearchState> {
  const version = await readContentVersion(db);
  const [rows, concepts, taxonomy, places] = await Promise.all([
    listFacetRows(db),
    listAllPracticeConcepts(db),
    getTaxonomy(db, 'en'),
    getPlaceIndex(db, 'en'),
  ]);
  const byPractice = new Map<number, FacetSourcePractice>();
  for (const row of rows) {
    const regions = places.regionsOfCountry(row.country_code).map((r) => r.code);
    byPractice.set(row.id, {
      id: row.id,
      updatedAt: Date.parse(row.updated_at),
      startYear: row.start_year,
      evidence: row.evidence_level,
      values: {
        policy_area: [],
        theme: [],
        type: row.type ? [row.type] : [],
        target_group: [],
        actor_type: [],
        region: regions,
        country: [row.country_code],
        evidence: [row.evidence_level],
        status: row.status ? [row.status] : [],
        decade: row.start_year ? [String(Math.floor(row.start_year / 10) * 10)] : [],
      },
    });
  }
  for (const c of concepts) {
    const practice = byPractice.get(c.practice_id);
    if (!practice) continue;
    const facet = FACET_OF_SCHEME[c.scheme];
    if (facet) practice.values[facet].push(c.concept_id);
    if (c.scheme === 'theme') {
      const area = taxonomy.get('theme', c.concept_id)?.parentId;
      if (area && !practice.values.policy_area.includes(area))
        practice.values.policy_area.push(area);
    }
  }
  const list = [...byPractice.values()];
  const store = new FacetStore(list);
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const p of list) {
    oldest = Math.min(oldest, p.updatedAt);
    newest = Math.max(newest, p.updatedAt);
  }
  const span = newest - oldest || 1;
  return {
    version,
    store,
    evidenceBoost: Float32Array.from(list, (p) => EVIDENCE_BOOST[p.evidence] ?? 0),
    recency: Float32Array.from(list, (p) => (0.05 * (p.updatedAt - oldest)) / span),
    clauses: new Map(),
  };
}

/**
 * A collection's in-memory state, rebuilt when content changes: at once after a write in this
 * process, within a second after a write elsewhere.
 */
function stateGetter<S extends { version: string }>(
  load: (db: Db) => Promise<S>,
): (db: Db) => Promise<S> {
  const holders = new WeakMap<Db, StateHolder<S>>();
  return async (db) => {
    let holder = holders.get(db);
    if (!holder) {
      holder = { checkedAt: 0, seenChanges: localChanges };
      holders.set(db, holder);
    }
    if (holder.seenChanges !== localChanges) {
      holder.seenChanges = localChanges;
      holder.checkedAt = 0;
    }
    if (holder.state && Date.now() - holder.checkedAt < RECHECK_MS) return holder.state;
    const current = holder.state;
    if (current) {
      const version = await readContentVersion(db);
      holder.checkedAt = Date.now();
      if (version === current.version) return current;
    }
    const loading = holder;
    holder.loading ??= load(db).finally(() => {
      loading.loading = undefined;
    });
    const state = await holder.loading;
    holder.state = state;
    holder.checkedAt = Date.now();
    return state;
  };
}

const getState = stateGetter(loadState);

interface LanguageTools {
  matcher: ConceptMatcher;
  /** Folded words of every label and name, for "did you mean". */
  labelWords: Set<string>;
  expand(key: ConceptKey): { expr: TextExpr | null; highlight: string[] };
}

/** The concept recogniser and each concept's expansion, built from every label in every language. */
function getLanguageTools(db: Db): Promise<LanguageTools> {
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

// ───────────────────────────── Searching ─────────────────────────────

export const SEARCH_SORTS = ['relevance', 'newest'] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export type SearchFilters = Record<Facet, string[]>;

export interface SearchInput {
  q: string;
  filters: SearchFilters;
  page: number;
  perPage: number;
  sort: SearchSort;
  locale: Locale;
  debug?: boolean;
  /** Record the query in the search log (default true). */
  log?: boolean;
}

export interface ScoreParts {
  text: number;
  concepts: number;
  evidence: number;
  recency: number;
  total: number;
}

export interface SearchHit {
  card: PracticeCard;
  snippet: SnippetPart[];
  score: number;
  scoreParts?: ScoreParts;
}

export interface FacetValue {
  id: string;
  label: string;
  count: number;
  selected: boolean;
  /** For regions: 1 region, 2 sub-region, 3 intermediate region. */
  level?: number;
}

export interface RecognizedConcept {
  kind: string;
  id: string;
  label: string;
  /** The words of the query that named it. */
  matched: string;
}

export interface SearchResult {
  q: string;
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  hits: SearchHit[];
  facets: Record<Facet, FacetValue[]>;
  concepts: RecognizedConcept[];
  didYouMean: string | null;
  /** True when no practice matched every word, and results match some of them. */
  relaxed: boolean;
  tookMs: number;
}

export const DISPLAY_FACETS: readonly Facet[] = FACETS;

/** Refuses unknown filter values, naming the parameter. */
export async function checkSearchFilters(db: Db, filters: SearchFilters): Promise<SearchFilters> {
  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  const problems: FieldProblem[] = [];
  const checks: Record<Facet, (v: string) => boolean> = {
    policy_area: (v) => taxonomy.has('policy-area', v),
    theme: (v) => taxonomy.has('theme', v),
    target_group: (v) => taxonomy.has('target-group', v),
    actor_type: (v) => taxonomy.has('actor-type', v),
    type: (v) => (PRACTICE_TYPES as readonly string[]).includes(v),
    evidence: (v) => (EVIDENCE_LEVELS as readonly string[]).includes(v),
    status: (v) => (STATUSES as readonly string[]).includes(v),
    region: (v) => places.region(v) !== undefined && v !== '001',
    country: (v) => places.country(v) !== undefined,
    decade: (v) => /^(1[89]|20|21)\d0$/.test(v),
  };
  const checked = {} as SearchFilters;
  for (const facet of FACETS) {
    const values = (filters[facet] ?? []).map((v) => (facet === 'country' ? v.toUpperCase() : v));
    for (const v of values)
      if (!checks[facet](v))
        problems.push({ field: facet, message: `unknown value "${v.slice(0, 80)}"` });
    checked[facet] = [...new Set(values)];
  }
  if (problems.length > 0) throw new ValidationError(problems, 'invalid_filter');
  return checked;
}

interface ClauseMatch {
  scores: Float32Array;
  max: number;
  /** Practices accepted by the clause (its text matches, or its tags added later), by index. */
  accepted: Map<string, Uint8Array>;
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

interface Clauses {
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

function damerauWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (rows[i - 1]?.[j] as number) + 1,
        (rows[i]?.[j - 1] as number) + 1,
        (rows[i - 1]?.[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (rows[i - 2]?.[j - 2] as number) + 1);
      (rows[i] as number[])[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
  }
  return rows[a.length]?.[b.length] as number;
}

/** The closest frequent word of the index for each unknown word of the query, if any. */
async function suggest(
  db: Db,
  state: SearchState,
  labelWords: Set<string>,
  q: string,
  freeWords: string[],
): Promise<string | null> {
  if (freeWords.length === 0) return null;
  if (!state.vocabulary) {
    // Words of the indexed texts, and of every concept and country name: a misspelt theme
    // ("housng") is corrected even where no practice uses that exact word.
    const vocabulary = new Map((await repository.listTerms(db)).map((t) => [t.term, t.documents]));
    for (const word of labelWords) vocabulary.set(word, (vocabulary.get(word) ?? 0) + 1000);
    state.vocabulary = vocabulary;
  }
  const vocabulary = state.vocabulary;
  let suggestion = q;
  let changed = false;
  for (const word of freeWords) {
    // Only words the index has never seen: a rare but real word is not a typo.
    if (vocabulary.has(word) || word.length < 3) continue;
    const limit = word.length <= 5 ? 1 : 2;
    let best: { term: string; distance: number; documents: number } | undefined;
    for (const [term, documents] of vocabulary) {
      if (
        Math.abs(term.length - word.length) > limit ||
        (term[0] !== word[0] && term[1] !== word[1])
      )
        continue;
      const distance = damerauWithin(word, term, limit);
      if (distance > limit) continue;
      if (
        !best ||
        distance < best.distance ||
        (distance === best.distance && documents > best.documents)
      )
        best = { term, distance, documents };
    }
    if (best && best.term !== word) {
      const pattern = new RegExp(
        `(^|[^\\p{L}\\p{N}])(${[...word].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\p{Mn}*')})(?=$|[^\\p{L}\\p{N}])`,
        'iu',
      );
      const folded = fold(suggestion);
      const match = pattern.exec(folded);
      if (match) {
        const start = (match.index ?? 0) + (match[1]?.length ?? 0);
        suggestion = `${suggestion.slice(0, start)}${best.term}${suggestion.slice(start + (match[2]?.length ?? 0))}`;
        changed = true;
      }
    }
  }
  return changed ? suggestion : null;
}

function facetLabel(
  facet: Facet,
  id: string,
  taxonomy: Taxonomy,
  places: PlaceIndex,
  locale: Locale,
): string {
  const t = translator(locale);
  switch (facet) {
    case 'policy_area':
      return taxonomy.label('policy-area', id);
    case 'theme':
    case 'target_group':
    case 'actor_type':
      return taxonomy.label(facet.replace('_', '-') as Scheme, id);
    case 'type':
      return t(`type.${id}` as MessageKey);
    case 'evidence':
      return t(`evidence.${id}.label` as MessageKey);
    case 'status':
      return t(`status.${id}` as MessageKey);
    case 'region':
      return places.region(id)?.name ?? id;
    case 'country':
      return places.country(id)?.name ?? id;
    case 'decade':
      return t('search.decade', { decade: id });
  }
}

function orderOf(facet: Facet, taxonomy: Taxonomy): (a: FacetValue, b: FacetValue) => number {
  const byList = (list: readonly string[]) => (a: FacetValue, b: FacetValue) =>
    list.indexOf(a.id) - list.indexOf(b.id);
  switch (facet) {
    case 'policy_area':
      return byList(taxonomy.list('policy-area').map((c) => c.id));
    case 'theme':
      return byList(taxonomy.list('theme').map((c) => c.id));
    case 'target_group':
      return byList(taxonomy.list('target-group').map((c) => c.id));
    case 'actor_type':
      return byList(taxonomy.list('actor-type').map((c) => c.id));
    case 'type':
      return byList(PRACTICE_TYPES);
    case 'evidence':
      return byList(EVIDENCE_LEVELS);
    case 'status':
      return byList(STATUSES);
    case 'decade':
      return (a, b) => Number(b.id) - Number(a.id);
    case 'region':
      return (a, b) =>
        (a.level ?? 0) - (b.level ?? 0) || b.count - a.count || a.label.localeCompare(b.label);
    case 'country':
      return (a, b) => b.count - a.count || a.label.localeCompare(b.label);
  }
}

interface Candidates {
  /** Item indexes accepted by the query, newest first; null when the query asks for nothing. */
  candidates: Uint32Array | null;
  /** True when few items matched every part, and items matching some parts were added. */
  relaxed: boolean;
  clauses: Clauses;
}

/** The items of a collection that a query accepts, and its clauses for ranking them. */
async function findCandidates<F extends string>(
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
function relevance(clauses: Clauses, index: number, base: number): number {
  let score = base;
  for (const c of clauses.required) score += (c.scores[index] ?? 0) / c.max;
  for (const c of clauses.optional) score += (0.5 * (c.scores[index] ?? 0)) / c.max;
  for (const c of clauses.concepts) {
    if (c.tagged?.[index]) score += c.broad ? 0.3 : 1;
    score += (0.5 * (c.scores[index] ?? 0)) / c.max;
  }
  return score;
}

/**
 * One search: recognise concepts, match text on the database's engine, filter and count every
 * facet in memory, rank, and fetch the page of results with snippets in the reader's language.
 */
export async function search(db: Db, input: SearchInput): Promise<SearchResult> {
  const started = performance.now();
  const filters = await checkSearchFilters(db, input.filters);
  const [state, tools, taxonomy, places] = await Promise.all([
    getState(db),
    getLanguageTools(db),
    getTaxonomy(db, input.locale),
    getPlaceIndex(db, input.locale),
  ]);
  const query = analyzeQuery(input.q, tools.matcher, tools.expand);
  const { store } = state;

  const { candidates, relaxed, clauses } = await findCandidates(
    db,
    state,
    engineOf(db),
    query,
    (kind) => FACET_OF_SCHEME[kind],
  );

  const selection: Partial<Record<Facet, string[]>> = {};
  for (const facet of FACETS) if (filters[facet].length > 0) selection[facet] = filters[facet];
  const { total, matching, counts } = store.filterAndCount(candidates, selection);

  const totalOf = (index: number): number =>
    relevance(
      clauses,
      index,
      (state.evidenceBoost[index] as number) + (state.recency[index] as number),
    );
  const partsOf = (index: number): ScoreParts => {
    let text = 0;
    for (const c of clauses.required) text += (c.scores[index] ?? 0) / c.max;
    for (const c of clauses.optional) text += (0.5 * (c.scores[index] ?? 0)) / c.max;
    let concepts = 0;
    for (const c of clauses.concepts) {
      const tagged = c.tagged?.[index] === 1;
      concepts += (tagged ? (c.broad ? 0.3 : 1) : 0) + (0.5 * (c.scores[index] ?? 0)) / c.max;
    }
    const evidence = state.evidenceBoost[index] as number;
    const recency = state.recency[index] as number;
    return { text, concepts, evidence, recency, total: text + concepts + evidence + recency };
  };

  const offset = (input.page - 1) * input.perPage;
  let pageIndexes: number[] = [];
  if (offset < total) {
    const wanted = offset + input.perPage;
    if (input.sort === 'newest' || query.isEmpty) {
      // Candidates, and so the matching ones, are already newest first.
      pageIndexes = Array.from(matching.subarray(offset, wanted));
    } else {
      pageIndexes = topK(
        matching,
        wanted,
        (i) => totalOf(i) + (store.ids[i] as number) * 1e-12,
      ).slice(offset, wanted);
    }
  }
  const pageIds = pageIndexes.map((i) => store.ids[i] as number);
  const [cards, texts] = await Promise.all([
    loadCards(db, input.locale, pageIds),
    query.isEmpty ? Promise.resolve([]) : loadPracticeTexts(db, pageIds),
  ]);
  const highlighter = new Highlighter(query.highlight);
  const hits: SearchHit[] = cards.map((card, n) => {
    const index = pageIndexes[n] as number;
    const parts = query.isEmpty ? undefined : partsOf(index);
    const version = texts
      .find((t) => t.id === card.id)
      ?.versions.find((v) => v.locale === card.displayLanguage);
    const snippetParts = version
      ? snippet(
          [version.summary, ...version.sections.map((s) => s.text)],
          version.locale,
          highlighter,
        )
      : [{ text: card.summary, mark: false }];
    return {
      card,
      snippet: snippetParts,
      score: parts?.total ?? 0,
      ...(input.debug && parts ? { scoreParts: parts } : {}),
    };
  });

  const facets = {} as Record<Facet, FacetValue[]>;
  for (const facet of DISPLAY_FACETS) {
    const values = new Map(counts[facet]);
    for (const selected of filters[facet]) if (!values.has(selected)) values.set(selected, 0);
    facets[facet] = [...values]
      .filter(([id]) => facet !== 'region' || (places.region(id)?.level ?? 3) <= 2)
      .map(([id, count]) => ({
        id,
        label: facetLabel(facet, id, taxonomy, places, input.locale),
        count,
        selected: filters[facet].includes(id),
        ...(facet === 'region' ? { level: places.region(id)?.level ?? 0 } : {}),
      }))
      .sort(orderOf(facet, taxonomy));
  }

  const concepts = describeConcepts(query, taxonomy, places);
  const didYouMean = await suggest(db, state, tools.labelWords, input.q, query.freeWords);
  const tookMs = Math.round(performance.now() - started);
  searchTimed({ db, seconds: (performance.now() - started) / 1000 });
  if (input.log !== false)
    await logSearch(db, { q: input.q, filters, total, locale: input.locale, tookMs });
  return {
    q: input.q,
    total,
    page: input.page,
    perPage: input.perPage,
    pageCount: Math.max(1, Math.ceil(total / input.perPage)),
    hits,
    facets,
    concepts,
    didYouMean,
    relaxed,
    tookMs,
  };
}

/** The concepts a query named, labelled in the reader's language. */
function describeConcepts(
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

// ───────────────────────────── Resources of the library ─────────────────────────────

/** The facets of the library: what a resource is, its themes, the language it is written in. */
export const RESOURCE_FACETS = ['type', 'theme', 'language'] as const;
export type ResourceFacet = (typeof RESOURCE_FACETS)[number];

interface ResourceState extends CollectionState<ResourceFacet> {
  recency: Float32Array;
}

async function loadResourceState(db: Db): Promise<ResourceState> {
  const version = await readContentVersion(db);
  const rows = await listResourceFacetRows(db);
  const store = new FacetStore<ResourceFacet>(
    rows.map((r) => ({
      id: r.id,
      updatedAt: Date.parse(r.updatedAt),
      startYear: r.year,
      values: { type: [r.type], theme: r.themes, language: [r.language] },
    })),
    RESOURCE_FACETS,
  );
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const at of store.updatedAt) {
    oldest = Math.min(oldest, at);
    newest = Math.max(newest, at);
  }
  const span = newest - oldest || 1;
  return {
    version,
    store,
    recency: Float32Array.from(store.updatedAt, (at) => (0.05 * (at - oldest)) / span),
    clauses: new Map(),
  };
}

const getResourceState = stateGetter(loadResourceState);

export interface ResourceSearchInput {
  q: string;
  /** Values already checked by the caller; repeat for OR within a facet. */
  filters: Record<ResourceFacet, string[]>;
  /** Publication years, both ends included; a resource without a year is left out by either. */
  yearFrom: number | null;
  yearTo: number | null;
  page: number;
  perPage: number;
  locale: Locale;
}

export interface ResourceHit {
  id: number;
  /** The language version the snippet comes from: the reader's when translated, else the original. */
  displayLanguage: string;
  snippet: SnippetPart[];
  score: number;
}

export interface ResourceSearchResult {
  q: string;
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  hits: ResourceHit[];
  /** Counts per value, each facet counted with the other selected filters applied. */
  facets: Record<ResourceFacet, { id: string; count: number; selected: boolean }[]>;
  concepts: RecognizedConcept[];
  relaxed: boolean;
}

/**
 * Searches the library the way practices are searched: the same query language, concepts named
 * in any language (a theme's label matches resources tagged with it and its labels in their
 * text), BM25 / ts_rank relevance, disjunctive facets. Without words, newest first.
 */
export async function searchResources(
  db: Db,
  input: ResourceSearchInput,
): Promise<ResourceSearchResult> {
  const [state, tools, taxonomy, places] = await Promise.all([
    getResourceState(db),
    getLanguageTools(db),
    getTaxonomy(db, input.locale),
    getPlaceIndex(db, input.locale),
  ]);
  const { store } = state;
  const query = analyzeQuery(input.q, tools.matcher, tools.expand);
  const found = await findCandidates(db, state, engineOf(db, 'resources'), query, (kind) =>
    kind === 'theme' ? 'theme' : undefined,
  );
  let candidates = found.candidates;
  if (input.yearFrom !== null || input.yearTo !== null) {
    const from = input.yearFrom ?? Number.NEGATIVE_INFINITY;
    const to = input.yearTo ?? Number.POSITIVE_INFINITY;
    candidates = (candidates ?? store.newestFirst).filter((index) => {
      const year = store.startYear[index] as number;
      return year !== 0 && year >= from && year <= to;
    });
  }
  const selection: Partial<Record<ResourceFacet, string[]>> = {};
  for (const facet of RESOURCE_FACETS)
    if (input.filters[facet].length > 0) selection[facet] = input.filters[facet];
  const { total, matching, counts } = store.filterAndCount(candidates, selection);

  const offset = (input.page - 1) * input.perPage;
  const wanted = offset + input.perPage;
  const pageIndexes =
    offset >= total
      ? []
      : query.isEmpty
        ? Array.from(matching.subarray(offset, wanted))
        : topK(
            matching,
            wanted,
            (i) =>
              relevance(found.clauses, i, state.recency[i] as number) +
              (store.ids[i] as number) * 1e-12,
          ).slice(offset, wanted);
  const ids = pageIndexes.map((i) => store.ids[i] as number);
  const texts = new Map((await loadResourceTexts(db, ids)).map((t) => [t.id, t]));
  const highlighter = new Highlighter(query.highlight);
  const hits: ResourceHit[] = pageIndexes.map((index) => {
    const id = store.ids[index] as number;
    const versions = texts.get(id)?.versions ?? [];
    const version =
      versions.find((v) => v.locale === input.locale) ?? versions.find((v) => v.isOriginal);
    return {
      id,
      displayLanguage: version?.locale ?? '',
      snippet: version
        ? query.isEmpty
          ? [{ text: version.abstract, mark: false }]
          : snippet([version.abstract], version.locale, highlighter)
        : [],
      score: query.isEmpty ? 0 : relevance(found.clauses, index, state.recency[index] as number),
    };
  });

  const facets = {} as ResourceSearchResult['facets'];
  for (const facet of RESOURCE_FACETS) {
    const values = new Map(counts[facet]);
    for (const selected of input.filters[facet]) if (!values.has(selected)) values.set(selected, 0);
    facets[facet] = [...values].map(([id, count]) => ({
      id,
      count,
      selected: input.filters[facet].includes(id),
    }));
  }
  return {
    q: input.q,
    total,
    page: input.page,
    perPage: input.perPage,
    pageCount: Math.max(1, Math.ceil(total / input.perPage)),
    hits,
    facets,
    concepts: describeConcepts(query, taxonomy, places),
    relaxed: found.relaxed,
  };
}

// ───────────────────────────── Search log ─────────────────────────────

type LogEntry = Parameters<typeof repository.insertSearchLogs>[1][number];

/**
 * Search log entries wait in memory for at most a second (or 200 entries) and are written in one
 * statement: a search answered from the page cache then costs no write of its own. Entries are
 * flushed when the app closes and before any report reads the log.
 */
class SearchLogBuffer {
  private entries: LogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly db: Db) {}

  add(entry: LogEntry): void {
    this.entries.push(entry);
    if (this.entries.length >= 200) void this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), 1000);
      this.timer.unref();
    }
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.entries;
    this.entries = [];
    this.flushing = this.flushing
      .then(() => (batch.length > 0 ? repository.insertSearchLogs(this.db, batch) : undefined))
      .catch(() => undefined); // the log is analytics: a failed write must not fail a search
    return this.flushing;
  }
}

const logBuffers = new WeakMap<Db, SearchLogBuffer>();

/** Records a search: the words and filters, how many practices it found; nothing about who. */
export async function logSearch(
  db: Db,
  entry: { q: string; filters: SearchFilters; total: number; locale: Locale; tookMs: number },
): Promise<void> {
  const usedFilters = Object.fromEntries(
    FACETS.filter((f) => entry.filters[f].length > 0).map((f) => [f, entry.filters[f]]),
  );
  let buffer = logBuffers.get(db);
  if (!buffer) {
    buffer = new SearchLogBuffer(db);
    logBuffers.set(db, buffer);
  }
  buffer.add({
    query: entry.q
      .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
      .trim()
      .replace(/\s+/g, ' ')
      .slice(0, 500),
    filters: JSON.stringify(usedFilters),
    result_count: entry.total,
    locale: entry.locale,
    took_ms: entry.tookMs,
    created_at: nowIso(),
  });
}

/** Writes the searches still waiting in memory. */
export async function flushSearchLog(db: Db): Promise<void> {
  await logBuffers.get(db)?.flush();
}

export interface SearchReport {
  from: string;
  to: string;
  searches: number;
  zeroResults: number;
  top: { query: string; searches: number; zeroResults: number }[];
  zero: { query: string; searches: number }[];
}

export async function searchReport(
  db: Db,
  from: string,
  to: string,
  limit = 20,
): Promise<SearchReport> {
  await flushSearchLog(db);
  const [totals, top, zero] = await Promise.all([
    repository.countSearches(db, from, to),
    repository.listTopQueries(db, from, to, limit, false),
    repository.listTopQueries(db, from, to, limit, true),
  ]);
  return {
    from,
    to,
    ...totals,
    top: top.map((r) => ({ query: r.query, searches: r.searches, zeroResults: r.zeroResults })),
    zero: zero.map((r) => ({ query: r.query, searches: r.searches })),
  };
}
