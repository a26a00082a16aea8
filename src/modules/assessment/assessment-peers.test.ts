import { describe, expect, it } from 'vitest';
import {
  changeSince,
  comparable,
  comparePeers,
  isLike,
  type Likeness,
  type PublishedScores,
  quantile,
  regionMedians,
  summarise,
} from './assessment-peers.ts';

// Every expected figure below is worked out by hand in the comment beside it.

const row = (
  cityId: number,
  scores: Record<string, number | null>,
  extra: Partial<PublishedScores> = {},
): PublishedScores => ({
  cityId,
  year: 2026,
  frameworkVersion: '2026.1',
  illustrative: false,
  scores,
  ...extra,
});

describe('quantile', () => {
  it('interpolates between the closest ranks', () => {
    // n = 4: h = 3 × 0.25 = 0.75 → 10 + 0.75 × (20 − 10) = 17.5
    expect(quantile([10, 20, 30, 40], 0.25)).toBe(17.5);
    // h = 1.5 → 20 + 0.5 × 10 = 25
    expect(quantile([10, 20, 30, 40], 0.5)).toBe(25);
    // h = 2.25 → 30 + 0.25 × 10 = 32.5
    expect(quantile([10, 20, 30, 40], 0.75)).toBe(32.5);
    expect(quantile([7], 0.75)).toBe(7);
  });
});

describe('summarise', () => {
  it('gives the median and quartiles of five values', () => {
    // sorted 40 55 70 80 100; h = 4p: median x₂ = 70, p25 x₁ = 55, p75 x₃ = 80
    expect(summarise([100, 40, 80, 55, 70])).toEqual({
      shown: true,
      n: 5,
      median: 70,
      p25: 55,
      p75: 80,
    });
  });

  it('interpolates with six values', () => {
    // h = 5p: median 2.5 → 30 + 0.5 × 10 = 35; p25 1.25 → 20 + 2.5 = 22.5; p75 3.75 → 40 + 7.5 = 47.5
    expect(summarise([60, 10, 50, 20, 40, 30])).toEqual({
      shown: true,
      n: 6,
      median: 35,
      p25: 22.5,
      p75: 47.5,
    });
  });

  it('shows nothing but the count for a group of four', () => {
    expect(summarise([10, 20, 30, 40])).toEqual({ shown: false, n: 4 });
  });
});

describe('comparable', () => {
  it('keeps each other city once, at its latest year, of the same version and kind', () => {
    const rows = [
      row(1, { a: 10 }), // the city itself
      row(2, { a: 20 }, { year: 2025 }),
      row(2, { a: 30 }), // latest of city 2
      row(3, { a: 40 }, { frameworkVersion: '2025.1' }), // another version
      row(4, { a: 50 }, { illustrative: true }), // illustrative, this one is real
      row(5, { a: 60 }),
    ];
    const result = comparable({ cityId: 1, frameworkVersion: '2026.1', illustrative: false }, rows);
    expect(result.map((r) => [r.cityId, r.scores.a])).toEqual([
      [2, 30],
      [5, 60],
    ]);
  });

  it('compares illustrative assessments only with illustrative ones', () => {
    const rows = [row(2, { a: 20 }), row(3, { a: 30 }, { illustrative: true })];
    const result = comparable({ cityId: 1, frameworkVersion: '2026.1', illustrative: true }, rows);
    expect(result.map((r) => r.cityId)).toEqual([3]);
  });
});

describe('comparePeers', () => {
  const europeMedium: Likeness = { regionCode: '150', sizeBand: 'medium' };
  const likeness = new Map<number, Likeness>([
    [2, europeMedium],
    [3, europeMedium],
    [4, europeMedium],
    [5, europeMedium],
    [6, { regionCode: '150', sizeBand: 'large' }],
    [7, { regionCode: '002', sizeBand: 'medium' }],
    [8, { regionCode: '150', sizeBand: null }],
  ]);
  const likenessOf = (id: number) => likeness.get(id) ?? { regionCode: null, sizeBand: null };
  const own = { cityId: 1, frameworkVersion: '2026.1', illustrative: false, ...europeMedium };

  it('shows nothing for four cities like mine, and the figures of all seven', () => {
    const rows = [
      row(2, { a: 10, b: 50 }),
      row(3, { a: 20, b: null }),
      row(4, { a: 30, b: 70 }),
      row(5, { a: 40, b: 80 }),
      row(6, { a: 50, b: 90 }),
      row(7, { a: 60, b: 100 }),
      row(8, { a: 70, b: 60 }),
    ];
    const result = comparePeers(own, rows, likenessOf, ['a', 'b']);
    // Like mine: cities 2–5 only (6 is larger, 7 in Africa, 8 of unknown size).
    expect(result.like.a).toEqual({ shown: false, n: 4 });
    expect(result.like.b).toEqual({ shown: false, n: 3 });
    // All: a = 10…70 (n 7, h = 6p): median x₃ = 40, p25 h 1.5 → 25, p75 h 4.5 → 55
    expect(result.all.a).toEqual({ shown: true, n: 7, median: 40, p25: 25, p75: 55 });
    // b without city 3's null: 50 60 70 80 90 100 (h = 5p): median 75, p25 1.25 → 62.5, p75 3.75 → 87.5
    expect(result.all.b).toEqual({ shown: true, n: 6, median: 75, p25: 62.5, p75: 87.5 });
  });

  it('shows the median once five cities like mine have published', () => {
    likeness.set(9, europeMedium);
    const rows = [2, 3, 4, 5, 9].map((id, i) => row(id, { a: [90, 15, 45, 30, 60][i] ?? 0 }));
    // sorted 15 30 45 60 90: median 45, p25 30, p75 60
    expect(comparePeers(own, rows, likenessOf, ['a']).like.a).toEqual({
      shown: true,
      n: 5,
      median: 45,
      p25: 30,
      p75: 60,
    });
    likeness.delete(9);
  });

  it('finds no like cities when the city’s own size is unknown', () => {
    expect(
      isLike({ regionCode: '150', sizeBand: null }, { regionCode: '150', sizeBand: null }),
    ).toBe(false);
  });

  it('also asks the same foreign-born band when the city’s own share is known', () => {
    const own = { regionCode: '150', sizeBand: 'large', foreignBornBand: '10-to-25' };
    expect(isLike(own, { ...own })).toBe(true);
    expect(isLike(own, { ...own, foreignBornBand: '25-plus' })).toBe(false);
    // A share not known is not guessed to be in the band.
    expect(isLike(own, { ...own, foreignBornBand: null })).toBe(false);
    // A city that does not know its own share is compared on region and size only.
    const unknown = { ...own, foreignBornBand: null };
    expect(isLike(unknown, { ...own, foreignBornBand: '25-plus' })).toBe(true);
    expect(isLike(unknown, { ...own, sizeBand: 'small' })).toBe(false);
  });
});

describe('regionMedians', () => {
  it('gives the median of regions with five cities and leaves out smaller ones', () => {
    const regionOf = (id: number) => (id <= 5 ? '150' : '019');
    const rows = [
      row(1, { a: 20, b: 10 }),
      row(2, { a: 40, b: null }),
      row(3, { a: 60, b: 30 }),
      row(4, { a: 80, b: 50 }),
      row(5, { a: 100, b: 70 }),
      row(6, { a: 10, b: 10 }),
      row(7, { a: 10, b: 10 }),
      row(8, { a: 50, b: 50 }, { illustrative: true }),
    ];
    // Europe: a = 20 40 60 80 100 → 60; b has four scores → null. The Americas: two cities → left out.
    expect(regionMedians(rows, '2026.1', regionOf, ['a', 'b'])).toEqual([
      { regionCode: '150', cities: 5, medians: { a: 60, b: null } },
    ]);
  });
});

describe('changeSince', () => {
  it('subtracts area by area, null where either year has no score', () => {
    expect(changeSince({ a: 60, b: null, c: 40 }, { a: 45, b: 10, c: 55 })).toEqual({
      a: 15,
      b: null,
      c: -15,
    });
  });
});
