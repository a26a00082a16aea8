/**
 * The filterable attributes of every practice, held in memory as small integer codes, so that a
 * search filters and counts all facets over a hundred thousand candidates in a few milliseconds
 * on any database. Built from the database, rebuilt when content changes (search.service.ts).
 *
 * Facet counts are disjunctive: each facet counts the candidates that pass every *other*
 * selected facet, so choosing "housing" still shows how many "health" would add.
 */
export const FACETS = [
  'policy_area',
  'theme',
  'type',
  'target_group',
  'actor_type',
  'region',
  'country',
  'evidence',
  'status',
  'decade',
] as const;
export type Facet = (typeof FACETS)[number];

export interface FacetSourcePractice {
  id: number;
  updatedAt: number;
  startYear: number | null;
  evidence: string;
  values: Record<Facet, string[]>;
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

  count(index: number, counts: Uint32Array): void {
    const end = this.offsets[index + 1] as number;
    for (let p = this.offsets[index] as number; p < end; p++) {
      const code = this.data[p] as number;
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

export type Selection = Partial<Record<Facet, string[]>>;

export interface FacetCounts {
  total: number;
  /** Indexes of the candidates that pass every selected facet. */
  matching: number[];
  counts: Record<Facet, Map<string, number>>;
}

export class FacetStore {
  readonly ids: Int32Array;
  readonly updatedAt: Float64Array;
  readonly startYear: Int16Array;
  private readonly indexOfId = new Map<number, number>();
  private readonly columns: Record<Facet, Column>;
  /** Practice indexes, most recently updated first. */
  readonly newestFirst: Uint32Array;

  constructor(practices: FacetSourcePractice[]) {
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
      FACETS.map((f) => [f, new Column(practices.map((p) => p.values[f]))]),
    ) as Record<Facet, Column>;
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) =>
        (this.updatedAt[b] as number) - (this.updatedAt[a] as number) ||
        (this.ids[b] as number) - (this.ids[a] as number),
    );
    this.newestFirst = Uint32Array.from(order);
  }

  get size(): number {
    return this.ids.length;
  }

  private readonly postings = new Map<string, Uint32Array>();

  /** Indexes of the practices with a value, ascending (cached). */
  indexesWith(facet: Facet, value: string): Uint32Array {
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

  indexOf(id: number): number | undefined {
    return this.indexOfId.get(id);
  }

  values(index: number, facet: Facet): string[] {
    return this.columns[facet].valuesOf(index);
  }

  hasValue(index: number, facet: Facet, value: string): boolean {
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
  filterAndCount(candidates: Iterable<number> | null, selection: Selection): FacetCounts {
    const active = FACETS.filter((f) => (selection[f]?.length ?? 0) > 0);
    const masks = new Map<Facet, Uint8Array>();
    for (const facet of active) {
      const column = this.columns[facet];
      const mask = new Uint8Array(Math.max(column.dictionary.length, 1));
      for (const value of selection[facet] ?? []) {
        const code = column.codeOf(value);
        if (code !== undefined) mask[code] = 1;
      }
      masks.set(facet, mask);
    }
    const counters = Object.fromEntries(
      FACETS.map((f) => [f, new Uint32Array(Math.max(this.columns[f].dictionary.length, 1))]),
    ) as Record<Facet, Uint32Array>;
    const matching: number[] = [];
    const visit = (i: number) => {
      let failures = 0;
      let failed: Facet | undefined;
      for (const facet of active) {
        if (!this.columns[facet].has(i, masks.get(facet) as Uint8Array)) {
          failures++;
          failed = facet;
          if (failures > 1) return;
        }
      }
      if (failures === 0) {
        matching.push(i);
        for (const facet of FACETS) this.columns[facet].count(i, counters[facet]);
      } else if (failed) {
        this.columns[failed].count(i, counters[failed]);
      }
    };
    if (candidates === null) for (const i of this.newestFirst) visit(i);
    else for (const i of candidates) visit(i);
    const counts = Object.fromEntries(
      FACETS.map((facet) => {
        const map = new Map<string, number>();
        const counter = counters[facet];
        this.columns[facet].dictionary.forEach((value, code) => {
          if ((counter[code] ?? 0) > 0) map.set(value, counter[code] as number);
        });
        return [facet, map];
      }),
    ) as Record<Facet, Map<string, number>>;
    return { total: matching.length, matching, counts };
  }
}

/**
 * The `k` items with the highest score, best first, without sorting everything.
 *
 *   topK([5, 1, 9, 3], 2, (x) => x) // [9, 5]
 */
export function topK<T>(items: readonly T[], k: number, score: (item: T) => number): T[] {
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
  for (const item of items) {
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
