import { onContentChanged, readContentVersion } from '../../core/content-version.ts';
import type { Db } from '../../db/connect.ts';
import { listResourceFacetRows, RESOURCE_FACETS, type ResourceFacet } from '../library/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import { listPracticeFacets } from '../practices/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { type Facet, type FacetSourcePractice, FacetStore } from './facet-store.ts';
import type { Lru } from './lru.ts';

/** A collection's items in memory: their facets, and the engine's recent answers. */
export interface CollectionState<F extends string> {
  version: string;
  store: FacetStore<F>;
  /** Engine results per text expression, least recently used first. */
  clauses: Map<string, ClauseMatch>;
}

export interface ClauseMatch {
  scores: Float32Array;
  max: number;
  /** How many practices match. */
  count: number;
  /** Practices accepted by the clause (its text matches, or its tags added later), by index. */
  accepted: Map<string, Uint8Array>;
}

export interface PracticeState extends CollectionState<Facet> {
  evidenceBoost: Float32Array;
  recency: Float32Array;
  vocabulary?: Map<string, number>;
  /** The correction of each unknown word asked for ('' for none), from `vocabulary`. */
  corrections?: Lru<string, string>;
}

interface StateHolder<S> {
  state?: S;
  loading?: Promise<S>;
  checkedAt: number;
  /** The count of in-process content changes when this holder last checked. */
  seenChanges: number;
}
const RECHECK_MS = 1000;

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

async function loadState(db: Db): Promise<PracticeState> {
  const version = await readContentVersion(db);
  const [rows, taxonomy, places] = await Promise.all([
    listPracticeFacets(db),
    getTaxonomy(db, 'en'),
    getPlaceIndex(db, 'en'),
  ]);
  const byPractice = new Map<number, FacetSourcePractice>();
  for (const row of rows) {
    const regions = places.regionsOfCountry(row.countryCode).map((r) => r.code);
    byPractice.set(row.id, {
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
        region: regions,
        country: [row.countryCode],
        evidence: [row.evidence],
        status: row.status ? [row.status] : [],
        decade: row.startYear ? [String(Math.floor(row.startYear / 10) * 10)] : [],
      },
    });
  }
  for (const row of rows) {
    const practice = byPractice.get(row.id) as FacetSourcePractice;
    for (const c of row.concepts) {
      const facet = FACET_OF_SCHEME[c.scheme];
      if (facet) practice.values[facet].push(c.id);
      if (c.scheme === 'theme') {
        const area = taxonomy.get('theme', c.id)?.parentId;
        if (area && !practice.values.policy_area.includes(area))
          practice.values.policy_area.push(area);
      }
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

export const getPracticeState = stateGetter(loadState);

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

export const getResourceState = stateGetter(loadResourceState);
