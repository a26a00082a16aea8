import { randomUUID } from 'node:crypto';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { searchTimed } from '../../core/timing.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import {
  checkFilters,
  EVIDENCE_LEVELS,
  PEER_REVIEW_VALUES,
  PRACTICE_TYPES,
  type PracticeCard,
  STATUSES,
} from '../practices/index.ts';
import type { Scheme } from '../taxonomy/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import { translate, translatePhrase } from './dictionary.ts';
import { engineOf } from './engines/engine.ts';
import { FACETS, type Facet, topK } from './facet-store.ts';
import { getLanguageTools, type LanguageTools } from './language-tools.ts';
import { Lru } from './lru.ts';
import { cardsOf, pageDataOf, textsOf } from './page-data.ts';
import { placeTagsFor } from './place-tags.ts';
import {
  describeConcepts,
  describeTranslations,
  findCandidates,
  isBroadIn,
  type RecognizedConcept,
  relevance,
  relevanceParts,
  type TranslatedWord,
} from './query-engine.ts';
import { orderRegions } from './region-order.ts';
import { logSearch } from './search-log.service.ts';
import { type AnalyzedQuery, analyzeQuery } from './search-query.ts';
import { FACET_OF_SCHEME, getPracticeState, type PracticeState } from './search-state.ts';
import { Highlighter, type SnippetPart, snippet } from './snippet.ts';
import { suggest } from './spelling.ts';

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
  /** Search the words as typed, never a correction of them ("search instead for"). */
  exact?: boolean;
  /** Record the query in the search log (default true). */
  log?: boolean;
}

export interface ScoreParts {
  text: number;
  concepts: number;
  /** The query's words found through their translations with the dictionary. */
  translations: number;
  /** The query's neighbouring words found together in the practice. */
  proximity: number;
  /** Minus a penalty per part of the query missed, when partial matches were added. */
  coverage: number;
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

export interface SearchResult {
  q: string;
  total: number;
  page: number;
  perPage: number;
  pageCount: number;
  hits: SearchHit[];
  facets: Record<Facet, FacetValue[]>;
  concepts: RecognizedConcept[];
  /** Words of the query also searched for in their translations ("rumeurs": rumours, rumors…). */
  translations: TranslatedWord[];
  didYouMean: string | null;
  /** The query as typed, when the results are those of its correction (`q`). */
  correctedFrom: string | null;
  /** True when no practice matched every word, and results match some of them. */
  relaxed: boolean;
  tookMs: number;
  /**
   * The answers this one was kept among, when it was: the same string, the same content and
   * language tools, so the same answer to the same request (but `tookMs`). Absent with `debug`.
   */
  answers?: string;
}

export const DISPLAY_FACETS: readonly Facet[] = FACETS;

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
    case 'peer_reviewed':
      return id === 'true' ? t('practice.peerReviewBadge') : t('practice.notPeerReviewedBadge');
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
    case 'peer_reviewed':
      return byList(PEER_REVIEW_VALUES);
    case 'decade':
      return (a, b) => Number(b.id) - Number(a.id);
    case 'region':
    case 'country':
      return (a, b) => b.count - a.count || a.label.localeCompare(b.label);
  }
}

type ConceptKey = Parameters<typeof isBroadIn>[2];

/**
 * Queries understood, per state and the updates that followed it (`analyses`): a query's
 * analysis depends on which concepts are broad in it, checked again on every use.
 */
const understoodIn = new WeakMap<
  object,
  Lru<
    string,
    {
      tools: LanguageTools;
      query: AnalyzedQuery;
      highlighter: Highlighter;
      broad: [ConceptKey, boolean][];
    }
  >
>();

/**
 * A query's analysis (concepts recognised, each word's variants, what to highlight), done once
 * per distinct query while the vocabularies stay the same and each concept it asked about is as
 * broad as it was (a change of content seldom makes one so).
 */
function understood(
  state: PracticeState,
  tools: LanguageTools,
  q: string,
): { query: AnalyzedQuery; highlighter: Highlighter } {
  let cache = understoodIn.get(state.analyses);
  if (!cache) {
    cache = new Lru(1000);
    understoodIn.set(state.analyses, cache);
  }
  const isBroad = (key: ConceptKey) => isBroadIn(state, (kind) => FACET_OF_SCHEME[kind], key);
  const hit = cache.get(q);
  if (hit && hit.tools === tools && hit.broad.every(([key, was]) => isBroad(key) === was))
    return hit;
  const broad: [ConceptKey, boolean][] = [];
  const query = analyzeQuery(
    q,
    tools.matcher,
    tools.expand,
    (key) => {
      const answer = isBroad(key);
      broad.push([key, answer]);
      return answer;
    },
    translate,
    translatePhrase,
  );
  const entry = { tools, query, highlighter: new Highlighter(query.highlight), broad };
  cache.set(q, entry);
  return entry;
}

/** At most this many results is "little": a correction that finds more is shown instead. */
const FEW_RESULTS = 2;
/** How many times more results a correction must find to be shown in place of the query. */
const MUCH_MORE = 3;

/**
 * One search. When the query as typed finds nothing or little and its correction finds much
 * more, the correction's results are shown, with the query as typed to search instead.
 * Answers are kept (see `RESULTS`) until content changes, except with `debug`.
 */
export async function search(db: Db, given: SearchInput): Promise<SearchResult> {
  const started = performance.now();
  // Spaces around and between words change nothing in a search: one answer for all spellings.
  const input = { ...given, q: given.q.replace(/\s+/g, ' ').trim() };
  if (input.debug) return searchUncached(db, input, await checkFilters(db, input.filters));
  const state = await getPracticeState(db);
  const tools = await getLanguageTools(db);
  let results = resultsOf.get(db);
  if (!results || results.version !== state.version || results.tools !== tools) {
    results = {
      id: randomUUID(),
      version: state.version,
      tools,
      cache: new Lru(RESULTS, weightOf, RESULT_BYTES),
    };
    resultsOf.set(db, results);
  }
  const key = resultKey(input);
  const hit = results.cache.get(key);
  if (hit) {
    const tookMs = Math.round(performance.now() - started);
    searchTimed({ db, seconds: (performance.now() - started) / 1000 });
    if (input.log !== false)
      await logSearch(db, {
        q: input.q,
        filters: hit.filters,
        total: hit.loggedTotal,
        locale: input.locale,
        tookMs,
      });
    return { ...hit.result, tookMs, answers: results.id };
  }
  const filters = await checkFilters(db, input.filters);
  const { result, loggedTotal } = await searchWithCorrection(db, input, filters);
  // Only if content did not change meanwhile: the answer may be of the content before.
  if (resultsOf.get(db) !== results) return result;
  results.cache.set(key, { result, filters, loggedTotal });
  return { ...result, answers: results.id };
}

/** Answers kept per database: the most recent few hundred, within a few megabytes. */
const RESULTS = 500;
const RESULT_BYTES = 16 * 1024 * 1024;

interface CachedResult {
  result: SearchResult;
  filters: SearchFilters;
  /** The total the search log records: that of the query as typed, even when corrected. */
  loggedTotal: number;
}

const resultsOf = new WeakMap<
  Db,
  { id: string; version: string; tools: LanguageTools; cache: Lru<string, CachedResult> }
>();

/** Roughly the bytes an answer holds: its hits' cards and snippets, and its facet values. */
function weightOf(entry: CachedResult): number {
  let facetValues = 0;
  for (const facet of FACETS) facetValues += entry.result.facets[facet].length;
  return 2048 + 2048 * entry.result.hits.length + 128 * facetValues;
}

/** What makes an answer: filters in any order or repeated are the same filters. */
function resultKey(input: SearchInput): string {
  const filters = FACETS.map((facet) => [...new Set(input.filters[facet])].sort());
  return JSON.stringify([
    input.q,
    filters,
    input.page,
    input.perPage,
    input.sort,
    input.locale,
    input.exact === true,
  ]);
}

async function searchUncached(
  db: Db,
  input: SearchInput,
  filters: SearchFilters,
): Promise<SearchResult> {
  return (await searchWithCorrection(db, input, filters)).result;
}

async function searchWithCorrection(
  db: Db,
  input: SearchInput,
  filters: SearchFilters,
): Promise<{ result: SearchResult; loggedTotal: number }> {
  const typed = await searchAsTyped(db, input, filters);
  const loggedTotal = typed.total;
  if (input.exact || !typed.didYouMean || typed.total > FEW_RESULTS)
    return { result: typed, loggedTotal };
  const corrected = await searchAsTyped(db, { ...input, q: typed.didYouMean, log: false }, filters);
  if (corrected.total < Math.max(1, MUCH_MORE * typed.total)) return { result: typed, loggedTotal };
  return {
    result: {
      ...corrected,
      didYouMean: null,
      correctedFrom: input.q,
      tookMs: typed.tookMs + corrected.tookMs,
    },
    loggedTotal,
  };
}

/**
 * Recognise concepts, match text on the database's engine, filter and count every facet in
 * memory, rank, and fetch the page of results with snippets in the reader's language.
 */
async function searchAsTyped(
  db: Db,
  input: SearchInput,
  filters: SearchFilters,
): Promise<SearchResult> {
  const started = performance.now();
  const [state, tools, taxonomy, places] = await Promise.all([
    getPracticeState(db),
    getLanguageTools(db),
    getTaxonomy(db, input.locale),
    getPlaceIndex(db, input.locale),
  ]);
  const tagFacet = (kind: string) => FACET_OF_SCHEME[kind];
  const { query, highlighter } = understood(state, tools, input.q);
  const { store } = state;

  const placeTags = await placeTagsFor(
    db,
    state,
    tools,
    query.concepts.map((c) => c.key),
  );
  const { candidates, relaxed, clauses } = await findCandidates(
    db,
    state,
    engineOf(db),
    query,
    tagFacet,
    placeTags,
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
    const { text, concepts, translations, proximity, coverage } = relevanceParts(clauses, index);
    const evidence = state.evidenceBoost[index] as number;
    const recency = state.recency[index] as number;
    return {
      text,
      concepts,
      translations,
      proximity,
      coverage,
      evidence,
      recency,
      total: text + concepts + translations + proximity + coverage + evidence + recency,
    };
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
  const kept = pageDataOf(db, state.version);
  const [cards, texts] = await Promise.all([
    cardsOf(db, kept, input.locale, pageIds, taxonomy, places),
    query.isEmpty ? Promise.resolve(undefined) : textsOf(db, kept, pageIds),
  ]);
  const hits: SearchHit[] = cards.map((card, n) => {
    const index = pageIndexes[n] as number;
    const parts = query.isEmpty ? undefined : partsOf(index);
    const shown = texts?.get(card.id)?.get(card.displayLanguage);
    const snippetParts = shown
      ? snippet(shown, card.displayLanguage, highlighter)
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
    const listed = [...values]
      .filter(([id]) => facet !== 'region' || (places.region(id)?.level ?? 3) <= 2)
      .map(([id, count]) => ({
        id,
        label: facetLabel(facet, id, taxonomy, places, input.locale),
        count,
        selected: filters[facet].includes(id),
        ...(facet === 'region' ? { level: places.region(id)?.level ?? 0 } : {}),
      }));
    // Sub-regions are shown indented under the value before them, so each follows its own region.
    facets[facet] =
      facet === 'region'
        ? orderRegions(listed, (id) => places.region(id)?.parentCode)
        : listed.sort(orderOf(facet, taxonomy));
  }

  const concepts = describeConcepts(query, taxonomy, places, tools.cities, input.locale);
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
    translations: describeTranslations(query),
    didYouMean,
    correctedFrom: null,
    relaxed,
    tookMs,
  };
}

/** Practices matching words, best first, as cards: for pickers, so not recorded in the search log. */
export async function findPracticeCards(
  db: Db,
  locale: Locale,
  words: string,
  limit: number,
): Promise<PracticeCard[]> {
  const filters = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as SearchFilters;
  const result = await search(db, {
    q: words,
    filters,
    page: 1,
    perPage: limit,
    sort: 'relevance',
    locale,
    log: false,
  });
  return result.hits.map((h) => h.card);
}
