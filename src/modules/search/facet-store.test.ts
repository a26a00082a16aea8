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

describe('topK', () => {
  it('keeps the k best, best first', () => {
    expect(topK([5, 1, 9, 3, 7], 3, (x) => x)).toEqual([9, 7, 5]);
    expect(topK([1, 2], 5, (x) => -x)).toEqual([1, 2]);
    expect(topK([1, 2], 0, (x) => x)).toEqual([]);
  });
});
