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
import { type Db, dialectOf } from '../../db/connect.ts';
import { postgresSearchIndex } from '../../db/dialect/postgres/full-text.ts';
import { sqliteSearchIndex } from '../../db/dialect/sqlite/full-text.ts';
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
import { FACETS, type Facet, type FacetSourcePractice, FacetStore, topK } from './facet-store.ts';
import * as repository from './search.repository.ts';
import type { IndexedDocument, SearchIndex, TextExpr } from './search-index.ts';
import { type AnalyzedQuery, analyzeQuery, textExpr } from './search-query.ts';
import { Highlighter, type SnippetPart, snippet } from './snippet.ts';
import { analyzeText, fold, isStopword, words } from './text-analysis.ts';

function engineOf(db: Db): SearchIndex {
  return dialectOf(db) === 'postgres' ? postgresSearchIndex : sqliteSearchIndex;
}

// ───────────────────────────── Indexing ─────────────────────────────

/**
 * Indexes practices inside the caller's transaction, so the index never disagrees with what was
 * written. Word counts for "did you mean" are gathered and written once, at `flush`.
 */
export class Indexer {
  private readonly terms = new Map<string, number>();

  constructor(private readonly db: Db) {}

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
      await engine.replaceDocuments(this.db, practice.id, docs);
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
): Promise<{ practices: number; documents: number }> {
  let practices = 0;
  let documents = 0;
  await db.transaction().execute(async (trx) => {
    await engineOf(trx).clear(trx);
    await repository.clearTerms(trx);
    const indexer = new Indexer(trx);
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
    await markContentChanged(trx);
  });
  announceContentChanged();
  return { practices, documents };
}

// ───────────────────────────── In-memory state ─────────────────────────────

interface SearchState {
  version: string;
  store: FacetStore;
  evidenceBoost: Float32Array;
  recency: Float32Array;
  vocabulary?: Map<string, number>;
}

interface StateHolder {
  state?: SearchState;
  loading?: Promise<SearchState>;
  checkedAt: number;
  /** The count of in-process content changes when this holder last checked. */
  seenChanges: number;
}

const holders = new WeakMap<Db, StateHolder>();
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
  };
}

/**
 * The in-memory search state, rebuilt when content changes: at once after a write in this
 * process, within a second after a write elsewhere.
 */
async function getState(db: Db): Promise<SearchState> {
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
  holder.loading ??= loadState(db).finally(() => {
    if (holder) holder.loading = undefined;
  });
  const state = await holder.loading;
  holder.state = state;
  holder.checkedAt = Date.now();
  return state;
}

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
    const labelsOf = new Map<string, string[]>();
    const remember = (kind: string, id: string, label: string) => {
      if (!label.trim()) return;
      sources.push({ kind, id, label });
      const key = `${kind}:${id}`;
      const list = labelsOf.get(key) ?? [];
      if (!list.includes(label)) list.push(label);
      labelsOf.set(key, list);
    };
    for (const row of labels) {
      // GCM objectives and SDG targets are recognised, but their long labels are not search words.
      remember(row.scheme, row.concept_id, row.label);
      for (const synonym of row.synonyms.split('|')) remember(row.scheme, row.concept_id, synonym);
    }
    for (const row of countries) {
      remember('country', row.country_code, row.name);
      for (const synonym of row.synonyms.split('|')) remember('country', row.country_code, synonym);
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
          const exprs = all.map(textExpr).filter((e): e is TextExpr => e !== null);
          found = { expr: exprs.length === 0 ? null : { op: 'or', items: exprs }, highlight: all };
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

interface Clause {
  scores: Map<number, number>;
  max: number;
  tagged?: Uint32Array;
  broad: boolean;
  concept: boolean;
}

interface Clauses {
  required: Clause[];
  optional: Clause[];
  concepts: Clause[];
  excluded: Set<number>;
}

async function evaluateClauses(db: Db, state: SearchState, query: AnalyzedQuery): Promise<Clauses> {
  const engine = engineOf(db);
  const clause = async (
    expr: TextExpr | null,
    concept: boolean,
    broad = false,
    tagged?: Uint32Array,
  ): Promise<Clause> => {
    const scores = expr ? await engine.match(db, expr) : new Map<number, number>();
    let max = 0;
    for (const s of scores.values()) if (s > max) max = s;
    return { scores, max: max || 1, tagged, broad, concept };
  };
  const required = await Promise.all(query.required.map((e) => clause(e, false)));
  const optional = await Promise.all(query.optional.map((e) => clause(e, false)));
  const concepts = await Promise.all(
    query.concepts.map((c) => {
      const facet = FACET_OF_SCHEME[c.key.kind];
      const tagged = facet ? state.store.indexesWith(facet, c.key.id) : undefined;
      // Broad concepts only rank: there is no need to match their words in the text.
      return clause(c.broad ? null : c.expansion, true, c.broad, tagged);
    }),
  );
  const excluded = new Set<number>();
  for (const expr of query.excluded)
    for (const id of (await engine.match(db, expr)).keys()) excluded.add(id);
  return { required, optional, concepts, excluded };
}

/** Indexes of the practices a clause accepts. */
function acceptedBy(state: SearchState, clause: Clause): Set<number> {
  const accepted = new Set<number>();
  for (const id of clause.scores.keys()) {
    const index = state.store.indexOf(id);
    if (index !== undefined) accepted.add(index);
  }
  if (clause.tagged) for (const index of clause.tagged) accepted.add(index);
  return accepted;
}

function combine(sets: Set<number>[], mode: 'and' | 'or'): Set<number> {
  if (sets.length === 0) return new Set();
  if (mode === 'or') {
    const union = new Set<number>();
    for (const s of sets) for (const x of s) union.add(x);
    return union;
  }
  const [smallest, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  const result = new Set<number>();
  for (const x of smallest as Set<number>) if (rest.every((s) => s.has(x))) result.add(x);
  return result;
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

  let candidates: Iterable<number> | null = null;
  let relaxed = false;
  let clauses: Clauses = { required: [], optional: [], concepts: [], excluded: new Set() };
  if (!query.isEmpty || query.excluded.length > 0) {
    clauses = await evaluateClauses(db, state, query);
    const filtering = [...clauses.required, ...clauses.concepts.filter((c) => !c.broad)];
    let accepted: Set<number>;
    if (filtering.length === 0) {
      accepted = new Set(store.newestFirst);
    } else {
      const sets = filtering.map((c) => acceptedBy(state, c));
      accepted = combine(sets, 'and');
      // Few practices match everything asked: add those matching part of it, ranked below.
      if (accepted.size < RELAX_BELOW && filtering.length > 1) {
        const partial = combine(sets, 'or');
        relaxed = partial.size > accepted.size;
        accepted = partial;
      }
    }
    for (const id of clauses.excluded) {
      const index = store.indexOf(id);
      if (index !== undefined) accepted.delete(index);
    }
    candidates = accepted;
  }

  const selection: Partial<Record<Facet, string[]>> = {};
  for (const facet of FACETS) if (filters[facet].length > 0) selection[facet] = filters[facet];
  const { total, matching, counts } = store.filterAndCount(candidates, selection);

  const partsOf = (index: number): ScoreParts => {
    const id = store.ids[index] as number;
    let text = 0;
    for (const c of clauses.required) text += (c.scores.get(id) ?? 0) / c.max;
    for (const c of clauses.optional) text += (0.5 * (c.scores.get(id) ?? 0)) / c.max;
    let concepts = 0;
    for (const c of clauses.concepts) {
      const tagged = c.tagged !== undefined && binaryHas(c.tagged, index);
      concepts += (tagged ? (c.broad ? 0.3 : 1) : 0) + (0.5 * (c.scores.get(id) ?? 0)) / c.max;
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
      const ordered =
        candidates === null
          ? matching
          : topK(
              matching,
              wanted,
              (i) => (store.updatedAt[i] as number) + (store.ids[i] as number) * 1e-9,
            );
      pageIndexes = ordered.slice(offset, wanted);
    } else {
      pageIndexes = topK(
        matching,
        wanted,
        (i) => partsOf(i).total + (store.ids[i] as number) * 1e-12,
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

  const concepts: RecognizedConcept[] = query.concepts.map((c) => ({
    kind: c.key.kind,
    id: c.key.id,
    matched: c.matched,
    label:
      c.key.kind === 'country'
        ? (places.country(c.key.id)?.name ?? c.key.id)
        : taxonomy.label(c.key.kind as Scheme, c.key.id),
  }));
  const didYouMean = await suggest(db, state, tools.labelWords, input.q, query.freeWords);
  const tookMs = Math.round(performance.now() - started);
  if (input.log !== false) {
    const usedFilters = Object.fromEntries(
      FACETS.filter((f) => filters[f].length > 0).map((f) => [f, filters[f]]),
    );
    await repository.insertSearchLog(db, {
      query: input.q
        .replace(/[\p{Cc}\p{Cf}]/gu, ' ')
        .trim()
        .replace(/\s+/g, ' ')
        .slice(0, 500),
      filters: JSON.stringify(usedFilters),
      result_count: total,
      locale: input.locale,
      took_ms: tookMs,
      created_at: nowIso(),
    });
  }
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

function binaryHas(sorted: Uint32Array, value: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return true;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

// ───────────────────────────── Search log report ─────────────────────────────

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
