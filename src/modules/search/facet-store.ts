import { FILTERS, type FilterName } from '../practices/index.ts';

/**
 * The filterable attributes of every practice, held in memory as small integer codes, so that a
 * search filters and counts all facets over a hundred thousand candidates in a few milliseconds
 * on any database. Built from the database at start; after a change, built again in memory from
 * the kept facets with the changed practices read anew (search-state.ts).
 *
 * Facet counts are disjunctive: each facet counts the candidates that pass every *other*
 * selected facet, so choosing "housing" still shows how many "health" would add.
 */

/** The facets are the filters a list of practices takes, in the same order. */
export const FACETS = FILTERS;
export type Facet = FilterName;

/** An item with its facet values; `F` names the facets (the practices' by default). */
export interface FacetSource<F extends string = Facet> {
  id: number;
  updatedAt: number;
  startYear: number | null;
  values: Record<F, string[]>;
}

export interface FacetSourcePractice extends FacetSource<Facet> {
  evidence: string;
}

class Column {
  readonly dictionary: string[] = [];
  private readonly codes = new Map<string, number>();
  offsets: Uint32Array;
  data: Uint16Array;

  constructor(rows: string[][]) {
    this.offsets = new Uint32Array(rows.length + 1);
    let total = 0;
    for (const values of rows) total += values.length;
    this.data = new Uint16Array(total);
    let position = 0;
    rows.forEach((values, i) => {
      this.offsets[i] = position;
      for (const value of values) this.data[position++] = this.code(value);
    });
    this.offsets[rows.length] = position;
  }

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.dictionary.length;
      this.dictionary.push(value);
      this.codes.set(value, code);
    }
    return code;
  }

  codeOf(value: string): number | undefined {
    return this.codes.get(value);
  }

  has(index: number, selected: Uint8Array): boolean {
    const end = this.offsets[index + 1] as number;
    for (let p = this.offsets[index] as number; p < end; p++)
      if (selected[this.data[p] as number]) return true;
    return false;
  }

  length(index: number): number {
    return (this.offsets[index + 1] as number) - (this.offsets[index] as number);
  }

  /** Copies a practice's codes into `target` from `at`, shifted by `base`; returns the next position. */
  copyCodes(index: number, target: Uint32Array, at: number, base: number): number {
    let position = at;
    for (let p = this.offsets[index] as number; p < (this.offsets[index + 1] as number); p++)
      target[position++] = base + (this.data[p] as number);
    return position;
  }

  count(index: number, counts: Uint32Array, base = 0): void {
    const end = this.offsets[index + 1] as number;
    for (let p = this.offsets[index] as number; p < end; p++) {
      const code = base + (this.data[p] as number);
      counts[code] = (counts[code] as number) + 1;
    }
  }

  valuesOf(index: number): string[] {
    const out: string[] = [];
    for (let p = this.offsets[index] as number; p < (this.offsets[index + 1] as number); p++)
      out.push(this.dictionary[this.data[p] as number] as string);
    return out;
  }
}

export type Selection<F extends string = Facet> = Partial<Record<F, string[]>>;

export interface FacetCounts<F extends string = Facet> {
  total: number;
  /** Indexes of the candidates that pass every selected facet, in candidate order. */
  matching: Uint32Array;
  counts: Record<F, Map<string, number>>;
}

export class FacetStore<F extends string = Facet> {
  readonly ids: Int32Array;
  readonly updatedAt: Float64Array;
  readonly startYear: Int16Array;
  private readonly indexOfId = new Map<number, number>();
  private readonly columns: Record<F, Column>;
  /** Practice indexes, most recently updated first. */
  readonly newestFirst: Uint32Array;
  /** Every facet code of each practice in one run, codes offset per facet (for counting). */
  private readonly flatOffsets: Uint32Array;
  private readonly flatCodes: Uint32Array;
  private readonly facetBase: Record<F, number>;
  private readonly codeSpace: number;
  /** Counts over all practices, for browsing without filters. */
  private readonly allCounts: Uint32Array;

  private readonly facets: readonly F[];

  /** `facets`: the facets of the items (the practices' by default). */
  constructor(
    practices: FacetSource<F>[],
    facets: readonly F[] = FACETS as unknown as readonly F[],
  ) {
    this.facets = facets;
    const n = practices.length;
    this.ids = new Int32Array(n);
    this.updatedAt = new Float64Array(n);
    this.startYear = new Int16Array(n);
    practices.forEach((p, i) => {
      this.ids[i] = p.id;
      this.updatedAt[i] = p.updatedAt;
      this.startYear[i] = p.startYear ?? 0;
      this.indexOfId.set(p.id, i);
    });
    this.columns = Object.fromEntries(
      this.facets.map((f) => [f, new Column(practices.map((p) => p.values[f]))]),
    ) as Record<F, Column>;
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) =>
        (this.updatedAt[b] as number) - (this.updatedAt[a] as number) ||
        (this.ids[b] as number) - (this.ids[a] as number),
    );
    this.newestFirst = Uint32Array.from(order);

    const base = {} as Record<F, number>;
    let space = 0;
    for (const facet of this.facets) {
      base[facet] = space;
      space += this.columns[facet].dictionary.length;
    }
    this.facetBase = base;
    this.codeSpace = Math.max(space, 1);
    this.flatOffsets = new Uint32Array(n + 1);
    let total = 0;
    for (let i = 0; i < n; i++)
      for (const facet of this.facets) total += this.columns[facet].length(i);
    this.flatCodes = new Uint32Array(total);
    let position = 0;
    for (let i = 0; i < n; i++) {
      this.flatOffsets[i] = position;
      for (const facet of this.facets)
        position = this.columns[facet].copyCodes(i, this.flatCodes, position, base[facet]);
    }
    this.flatOffsets[n] = position;
    this.allCounts = new Uint32Array(this.codeSpace);
    for (let p = 0; p < position; p++) {
      const code = this.flatCodes[p] as number;
      this.allCounts[code] = (this.allCounts[code] as number) + 1;
    }
  }

  get size(): number {
    return this.ids.length;
  }

  private readonly postings = new Map<string, Uint32Array>();

  /** Indexes of the practices with a value, ascending (cached). */
  indexesWith(facet: F, value: string): Uint32Array {
    const key = `${facet}\u0000${value}`;
    let list = this.postings.get(key);
    if (!list) {
      const column = this.columns[facet];
      const code = column.codeOf(value);
      const found: number[] = [];
      if (code !== undefined) {
        const mask = new Uint8Array(column.dictionary.length);
        mask[code] = 1;
        for (let i = 0; i < this.size; i++) if (column.has(i, mask)) found.push(i);
      }
      list = Uint32Array.from(found);
      this.postings.set(key, list);
    }
    return list;
  }

  private readonly masks = new Map<string, Uint8Array>();

  /** One byte per practice: 1 where it has the value (cached). */
  maskWith(facet: F, value: string): Uint8Array {
    const key = `${facet}\u0000${value}`;
    let mask = this.masks.get(key);
    if (!mask) {
      mask = new Uint8Array(this.size);
      for (const index of this.indexesWith(facet, value)) mask[index] = 1;
      this.masks.set(key, mask);
    }
    return mask;
  }

  indexOf(id: number): number | undefined {
    return this.indexOfId.get(id);
  }

  values(index: number, facet: F): string[] {
    return this.columns[facet].valuesOf(index);
  }

  hasValue(index: number, facet: F, value: string): boolean {
    const column = this.columns[facet];
    const code = column.codeOf(value);
    if (code === undefined) return false;
    const mask = new Uint8Array(column.dictionary.length);
    mask[code] = 1;
    return column.has(index, mask);
  }

  /**
   * Filters candidates (all practices, newest first, when `candidates` is null) by the selection
   * and counts every facet disjunctively. Candidates keep their order in `matching`.
   */
  filterAndCount(candidates: ArrayLike<number> | null, selection: Selection<F>): FacetCounts<F> {
    const active = this.facets.filter((f) => (selection[f]?.length ?? 0) > 0);
    if (candidates === null && active.length === 0) {
      return {
        total: this.size,
        matching: this.newestFirst,
        counts: this.countsFrom(this.allCounts),
      };
    }
    const masks = active.map((facet) => {
      const column = this.columns[facet];
      const mask = new Uint8Array(Math.max(column.dictionary.length, 1));
      for (const value of selection[facet] ?? []) {
        const code = column.codeOf(value);
        if (code !== undefined) mask[code] = 1;
      }
      return mask;
    });
    const counters = new Uint32Array(this.codeSpace);
    const source = candidates ?? this.newestFirst;
    const matching = new Uint32Array(source.length);
    let total = 0;
    for (let c = 0; c < source.length; c++) {
      const i = source[c] as number;
      let failures = 0;
      let failed = -1;
      for (let a = 0; a < active.length; a++) {
        if (!this.columns[active[a] as F].has(i, masks[a] as Uint8Array)) {
          failures++;
          failed = a;
          if (failures > 1) break;
        }
      }
      if (failures === 0) {
        matching[total++] = i;
        const end = this.flatOffsets[i + 1] as number;
        for (let p = this.flatOffsets[i] as number; p < end; p++) {
          const code = this.flatCodes[p] as number;
          counters[code] = (counters[code] as number) + 1;
        }
      } else if (failures === 1) {
        const facet = active[failed] as F;
        this.columns[facet].count(i, counters, this.facetBase[facet]);
      }
    }
    return { total, matching: matching.subarray(0, total), counts: this.countsFrom(counters) };
  }

  private countsFrom(counters: Uint32Array): Record<F, Map<string, number>> {
    return Object.fromEntries(
      this.facets.map((facet) => {
        const map = new Map<string, number>();
        const base = this.facetBase[facet];
        this.columns[facet].dictionary.forEach((value, code) => {
          const count = counters[base + code] as number;
          if (count > 0) map.set(value, count);
        });
        return [facet, map];
      }),
    ) as Record<F, Map<string, number>>;
  }
}

/**
 * The `k` items with the highest score, best first, without sorting everything.
 *
 *   topK([5, 1, 9, 3], 2, (x) => x) // [9, 5]
 */
export function topK<T>(items: ArrayLike<T>, k: number, score: (item: T) => number): T[] {
  if (k <= 0) return [];
  const heap: { item: T; score: number }[] = [];
  const down = (start: number) => {
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let smallest = i;
      if (l < heap.length && (heap[l]?.score as number) < (heap[smallest]?.score as number))
        smallest = l;
      if (r < heap.length && (heap[r]?.score as number) < (heap[smallest]?.score as number))
        smallest = r;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [
        heap[smallest] as { item: T; score: number },
        heap[i] as { item: T; score: number },
      ];
      i = smallest;
    }
  };
  const up = (start: number) => {
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent]?.score as number) <= (heap[i]?.score as number)) return;
      [heap[i], heap[parent]] = [
        heap[parent] as { item: T; score: number },
        heap[i] as { item: T; score: number },
      ];
      i = parent;
    }
  };
  for (let n = 0; n < items.length; n++) {
    const item = items[n] as T;
    const s = score(item);
    if (heap.length < k) {
      heap.push({ item, score: s });
      up(heap.length - 1);
    } else if (s > (heap[0]?.score as number)) {
      heap[0] = { item, score: s };
      down(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score).map((e) => e.item);
}
