import { FILTERS, type FilterName } from '../practices/index.ts';

/**
 * The filterable attributes of every practice, held in memory as small integer codes, so that a
 * search filters and counts all facets over a hundred thousand candidates in a few milliseconds
 * on any database. Built from the database at start; after a change, the changed practices alone
 * are written in place (`update`): each practice keeps its slot for the life of the store, a new
 * one takes a new slot at the end, an archived one leaves its slot empty (search-state.ts).
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

export type Selection<F extends string = Facet> = Partial<Record<F, string[]>>;

export interface FacetCounts<F extends string = Facet> {
  total: number;
  /** Indexes of the candidates that pass every selected facet, in candidate order. */
  matching: Uint32Array;
  counts: Record<F, Map<string, number>>;
}

/** What an update changed: the slots written, and the facet values they lost or gained. */
export interface StoreChange {
  /** Slots written or emptied, each once. */
  slots: number[];
  /** Slots added at the end (new items): the store is longer than before. */
  appended: number;
  /** `facet\u0000value` of every value an updated item had before or has now. */
  touched: Set<string>;
}

/** `array`, or a longer copy when it holds fewer than `length` elements (room to grow). */
export function grown<
  T extends Int32Array | Float32Array | Float64Array | Int16Array | Uint32Array | Uint8Array,
>(array: T, length: number): T {
  if (array.length >= length) return array;
  const next = new (array.constructor as new (n: number) => T)(
    Math.max(length, Math.ceil(array.length * 1.5), 16),
  );
  next.set(array);
  return next;
}

const keyOf = (facet: string, value: string) => `${facet}\u0000${value}`;

export class FacetStore<F extends string = Facet> {
  private readonly facets: readonly F[];
  /** Slots in use: items, and the empty slots of those that left. */
  private slots = 0;
  private live = 0;
  private idBuffer: Int32Array;
  private updatedBuffer: Float64Array;
  private yearBuffer: Int16Array;
  private aliveBuffer: Uint8Array;
  /** The slot of every item that had one, listed or not (an item back from the archive returns to it). */
  private readonly slotOfId = new Map<number, number>();
  /**
   * One code per facet value, all facets in one code space (a new value takes the next code, so
   * codes already stored never move); `facetCodes` lists each facet's codes in order of appearance.
   */
  private readonly codeOfKey = new Map<string, number>();
  private readonly valueOfCode: string[] = [];
  private readonly facetCodes: number[][];
  /**
   * Each slot's codes in one run, facet after facet: facet `f` of slot `s` spans
   * `flat[bounds[s * stride + f]]` to `flat[bounds[s * stride + f + 1]]`. A rewritten slot
   * appends its new run; the old one is left behind until there is as much left behind as used.
   */
  private bounds: Uint32Array;
  private flat: Uint32Array;
  private flatLength = 0;
  /** Codes in `flat` that no slot uses any more. */
  private garbage = 0;
  private readonly stride: number;
  /** Counts over all items, for browsing without filters. */
  private allCounts: Uint32Array;
  /** Listed slots, most recently updated first (`newestFirst` is its used part). */
  private order: Uint32Array;
  private views!: {
    ids: Int32Array;
    updatedAt: Float64Array;
    startYear: Int16Array;
    newestFirst: Uint32Array;
  };

  /** `facets`: the facets of the items (the practices' by default). */
  constructor(
    practices: FacetSource<F>[],
    facets: readonly F[] = FACETS as unknown as readonly F[],
  ) {
    this.facets = facets;
    this.stride = facets.length + 1;
    this.facetCodes = facets.map(() => []);
    const n = practices.length;
    this.idBuffer = new Int32Array(n);
    this.updatedBuffer = new Float64Array(n);
    this.yearBuffer = new Int16Array(n);
    this.aliveBuffer = new Uint8Array(n);
    this.bounds = new Uint32Array(n * this.stride);
    let total = 0;
    for (const p of practices) for (const facet of facets) total += p.values[facet].length;
    this.flat = new Uint32Array(total);
    this.allCounts = new Uint32Array(0);
    this.order = new Uint32Array(n);
    practices.forEach((p, i) => {
      this.write(i, p);
      this.slotOfId.set(p.id, i);
    });
    this.slots = n;
    this.live = n;
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => this.newer(a, b));
    this.order.set(order);
    this.refreshViews();
  }

  /** Items listed (slots less the empty ones). */
  get count(): number {
    return this.live;
  }

  /** Slots, listed or empty: the length of any array indexed by slot. */
  get size(): number {
    return this.slots;
  }

  get ids(): Int32Array {
    return this.views.ids;
  }

  get updatedAt(): Float64Array {
    return this.views.updatedAt;
  }

  get startYear(): Int16Array {
    return this.views.startYear;
  }

  /** Listed slots, most recently updated first. */
  get newestFirst(): Uint32Array {
    return this.views.newestFirst;
  }

  /** The values of a facet that some listed item has. */
  listedValues(facet: F): string[] {
    const codes = this.facetCodes[this.facets.indexOf(facet)] ?? [];
    return codes
      .filter((code) => (this.allCounts[code] as number) > 0)
      .map((code) => this.valueOfCode[code] as string);
  }

  /** Whether a slot holds a listed item. */
  isListed(index: number): boolean {
    return this.aliveBuffer[index] === 1;
  }

  private refreshViews(): void {
    this.views = {
      ids: this.idBuffer.subarray(0, this.slots),
      updatedAt: this.updatedBuffer.subarray(0, this.slots),
      startYear: this.yearBuffer.subarray(0, this.slots),
      newestFirst: this.order.subarray(0, this.live),
    };
  }

  /** Sort order of `newestFirst`: most recently updated first, then highest id. */
  private newer(a: number, b: number): number {
    return (
      (this.updatedBuffer[b] as number) - (this.updatedBuffer[a] as number) ||
      (this.idBuffer[b] as number) - (this.idBuffer[a] as number)
    );
  }

  private code(facet: number, value: string): number {
    const key = keyOf(this.facets[facet] as string, value);
    let code = this.codeOfKey.get(key);
    if (code === undefined) {
      code = this.valueOfCode.length;
      this.valueOfCode.push(value);
      this.codeOfKey.set(key, code);
      this.facetCodes[facet]?.push(code);
      this.allCounts = grown(this.allCounts, code + 1);
    }
    return code;
  }

  /** Writes an item into a slot (its codes at the end of `flat`), counting its values. */
  private write(slot: number, item: FacetSource<F>): void {
    this.idBuffer[slot] = item.id;
    this.updatedBuffer[slot] = item.updatedAt;
    this.yearBuffer[slot] = item.startYear ?? 0;
    this.aliveBuffer[slot] = 1;
    let needed = 0;
    for (const facet of this.facets) needed += item.values[facet].length;
    this.flat = grown(this.flat, this.flatLength + needed);
    const at = slot * this.stride;
    let position = this.flatLength;
    this.facets.forEach((facet, f) => {
      this.bounds[at + f] = position;
      for (const value of item.values[facet]) {
        const code = this.code(f, value);
        this.flat[position++] = code;
        this.allCounts[code] = (this.allCounts[code] as number) + 1;
      }
    });
    this.bounds[at + this.facets.length] = position;
    this.flatLength = position;
  }

  /** Empties a slot: its values no longer count, and no filter or count finds it. */
  private clear(slot: number): void {
    const at = slot * this.stride;
    const start = this.bounds[at] as number;
    const end = this.bounds[at + this.facets.length] as number;
    for (let p = start; p < end; p++) {
      const code = this.flat[p] as number;
      this.allCounts[code] = (this.allCounts[code] as number) - 1;
    }
    this.garbage += end - start;
    this.bounds.fill(end, at, at + this.stride);
    this.aliveBuffer[slot] = 0;
  }

  /** Every `facet\u0000value` of a slot. */
  private keysOf(slot: number, into: Set<string>): void {
    const at = slot * this.stride;
    this.facets.forEach((facet, f) => {
      for (let p = this.bounds[at + f] as number; p < (this.bounds[at + f + 1] as number); p++)
        into.add(keyOf(facet, this.valueOfCode[this.flat[p] as number] as string));
    });
  }

  /**
   * Writes changed items in place: `items` are listed now (each keeps its slot, or takes a new
   * one at the end), the items of `gone` are not listed any more (their slots stay, empty).
   * Cached masks of the values concerned are made anew; the others stay valid.
   */
  update(items: FacetSource<F>[], gone: number[]): StoreChange {
    const touched = new Set<string>();
    const written = new Set<number>();
    const before = this.slots;
    const listedBefore = this.live;
    // A listed slot leaves the order where its sort keys (not yet rewritten) put it.
    const unlist = (slot: number) => {
      this.keysOf(slot, touched);
      const position = this.positionIn(slot);
      this.order.copyWithin(position, position + 1, this.live);
      this.live--;
      this.clear(slot);
    };
    for (const id of gone) {
      const slot = this.slotOfId.get(id);
      if (slot === undefined || !this.aliveBuffer[slot]) continue;
      unlist(slot);
      written.add(slot);
    }
    for (const item of items) {
      let slot = this.slotOfId.get(item.id);
      if (slot === undefined) {
        slot = this.slots++;
        this.slotOfId.set(item.id, slot);
        this.idBuffer = grown(this.idBuffer, this.slots);
        this.updatedBuffer = grown(this.updatedBuffer, this.slots);
        this.yearBuffer = grown(this.yearBuffer, this.slots);
        this.aliveBuffer = grown(this.aliveBuffer, this.slots);
        this.bounds = grown(this.bounds, this.slots * this.stride);
      }
      if (this.aliveBuffer[slot]) unlist(slot);
      this.write(slot, item);
      this.keysOf(slot, touched);
      this.order = grown(this.order, this.live + 1);
      const position = this.positionIn(slot);
      this.order.copyWithin(position + 1, position, this.live);
      this.order[position] = slot;
      this.live++;
      written.add(slot);
    }
    for (const key of touched) {
      this.postings.delete(key);
      this.masks.delete(key);
    }
    if (this.garbage > this.flatLength - this.garbage + 1024) this.compact();
    if (this.slots !== before || this.live !== listedBefore) this.refreshViews();
    return { slots: [...written], appended: this.slots - before, touched };
  }

  /** Where a slot is in the order, or would be (by its sort keys): a binary search. */
  private positionIn(slot: number): number {
    let low = 0;
    let high = this.live;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.newer(this.order[middle] as number, slot) < 0) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  /** Drops the runs left behind by rewritten slots. */
  private compact(): void {
    const flat = new Uint32Array(Math.max(16, Math.ceil((this.flatLength - this.garbage) * 1.5)));
    let position = 0;
    for (let s = 0; s < this.slots; s++) {
      const at = s * this.stride;
      const start = this.bounds[at] as number;
      const shift = position - start;
      const end = this.bounds[at + this.facets.length] as number;
      flat.set(this.flat.subarray(start, end), position);
      position += end - start;
      for (let f = 0; f < this.stride; f++)
        this.bounds[at + f] = (this.bounds[at + f] as number) + shift;
    }
    this.flat = flat;
    this.flatLength = position;
    this.garbage = 0;
  }

  private readonly postings = new Map<string, Uint32Array>();

  /** Indexes of the items with a value, ascending (cached). */
  indexesWith(facet: F, value: string): Uint32Array {
    const key = keyOf(facet, value);
    let list = this.postings.get(key);
    if (!list) {
      const code = this.codeOfKey.get(key);
      const found: number[] = [];
      if (code !== undefined) {
        const f = this.facets.indexOf(facet);
        for (let i = 0; i < this.slots; i++) if (this.hasCode(i, f, code)) found.push(i);
      }
      list = Uint32Array.from(found);
      this.postings.set(key, list);
    }
    return list;
  }

  private readonly masks = new Map<string, Uint8Array>();

  /**
   * One byte per slot: 1 where the item has the value (cached). A mask made before items were
   * added is shorter than `size`: the slots past its end do not have the value.
   */
  maskWith(facet: F, value: string): Uint8Array {
    const key = keyOf(facet, value);
    let mask = this.masks.get(key);
    if (!mask) {
      mask = new Uint8Array(this.slots);
      for (const index of this.indexesWith(facet, value)) mask[index] = 1;
      this.masks.set(key, mask);
    }
    return mask;
  }

  indexOf(id: number): number | undefined {
    const slot = this.slotOfId.get(id);
    return slot !== undefined && this.aliveBuffer[slot] ? slot : undefined;
  }

  values(index: number, facet: F): string[] {
    const at = index * this.stride + this.facets.indexOf(facet);
    const out: string[] = [];
    for (let p = this.bounds[at] as number; p < (this.bounds[at + 1] as number); p++)
      out.push(this.valueOfCode[this.flat[p] as number] as string);
    return out;
  }

  private hasCode(index: number, f: number, code: number): boolean {
    const at = index * this.stride + f;
    const end = this.bounds[at + 1] as number;
    for (let p = this.bounds[at] as number; p < end; p++) if (this.flat[p] === code) return true;
    return false;
  }

  hasValue(index: number, facet: F, value: string): boolean {
    const code = this.codeOfKey.get(keyOf(facet, value));
    return code !== undefined && this.hasCode(index, this.facets.indexOf(facet), code);
  }

  /**
   * Filters candidates (all items, newest first, when `candidates` is null) by the selection
   * and counts every facet disjunctively. Candidates keep their order in `matching`.
   */
  filterAndCount(candidates: ArrayLike<number> | null, selection: Selection<F>): FacetCounts<F> {
    const active: number[] = [];
    this.facets.forEach((f, i) => {
      if ((selection[f]?.length ?? 0) > 0) active.push(i);
    });
    if (candidates === null && active.length === 0) {
      return {
        total: this.live,
        matching: this.newestFirst,
        counts: this.countsFrom(this.allCounts),
      };
    }
    const space = Math.max(this.valueOfCode.length, 1);
    const masks = active.map((f) => {
      const mask = new Uint8Array(space);
      for (const value of selection[this.facets[f] as F] ?? []) {
        const code = this.codeOfKey.get(keyOf(this.facets[f] as string, value));
        if (code !== undefined) mask[code] = 1;
      }
      return mask;
    });
    const { bounds, flat, stride } = this;
    const last = this.facets.length;
    const counters = new Uint32Array(space);
    const source = candidates ?? this.newestFirst;
    const matching = new Uint32Array(source.length);
    let total = 0;
    for (let c = 0; c < source.length; c++) {
      const i = source[c] as number;
      const at = i * stride;
      let failures = 0;
      let failed = -1;
      for (let a = 0; a < active.length; a++) {
        const f = active[a] as number;
        const mask = masks[a] as Uint8Array;
        const end = bounds[at + f + 1] as number;
        let has = false;
        for (let p = bounds[at + f] as number; p < end; p++)
          if (mask[flat[p] as number]) {
            has = true;
            break;
          }
        if (!has) {
          failures++;
          failed = f;
          if (failures > 1) break;
        }
      }
      if (failures === 0) {
        matching[total++] = i;
        const end = bounds[at + last] as number;
        for (let p = bounds[at] as number; p < end; p++) {
          const code = flat[p] as number;
          counters[code] = (counters[code] as number) + 1;
        }
      } else if (failures === 1) {
        const end = bounds[at + failed + 1] as number;
        for (let p = bounds[at + failed] as number; p < end; p++) {
          const code = flat[p] as number;
          counters[code] = (counters[code] as number) + 1;
        }
      }
    }
    return { total, matching: matching.subarray(0, total), counts: this.countsFrom(counters) };
  }

  private countsFrom(counters: Uint32Array): Record<F, Map<string, number>> {
    return Object.fromEntries(
      this.facets.map((facet, f) => {
        const map = new Map<string, number>();
        for (const code of this.facetCodes[f] ?? []) {
          const count = counters[code] as number;
          if (count > 0) map.set(this.valueOfCode[code] as string, count);
        }
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
