import { onContentChanged, readContentVersion } from '../../core/content-version.ts';
import { nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import { listResourceFacetRows, RESOURCE_FACETS, type ResourceFacet } from '../library/index.ts';
import { getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import { listPracticeFacets, loadPracticeTexts, type PracticeFacets } from '../practices/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import { engineOf } from './engines/engine.ts';
import type { TextExpr } from './engines/search-index.ts';
import {
  type Facet,
  type FacetSourcePractice,
  FacetStore,
  grown,
  type StoreChange,
} from './facet-store.ts';
import type { Lru } from './lru.ts';
import * as repository from './search.repository.ts';
import { termsOf } from './search-indexer.service.ts';
import { analyzeText } from './text-analysis.ts';
import { type AnalysedVersion, matcherOf, versionOf } from './text-match.ts';

/** A collection's items in memory: their facets, and the engine's recent answers. */
export interface CollectionState<F extends string> {
  version: string;
  store: FacetStore<F>;
  /** Engine results per text expression, least recently used first. */
  clauses: Map<string, ClauseMatch>;
}

export interface ClauseMatch {
  /** The expression matched, and whether scored: to match it again for changed practices. */
  expr: TextExpr;
  scored: boolean;
  /** A score per slot of the store; slots past its end (added since) do not match. */
  scores: Float32Array;
  max: number;
  /** How many practices match. */
  count: number;
  /** Practices accepted by the clause (its text matches, or its tags added later), by index. */
  accepted: Map<string, Uint8Array>;
  /** Practices changed since the match, to match again before it is used (see settleMatch). */
  pending?: number[];
}

export interface PracticeState extends CollectionState<Facet> {
  /** Per slot of the store, like the scores of clauses (they may be longer than the store). */
  evidenceBoost: Float32Array;
  recency: Float32Array;
  vocabulary?: Map<string, number>;
  /** The words of concepts' and countries' names, counted in `vocabulary` as very common. */
  labelWords?: Set<string>;
  /** The correction of each unknown word asked for ('' for none), from `vocabulary`. */
  corrections?: Lru<string, string>;
  /** What the facets were derived with (themes' policy areas, countries' regions). */
  fingerprint: string;
  /** The reference data `fingerprint` was taken of: while it is the same, so is the fingerprint. */
  reference: { taxonomy: Taxonomy; places: PlaceIndex; countries: number };
  /**
   * The record of changed items read so far: every change up to `lastId`, and those read from
   * `since` on (later changes may have smaller ids, in a transaction that committed later).
   */
  changesSeen: { since: string; lastId: number; ids: Set<number> };
  /** When the state was last built from every practice (updates keep it). */
  loadedAt: number;
  /** What queries' analyses are kept by: made with the state, kept by its updates. */
  analyses: object;
}

interface StateHolder<S> {
  state?: S;
  loading?: Promise<S>;
  checkedAt: number;
  /** The count of in-process content changes when this holder last checked. */
  seenChanges: number;
}
const RECHECK_MS = 1000;
/**
 * How far back changes are read again: a transaction that recorded its changes just before
 * another may commit just after it, so each read overlaps the last (applying a change twice
 * gives the same state).
 */
const CHANGES_OVERLAP_MS = 10_000;
function seenOf(
  since: string,
  changes: { id: number }[],
  lastId: number,
): PracticeState['changesSeen'] {
  return {
    since,
    lastId: changes.reduce((last, c) => Math.max(last, c.id), lastId),
    ids: new Set(changes.map((c) => c.id)),
  };
}

const overlapped = (since: string) =>
  new Date(Date.parse(since) - CHANGES_OVERLAP_MS).toISOString();
/** Beyond this many changed practices at once (an import), the state is built anew. */
const MAX_UPDATED = 200;

/** What a word of a concept's or country's name adds to its count in `vocabulary`. */
export const LABEL_WORD = 1000;

const EVIDENCE_BOOST: Record<string, number> = { effective: 0.15, promising: 0.1, emerging: 0.05 };
export const FACET_OF_SCHEME: Partial<Record<string, Facet>> = {
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

function sourceOf(
  row: PracticeFacets,
  taxonomy: Taxonomy,
  places: PlaceIndex,
): FacetSourcePractice {
  const practice: FacetSourcePractice = {
    id: row.id,
    updatedAt: Date.parse(row.updatedAt),
    startYear: row.startYear,
    evidence: row.evidence,
    values: {
      policy_area: [],
      theme: [],
      type: row.type ? [row.type] : [],
      target_group: [],
      actor_type: [],
      region: places.regionsOfCountry(row.countryCode).map((r) => r.code),
      country: [row.countryCode],
      evidence: [row.evidence],
      status: row.status ? [row.status] : [],
      decade: row.startYear ? [String(Math.floor(row.startYear / 10) * 10)] : [],
      peer_reviewed: [row.peerReviewed ? 'true' : 'false'],
    },
  };
  for (const c of row.concepts) {
    const facet = FACET_OF_SCHEME[c.scheme];
    if (facet) practice.values[facet].push(c.id);
    if (c.scheme === 'theme') {
      const area = taxonomy.get('theme', c.id)?.parentId;
      if (area && !practice.values.policy_area.includes(area))
        practice.values.policy_area.push(area);
    }
  }
  return practice;
}

/** The reference data the facets were derived from: when it changes, the state is built anew. */
function fingerprintOf(taxonomy: Taxonomy, places: PlaceIndex, countries: string[]): string {
  return JSON.stringify([
    taxonomy.list('theme').map((c) => [c.id, c.parentId]),
    [...countries].sort().map((code) => [code, places.regionsOfCountry(code).map((r) => r.code)]),
  ]);
}

/** The fingerprint of the state's reference data now, taken again only when that data changed. */
function referenceOf(
  store: FacetStore<Facet>,
  taxonomy: Taxonomy,
  places: PlaceIndex,
  known?: Pick<PracticeState, 'fingerprint' | 'reference'>,
): Pick<PracticeState, 'fingerprint' | 'reference'> {
  const countries = store.listedValues('country');
  if (
    known &&
    known.reference.taxonomy === taxonomy &&
    known.reference.places === places &&
    known.reference.countries === countries.length
  )
    return { fingerprint: known.fingerprint, reference: known.reference };
  return {
    fingerprint: fingerprintOf(taxonomy, places, countries),
    reference: { taxonomy, places, countries: countries.length },
  };
}

/**
 * Recency counts whole days: practices updated the same day are equally recent, so that the
 * milliseconds between two writes (an import of many practices at once) never decide between
 * practices that tie on everything else, and the same collection ranks the same every time.
 */
const DAY_MS = 86_400_000;
const dayOf = (at: number) => Math.floor(at / DAY_MS);

function recencyOf(at: number, oldestDay: number, spanDays: number): number {
  return (0.05 * (dayOf(at) - oldestDay)) / spanDays;
}

/** The oldest and newest update of a listed practice: recency is relative to both. */
function spanOf(store: FacetStore<Facet>): { oldest: number; newest: number } {
  const order = store.newestFirst;
  return {
    newest: store.updatedAt[order[0] as number] ?? 0,
    oldest: store.updatedAt[order[order.length - 1] as number] ?? 0,
  };
}

/** The recency of these slots, as a full load sets it. */
function setRecency(state: PracticeState, slots: Iterable<number>): void {
  const { store } = state;
  const { oldest, newest } = spanOf(store);
  const spanDays = dayOf(newest) - dayOf(oldest) || 1;
  for (const slot of slots)
    state.recency[slot] = recencyOf(store.updatedAt[slot] as number, dayOf(oldest), spanDays);
}

/** The state of these practices (in id order), with the facets' reference data. */
function stateOf(
  version: string,
  sources: FacetSourcePractice[],
  taxonomy: Taxonomy,
  places: PlaceIndex,
  changesSeen: PracticeState['changesSeen'],
  loadedAt: number,
): PracticeState {
  const store = new FacetStore(sources);
  const state: PracticeState = {
    version,
    store,
    ...referenceOf(store, taxonomy, places),
    changesSeen,
    loadedAt,
    analyses: {},
    evidenceBoost: Float32Array.from(sources, (p) => EVIDENCE_BOOST[p.evidence] ?? 0),
    recency: new Float32Array(store.size),
    clauses: new Map(),
  };
  setRecency(state, sources.keys());
  return state;
}

/** Every listed practice's state, read from the database: at start, and after a rebuild. */
export async function loadState(db: Db): Promise<PracticeState> {
  // Changes recorded from now on are read by the next update; those visible now are in what
  // is read below, so they count as seen.
  const since = nowIso();
  // The largest integer both databases take: only the time decides here.
  const seen = await repository.listChangesSince(db, overlapped(since), 2 ** 31 - 1);
  const lastId = await repository.lastChangeId(db);
  const version = await readContentVersion(db);
  const [rows, taxonomy, places] = await Promise.all([
    listPracticeFacets(db),
    getTaxonomy(db, 'en'),
    getPlaceIndex(db, 'en'),
  ]);
  const sources = rows.map((row) => sourceOf(row, taxonomy, places));
  return stateOf(version, sources, taxonomy, places, seenOf(since, seen, lastId), Date.now());
}

/**
 * The state after content changed: the practices recorded as changed since the last read are
 * read again and written in place, in the store, the cached clause matches and the vocabulary
 * (each practice keeps its slot; a new one takes the next, an archived one leaves its slot
 * empty). `undefined` when the state must be built anew (a rebuilt index, changed reference
 * data, a large import, many empty slots).
 */
export async function updateState(
  db: Db,
  current: PracticeState,
  knownVersion?: string,
): Promise<PracticeState | undefined> {
  const readAt = nowIso();
  const [version, changes, taxonomy, places] = await Promise.all([
    knownVersion ?? readContentVersion(db),
    repository.listChangesSince(
      db,
      overlapped(current.changesSeen.since),
      current.changesSeen.lastId,
    ),
    getTaxonomy(db, 'en'),
    getPlaceIndex(db, 'en'),
  ]);
  const fresh = changes.filter((c) => !current.changesSeen.ids.has(c.id));
  const changesSeen = seenOf(readAt, changes, current.changesSeen.lastId);
  if (fresh.some((c) => c.collection === 'all')) return undefined;
  const ids = [...new Set(fresh.filter((c) => c.collection === 'practices').map((c) => c.item_id))];
  if (ids.length > MAX_UPDATED) return undefined;
  const { store } = current;
  const known = referenceOf(store, taxonomy, places, current);
  if (known.fingerprint !== current.fingerprint) return undefined;
  if (ids.length === 0) return { ...current, ...known, version, changesSeen };

  const [rows, texts] = await Promise.all([
    listPracticeFacets(db, ids),
    loadPracticeTexts(db, ids),
  ]);
  const listed = new Set(rows.map((row) => row.id));
  const gone = ids.filter((id) => !listed.has(id));
  // Empty slots cost memory and time in every search: past a share of the store, build anew.
  const leaving = gone.filter((id) => store.indexOf(id) !== undefined).length;
  if (store.size - store.count + leaving > Math.max(MAX_UPDATED, store.count / 8)) return undefined;

  // The changed practices' words, with their counts as a full load reads them: asked now, read
  // once the rest is done.
  let counted: ReturnType<typeof repository.findTermCounts> | undefined;
  if (current.vocabulary) {
    const terms = new Set<string>();
    for (const practice of texts) for (const term of termsOf(practice.versions)) terms.add(term);
    counted = repository.findTermCounts(db, [...terms]);
    // Awaited below; a failure then is the update's, not an unhandled one.
    counted.catch(() => undefined);
  }
  const items = rows.map((row) => sourceOf(row, taxonomy, places));
  const spanBefore = spanOf(store);
  const change = store.update(items, gone);
  const next: PracticeState = {
    ...current,
    ...referenceOf(store, taxonomy, places, known),
    version,
    changesSeen,
    // A changed word may now be the closest to an unknown one: corrections are looked for anew.
    corrections: undefined,
    evidenceBoost: grown(current.evidenceBoost, store.size),
    recency: grown(current.recency, store.size),
  };
  for (const slot of change.slots) next.evidenceBoost[slot] = 0;
  for (const p of items)
    next.evidenceBoost[store.indexOf(p.id) as number] = EVIDENCE_BOOST[p.evidence] ?? 0;
  const span = spanOf(store);
  // Recency is relative to the oldest and newest practice: when they change, every one's does.
  setRecency(
    next,
    span.oldest === spanBefore.oldest && span.newest === spanBefore.newest
      ? change.slots
      : store.newestFirst,
  );

  // The changed practices' versions as the index holds them, matched here against every cached
  // clause: a clause that needs no score (a concept's names in six languages, the costliest to
  // ask the engine) needs nothing more, one that does asks the engine for those it matches alone.
  const analysed = texts
    .filter((t) => listed.has(t.id))
    .map((t) => ({
      id: t.id,
      slot: store.indexOf(t.id) as number,
      versions: t.versions.map((v) =>
        versionOf(
          [v.title, v.summary, v.body].map((text) => analyzeText(text, v.locale).split(' ')),
        ),
      ),
    }));
  for (const match of current.clauses.values()) patchMatch(match, store, change, analysed);
  const { vocabulary, labelWords } = current;
  if (vocabulary && labelWords && counted)
    for (const { term, documents } of await counted)
      vocabulary.set(term, documents + (labelWords.has(term) ? LABEL_WORD : 0));
  return next;
}

/**
 * A cached match after the store's `change`: the changed slots' scores are dropped, then set
 * again for the practices listed now, at once where no score is needed, else by the engine
 * when a search next uses the clause (see settleMatch).
 */
function patchMatch(
  match: ClauseMatch,
  store: FacetStore<Facet>,
  change: StoreChange,
  analysed: { id: number; slot: number; versions: AnalysedVersion[] }[],
): void {
  let { scores } = match;
  let maxLost = false;
  for (const slot of change.slots) {
    const old = slot < scores.length ? (scores[slot] as number) : 0;
    if (old > 0) {
      match.count--;
      if (old >= match.max) maxLost = true;
      scores[slot] = 0;
    }
  }
  if (maxLost) Object.assign(match, extent(scores));
  const matches = matcherOf(match.expr);
  const matching = analysed.filter((p) => p.versions.some(matches));
  if (match.scored) {
    // Only the engine scores a match, asked for those that match alone. A new list: a search
    // settling the clause meanwhile leaves it for the next (settleMatch).
    if (matching.length > 0)
      match.pending = [...new Set([...(match.pending ?? []), ...matching.map((p) => p.id)])];
    match.accepted.clear();
    return;
  }
  for (const p of matching) {
    if (p.slot >= scores.length) {
      scores = grown(scores, store.size);
      match.scores = scores;
    }
    scores[p.slot] = 1;
    match.count++;
  }
  // What the clause accepts follows its scores. With tags it is worked out again: the store
  // made anew the tags' masks that changed.
  const text = match.accepted.get('text');
  match.accepted.clear();
  if (text && change.appended === 0) {
    for (const slot of change.slots) text[slot] = (scores[slot] as number) > 0 ? 1 : 0;
    match.accepted.set('text', text);
  }
}

/** The highest score of a clause, and how many items it matches. */
function extent(scores: Float32Array): { max: number; count: number } {
  let max = 0;
  let count = 0;
  for (let i = 0; i < scores.length; i++) {
    const value = scores[i] as number;
    if (value > 0) count++;
    if (value > max) max = value;
  }
  return { max: max || 1, count };
}

/**
 * A cached match made whole: the practices changed since it was made are matched on the engine
 * (those alone), so that it holds what a fresh match would.
 */
export async function settleMatch<F extends string>(
  db: Db,
  state: CollectionState<F>,
  match: ClauseMatch,
): Promise<void> {
  const pending = match.pending;
  if (!pending || pending.length === 0) return;
  const found = await engineOf(db).match(db, match.expr, { scored: match.scored, ids: pending });
  // The changed slots' scores were dropped (patchMatch): each one found counts anew.
  let max = match.count > 0 ? match.max : 0;
  for (const [id, score] of found) {
    const index = state.store.indexOf(id);
    if (index === undefined) continue;
    if (index >= match.scores.length) match.scores = grown(match.scores, state.store.size);
    const value = Math.max(score, 1e-9);
    if (!((match.scores[index] as number) > 0)) match.count++;
    match.scores[index] = value;
    if (value > max) max = value;
  }
  match.max = max || 1;
  match.accepted.clear();
  // Changes while the engine answered made a new list, for the next search to settle.
  if (match.pending === pending) match.pending = undefined;
}

/**
 * A collection's in-memory state, kept in step with content: at once after a write in this
 * process, within a second after a write elsewhere. With `update`, the state follows the
 * changed items alone; without, or when `update` gives up, it is built anew.
 */
function stateGetter<S extends { version: string }>(
  load: (db: Db) => Promise<S>,
  update?: (db: Db, current: S, version?: string) => Promise<S | undefined>,
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
    let version: string | undefined;
    if (current) {
      version = await readContentVersion(db);
      holder.checkedAt = Date.now();
      if (version === current.version) return current;
    }
    const loading = holder;
    holder.loading ??= (
      current && update ? update(db, current, version).then((next) => next ?? load(db)) : load(db)
    ).finally(() => {
      loading.loading = undefined;
    });
    const state = await holder.loading;
    holder.state = state;
    holder.checkedAt = Date.now();
    return state;
  };
}

export const getPracticeState = stateGetter(loadState, updateState);

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
  const spanDays = dayOf(newest) - dayOf(oldest) || 1;
  return {
    version,
    store,
    recency: Float32Array.from(store.updatedAt, (at) => recencyOf(at, dayOf(oldest), spanDays)),
    clauses: new Map(),
  };
}

export const getResourceState = stateGetter(loadResourceState);
