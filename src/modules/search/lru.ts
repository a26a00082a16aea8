/**
 * A bounded map that forgets the least recently used entry first: for work done once per
 * distinct input (a text's words, a query's analysis, a page of results), where inputs follow a
 * long tail and memory must stay bounded whatever visitors type.
 */
export class Lru<K, V> {
  private readonly entries = new Map<K, V>();
  private weight = 0;

  /** `maxWeight` with `weigh`: a cap on the sum of the entries' weights (bytes), as well. */
  constructor(
    readonly maxEntries: number,
    private readonly weigh?: (value: V) => number,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Most recently used last: Map keeps insertion order, so the first entry is the oldest.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh?.(value) ?? 0;
    if (weight > this.maxWeight) return;
    this.entries.set(key, value);
    this.weight += weight;
    while (this.entries.size > this.maxEntries || this.weight > this.maxWeight) {
      const oldest = this.entries.keys().next().value as K;
      this.delete(oldest);
    }
  }

  delete(key: K): void {
    const value = this.entries.get(key);
    if (value === undefined) return;
    this.entries.delete(key);
    this.weight -= this.weigh?.(value) ?? 0;
  }

  clear(): void {
    this.entries.clear();
    this.weight = 0;
  }

  /** The value for `key`, computed once while it stays in the cache. */
  through(key: K, compute: () => V): V {
    let value = this.get(key);
    if (value === undefined) {
      value = compute();
      this.set(key, value);
    }
    return value;
  }
}
