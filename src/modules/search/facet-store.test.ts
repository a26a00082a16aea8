import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FACETS, type Facet, type FacetSourcePractice, FacetStore, topK } from './facet-store.ts';

function practice(id: number, values: Partial<Record<Facet, string[]>>): FacetSourcePractice {
  const empty = Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as Record<
    Facet,
    string[]
  >;
  return {
    id,
    updatedAt: id,
    startYear: 2000,
    evidence: 'emerging',
    values: { ...empty, ...values },
  };
}

describe('FacetStore', () => {
  const store = new FacetStore([
    practice(1, { theme: ['housing'], country: ['FR'], type: ['policy'] }),
    practice(2, { theme: ['housing', 'health'], country: ['ES'], type: ['service'] }),
    practice(3, { theme: ['health'], country: ['FR'], type: ['service'] }),
    practice(4, { theme: ['employment'], country: ['CA'], type: ['policy'] }),
  ]);

  it('filters with OR inside a facet and AND across facets', () => {
    const { matching } = store.filterAndCount(null, {
      theme: ['housing', 'health'],
      country: ['FR'],
    });
    expect(Array.from(matching, (i) => store.ids[i])).toEqual([3, 1]);
  });

  it('counts each facet with every other selection applied (disjunctive)', () => {
    const { counts } = store.filterAndCount(null, { theme: ['housing'], type: ['service'] });
    // Theme counts apply the type filter only: services are 2 and 3.
    expect(Object.fromEntries(counts.theme)).toEqual({ housing: 1, health: 2 });
    // Type counts apply the theme filter only: housing practices are 1 and 2.
    expect(Object.fromEntries(counts.type)).toEqual({ policy: 1, service: 1 });
    expect(Object.fromEntries(counts.country)).toEqual({ ES: 1 });
  });

  it('lists practices newest first when browsing', () => {
    expect(Array.from(store.filterAndCount(null, {}).matching, (i) => store.ids[i])).toEqual([
      4, 3, 2, 1,
    ]);
  });

  it('agrees with counting by brute force for any selection', () => {
    const themes = ['housing', 'health', 'employment'];
    fc.assert(
      fc.property(fc.subarray(themes), fc.subarray(['FR', 'ES', 'CA']), (theme, country) => {
        const selection = { theme, country };
        const { counts } = store.filterAndCount(null, selection);
        for (const t of themes) {
          const expected = [1, 2, 3, 4].filter((id) => {
            const i = store.indexOf(id) as number;
            return (
              store.values(i, 'theme').includes(t) &&
              (country.length === 0 || country.some((c) => store.values(i, 'country').includes(c)))
            );
          }).length;
          expect(counts.theme.get(t) ?? 0).toBe(expected);
        }
      }),
    );
  });
});

describe('FacetStore updated in place', () => {
  const themes = ['housing', 'health', 'employment'];
  const countries = ['FR', 'ES', 'CA', 'CL'];
  const item = (id: number, updatedAt: number, theme: string[], country: string) => ({
    ...practice(id, { theme, country: [country] }),
    updatedAt,
  });
  /** What a store says, by id: comparable between a store updated in place and one built anew. */
  function described(store: FacetStore) {
    const byId = (indexes: ArrayLike<number>) => Array.from(indexes, (i) => store.ids[i]);
    const selections = [{}, { theme: ['housing'] }, { country: ['FR', 'CL'], theme: ['health'] }];
    return {
      count: store.count,
      newestFirst: byId(store.newestFirst),
      values: byId(store.newestFirst).map((id) => {
        const i = store.indexOf(id as number) as number;
        return [id, store.values(i, 'theme').sort(), store.values(i, 'country')];
      }),
      filtered: selections.map((selection) => {
        const { total, matching, counts } = store.filterAndCount(null, selection);
        return { total, matching: byId(matching), counts };
      }),
      candidates: store.filterAndCount([...store.newestFirst].reverse(), { country: ['FR'] }).total,
      masks: [...themes.map((t) => ['theme', t]), ...countries.map((c) => ['country', c])].map(
        ([facet, value]) => {
          const mask = store.maskWith(facet as Facet, value as string);
          return [...store.newestFirst].filter((i) => mask[i]).map((i) => store.ids[i]);
        },
      ),
    };
  }

  it('moves an edited practice between counts, drops an archived one, adds a new one', () => {
    const store = new FacetStore([
      item(1, 10, ['housing'], 'FR'),
      item(2, 20, ['health'], 'FR'),
      item(3, 30, ['housing', 'health'], 'ES'),
    ]);
    // Cached masks before the change must not survive it.
    expect(store.maskWith('country', 'FR').filter((x) => x).length).toBe(2);
    store.update([item(1, 40, ['employment'], 'CL'), item(4, 5, ['housing'], 'FR')], [2]);
    const { counts, total } = store.filterAndCount(null, {});
    expect(total).toBe(3);
    expect(Object.fromEntries(counts.country)).toEqual({ CL: 1, ES: 1, FR: 1 });
    expect(Object.fromEntries(counts.theme)).toEqual({ employment: 1, housing: 2, health: 1 });
    expect(Array.from(store.newestFirst, (i) => store.ids[i])).toEqual([1, 3, 4]);
    expect(store.indexOf(2)).toBeUndefined();
    const fr = store.maskWith('country', 'FR');
    expect([1, 2, 3, 4].filter((id) => fr[store.indexOf(id) ?? -1])).toEqual([4]);
    const { matching } = store.filterAndCount(null, { country: ['FR', 'CL'] });
    expect(Array.from(matching, (i) => store.ids[i])).toEqual([1, 4]);
    // Back from the archive: in its old slot, counted again.
    store.update([item(2, 50, ['health'], 'ES')], []);
    expect(store.filterAndCount(null, {}).counts.country.get('ES')).toBe(2);
    expect(store.newestFirst[0]).toBe(store.indexOf(2));
  });

  it('says the same after many rewrites, once the codes left behind are dropped', () => {
    const listed = new Map<number, FacetSourcePractice>();
    for (let id = 1; id <= 20; id++) listed.set(id, item(id, id, ['housing'], 'FR'));
    const store = new FacetStore([...listed.values()]);
    for (let n = 0; n < 1500; n++) {
      const id = 1 + ((n * 7) % 20);
      const p = item(id, 100 + n, themes.slice(0, 1 + (n % 3)), countries[n % 4] as string);
      listed.set(id, p);
      store.update([p], []);
    }
    expect(described(store)).toEqual(described(new FacetStore([...listed.values()])));
  });

  it('says what a store built anew from the same practices says, after any changes', () => {
    const change = fc.record({
      id: fc.integer({ min: 1, max: 12 }),
      gone: fc.boolean(),
      updatedAt: fc.integer({ min: 0, max: 20 }),
      theme: fc.subarray(themes),
      country: fc.constantFrom(...countries),
    });
    fc.assert(
      fc.property(fc.array(fc.array(change, { maxLength: 6 }), { maxLength: 6 }), (batches) => {
        const listed = new Map<number, FacetSourcePractice>();
        for (let id = 1; id <= 6; id++)
          listed.set(id, item(id, id, [themes[id % 3] as string], 'FR'));
        const store = new FacetStore([...listed.values()]);
        described(store);
        for (const batch of batches) {
          const items = new Map<number, FacetSourcePractice>();
          const gone = new Set<number>();
          for (const c of batch) {
            if (c.gone) {
              gone.add(c.id);
              items.delete(c.id);
              listed.delete(c.id);
            } else {
              const p = item(c.id, c.updatedAt, c.theme, c.country);
              items.set(c.id, p);
              gone.delete(c.id);
              listed.set(c.id, p);
            }
          }
          store.update([...items.values()], [...gone]);
          const fresh = new FacetStore([...listed.values()].sort((a, b) => a.id - b.id));
          expect(described(store)).toEqual(described(fresh));
        }
      }),
    );
  });
});

describe('topK', () => {
  it('keeps the k best, best first', () => {
    expect(topK([5, 1, 9, 3, 7], 3, (x) => x)).toEqual([9, 7, 5]);
    expect(topK([1, 2], 5, (x) => -x)).toEqual([1, 2]);
    expect(topK([1, 2], 0, (x) => x)).toEqual([]);
  });
});
