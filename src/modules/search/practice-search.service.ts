import { randomUUID } from 'node:crypto';
import { type MessageKey, translator } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { editDistanceWithin } from '../../core/text.ts';
import { searchTimed } from '../../core/timing.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex, isPlaceName, type PlaceIndex } from '../places/index.ts';
import {
  checkFilters,
  EVIDENCE_LEVELS,
  loadCards,
  loadPracticeTexts,
  PEER_REVIEW_VALUES,
  PRACTICE_TYPES,
  type PracticeCard,
  STATUSES,
} from '../practices/index.ts';
import type { Scheme } from '../taxonomy/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import { isDictionaryForm, translate, translatePhrase } from './dictionary.ts';
import { engineOf } from './engines/engine.ts';
import { FACETS, type Facet, topK } from './facet-store.ts';
import { Lru } from './lru.ts';
import { placeTagsFor } from './place-tags.ts';
import {
  describeConcepts,
  describeTranslations,
  findCandidates,
  getLanguageTools,
  isBroadIn,
  type LanguageTools,
  type RecognizedConcept,
  relevance,
  relevanceParts,
  type TranslatedWord,
} from './query-engine.ts';
import { orderRegions } from './region-order.ts';
import * as repository from './search.repository.ts';
import { logSearch } from './search-log.service.ts';
import { type AnalyzedQuery, analyzeQuery } from './search-query.ts';
import {
  FACET_OF_SCHEME,
  getPracticeState,
  LABEL_WORD,
  type PracticeState,
} from './search-state.ts';
import { Highlighter, type SnippetPart, snippet } from './snippet.ts';
import { fold, isStopword } from './text-analysis.ts';

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

/** The closest frequent word of a vocabulary to an unknown word, within an edit distance. */
function closestWord(
  vocabulary: Map<string, number>,
  word: string,
): { term: string; distance: number } | undefined {
  const limit = word.length <= 5 ? 1 : 2;
  let best: { term: string; distance: number; documents: number } | undefined;
  for (const [term, documents] of vocabulary) {
    if (Math.abs(term.length - word.length) > limit || (term[0] !== word[0] && term[1] !== word[1]))
      continue;
    const distance = editDistanceWithin(word, term, limit);
    if (distance > limit) continue;
    if (
      !best ||
      distance < best.distance ||
      (distance === best.distance && documents > best.documents)
    )
      best = { term, distance, documents };
  }
  return best;
}

/** Shortest part of a word read as two glued words ("antirumour" as "anti" and "rumour"). */
const MIN_PART = 3;

/** Two words of the vocabulary that make up an unknown word, the most common pair first. */
function splitWord(vocabulary: Map<string, number>, word: string): string | undefined {
  let best: { text: string; documents: number } | undefined;
  for (let at = MIN_PART; at <= word.length - MIN_PART; at++) {
    const left = word.slice(0, at);
    const right = word.slice(at);
    const documents = Math.min(vocabulary.get(left) ?? 0, vocabulary.get(right) ?? 0);
    if (documents > 0 && (!best || documents > best.documents))
      best = { text: `${left}-${right}`, documents };
  }
  return best?.text;
}

/**
 * A correction for each unknown word of the query, if any: the closest frequent word of the
 * index or of a concept's names one edit away, else two known words run together, else the
 * closest word two edits away. A word the index, a concept's name in any language, a stopword
 * or a place name in the gazetteer knows is never corrected, however close to another word.
 */
async function suggest(
  db: Db,
  state: PracticeState,
  labelWords: Set<string>,
  q: string,
  freeWords: string[],
): Promise<string | null> {
  if (freeWords.length === 0) return null;
  if (!state.vocabulary) {
    // Words of the indexed texts, and of every concept and country name: a misspelt theme
    // ("housng") is corrected even where no practice uses that exact word.
    const vocabulary = new Map((await repository.listTerms(db)).map((t) => [t.term, t.documents]));
    for (const word of labelWords) vocabulary.set(word, (vocabulary.get(word) ?? 0) + LABEL_WORD);
    state.vocabulary = vocabulary;
    state.labelWords = labelWords;
  }
  const vocabulary = state.vocabulary;
  let suggestion = q;
  let changed = false;
  for (const word of freeWords) {
    // Only words nobody here has seen: a rare but real word is not a typo.
    if (vocabulary.has(word) || isStopword(word) || word.length < 3) continue;
    // A word of any of the six languages is not a typo, even if no practice here uses it, nor
    // is an inflected form of one ("faits", "boulangers"), found by its stem.
    if (isDictionaryForm(word)) continue;
    // Reading the whole vocabulary for a close word is the costliest step of a search with a
    // typo: done once per unknown word while the vocabulary stays the same.
    state.corrections ??= new Lru(2000);
    const replacement = state.corrections.through(word, () => {
      const close = closestWord(vocabulary, word);
      const split = close?.distance === 1 ? undefined : splitWord(vocabulary, word);
      return (close?.distance === 1 ? close.term : (split ?? close?.term)) ?? '';
    });
    if (!replacement || replacement === word) continue;
    // Asked only now, since loading the gazetteer is costly: "Berlin" is not "Barein".
    if (await isPlaceName(word)) continue;
    const pattern = new RegExp(
      `(^|[^\\p{L}\\p{N}])(${[...word].map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\p{Mn}*')})(?=$|[^\\p{L}\\p{N}])`,
      'iu',
    );
    const folded = fold(suggestion);
    const match = pattern.exec(folded);
    if (match) {
      const start = (match.index ?? 0) + (match[1]?.length ?? 0);
      suggestion = `${suggestion.slice(0, start)}${replacement}${suggestion.slice(start + (match[2]?.length ?? 0))}`;
      changed = true;
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

/**
 * Cards and texts of the practices recently shown on a page of results, kept per database while
 * content stays the same (dropped with the answers when the content version changes) and the
 * reader's language's taxonomy and place names are the same objects: a distinct query mostly
 * shows practices other queries showed, and reading their texts again cost more than the search.
 */
interface PageData {
  version: string;
  /** By language then practice id; each entry remembers the labels it was made with. */
  cards: Lru<string, { card: PracticeCard; taxonomy: Taxonomy; places: PlaceIndex }>;
  /** By practice id: the texts a snippet is cut from ([summary, ...sections]), by language. */
  texts: Lru<number, Map<string, string[]>>;
}

/** Cards of the last few thousand practices shown; texts within a few megabytes. */
const CARDS_KEPT = 4000;
const TEXTS_KEPT = 2000;
const TEXT_BYTES = 32 * 1024 * 1024;

const pageDataOfDb = new WeakMap<Db, PageData>();

function pageDataOf(db: Db, version: string): PageData {
  let kept = pageDataOfDb.get(db);
  if (!kept || kept.version !== version) {
    kept = {
      version,
      cards: new Lru(CARDS_KEPT),
      texts: new Lru(TEXTS_KEPT, textsWeight, TEXT_BYTES),
    };
    pageDataOfDb.set(db, kept);
  }
  return kept;
}

function textsWeight(versions: Map<string, string[]>): number {
  let chars = 0;
  for (const texts of versions.values()) for (const text of texts) chars += text.length;
  return 2 * chars + 256;
}

/** Cards for `ids` in that order, as `loadCards` gives them, loading only those not kept. */
async function cardsOf(
  db: Db,
  kept: PageData,
  locale: Locale,
  ids: number[],
  taxonomy: Taxonomy,
  places: PlaceIndex,
): Promise<PracticeCard[]> {
  const keyOf = (id: number) => `${locale}\u0000${id}`;
  const found = new Map<number, PracticeCard>();
  const missing: number[] = [];
  for (const id of ids) {
    const entry = kept.cards.get(keyOf(id));
    if (entry && entry.taxonomy === taxonomy && entry.places === places) found.set(id, entry.card);
    else missing.push(id);
  }
  if (missing.length > 0) {
    for (const card of await loadCards(db, locale, missing)) {
      found.set(card.id, card);
      if (pageDataOfDb.get(db) === kept) kept.cards.set(keyOf(card.id), { card, taxonomy, places });
    }
  }
  return ids.flatMap((id) => {
    const card = found.get(id);
    return card ? [card] : [];
  });
}

/** For each of `ids`, its texts by language (the original's first), loading only those not kept. */
async function textsOf(
  db: Db,
  kept: PageData,
  ids: number[],
): Promise<Map<number, Map<string, string[]>>> {
  const found = new Map<number, Map<string, string[]>>();
  const missing: number[] = [];
  for (const id of ids) {
    const versions = kept.texts.get(id);
    if (versions) found.set(id, versions);
    else missing.push(id);
  }
  if (missing.length > 0) {
    for (const practice of await loadPracticeTexts(db, missing)) {
      const versions = new Map<string, string[]>();
      for (const v of practice.versions)
        if (!versions.has(v.locale))
          versions.set(v.locale, [v.summary, ...v.sections.map((s) => s.text)]);
      found.set(practice.id, versions);
      if (pageDataOfDb.get(db) === kept) kept.texts.set(practice.id, versions);
    }
  }
  return found;
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
