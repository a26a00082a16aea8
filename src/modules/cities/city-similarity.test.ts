import { describe, expect, it } from 'vitest';
import {
  type Candidate,
  foreignBornBandOf,
  type PeerTarget,
  rankPeers,
  shareProfile,
  sizeBandOf,
  weightedJaccard,
} from './city-similarity.ts';

const map = (entries: Record<string, number>) => new Map(Object.entries(entries));

function city(
  id: number,
  name: string,
  traits: Partial<Omit<Candidate, 'id' | 'name'>> = {},
): Candidate {
  return {
    id,
    name,
    themes: traits.themes ?? new Map(),
    targetGroups: traits.targetGroups ?? new Map(),
    sizeBand: traits.sizeBand ?? null,
    regionCodes: traits.regionCodes ?? [],
  };
}

// A large Southern European city working mostly on housing, with refugees.
const lisbon: PeerTarget = {
  themes: map({ housing: 1, health: 0.5 }),
  targetGroups: map({ refugees: 1 }),
  sizeBand: 'large',
  nearRegions: ['039'],
  broadRegions: ['150'],
  excludeId: 1,
};

const CANDIDATES: Candidate[] = [
  city(1, 'Lisbon', {
    themes: map({ housing: 1, health: 0.5 }),
    targetGroups: map({ refugees: 1 }),
    sizeBand: 'large',
    regionCodes: ['150', '039'],
  }),
  city(12, 'Zaragoza', { sizeBand: 'medium', regionCodes: ['150', '039'] }),
  city(4, 'Amman', {
    themes: map({ health: 1 }),
    targetGroups: map({ refugees: 1 }),
    sizeBand: 'large',
    regionCodes: ['142', '145'],
  }),
  city(9, 'Springfield', { sizeBand: 'medium' }),
  city(2, 'Porto', {
    themes: map({ housing: 1 }),
    targetGroups: map({ refugees: 1 }),
    sizeBand: 'large',
    regionCodes: ['150', '039'],
  }),
  city(5, 'Bogotá', {
    themes: map({ education: 1 }),
    targetGroups: map({ children: 1 }),
    sizeBand: 'small',
    regionCodes: ['019', '419'],
  }),
  city(8, 'Springfield', { sizeBand: 'medium' }),
  city(3, 'Berlin', {
    themes: map({ housing: 1, health: 0.5 }),
    sizeBand: 'metropolis',
    regionCodes: ['150', '155'],
  }),
  city(11, 'Valencia', { sizeBand: 'medium', regionCodes: ['150', '039'] }),
];

describe('cities like mine: the ranking', () => {
  it('orders a hand-made set of cities by the documented score, ties by name then id', () => {
    const ranked = rankPeers(lisbon, CANDIDATES, 20);
    expect(ranked.map((p) => `${p.name}#${p.id} ${p.score}`)).toEqual([
      // 0.40 × 2/3 + 0.25 × 1 + 0.20 × 1 + 0.15 × 1
      'Porto#2 0.866667',
      // 0.40 × 1 + 0 + 0.20 × 0.5 (neighbouring band) + 0.15 × 0.5 (same region only)
      'Berlin#3 0.575',
      // 0.40 × 0.5/2 + 0.25 × 1 + 0.20 × 1 + 0
      'Amman#4 0.55',
      // Only size (neighbouring band) and sub-region: a tie, broken by name.
      'Valencia#11 0.25',
      'Zaragoza#12 0.25',
      // The same name and score: broken by id.
      'Springfield#8 0.1',
      'Springfield#9 0.1',
    ]);
    // The city itself and a city with nothing in common are left out.
    expect(ranked.map((p) => p.id)).not.toContain(1);
    expect(ranked.map((p) => p.id)).not.toContain(5);
  });

  it('gives the order regardless of the order of the candidates', () => {
    const reversed = rankPeers(lisbon, [...CANDIDATES].reverse(), 20);
    expect(reversed.map((p) => p.id)).toEqual(rankPeers(lisbon, CANDIDATES, 20).map((p) => p.id));
  });

  it('says why: the themes and target groups in common, the size and the region', () => {
    const [porto, berlin] = rankPeers(lisbon, CANDIDATES, 2);
    expect(porto?.reasons).toEqual([
      { kind: 'themes', ids: ['housing'] },
      { kind: 'targetGroups', ids: ['refugees'] },
      { kind: 'size', same: true },
      { kind: 'region', code: '039', near: true },
    ]);
    expect(berlin?.reasons).toEqual([
      { kind: 'themes', ids: ['housing', 'health'] },
      { kind: 'size', same: false },
      { kind: 'region', code: '150', near: false },
    ]);
    expect(porto?.parts).toEqual({ themes: 0.666667, targetGroups: 1, size: 1, region: 1 });
  });

  it('keeps at most the number asked for', () => {
    expect(rankPeers(lisbon, CANDIDATES, 3).map((p) => p.name)).toEqual([
      'Porto',
      'Berlin',
      'Amman',
    ]);
  });

  it('ranks for a form: ticked themes weigh 1, the chosen region counts fully', () => {
    const form: PeerTarget = {
      themes: map({ health: 1 }),
      targetGroups: new Map(),
      sizeBand: null,
      nearRegions: ['145'],
      broadRegions: [],
    };
    const ranked = rankPeers(form, CANDIDATES, 20);
    // Amman: 0.40 × 1 + 0.15 × 1; Lisbon and Berlin also work on housing: 0.40 × 0.5/(1 + 1).
    expect(ranked.map((p) => `${p.name} ${p.score}`)).toEqual([
      'Amman 0.55',
      'Berlin 0.1',
      'Lisbon 0.1',
    ]);
  });
});

describe('cities like mine: the parts of the score', () => {
  it('computes a weighted Jaccard index', () => {
    expect(weightedJaccard(map({ a: 1, b: 0.5 }), map({ a: 0.5, c: 1 }))).toBeCloseTo(0.5 / 2.5);
    expect(weightedJaccard(new Map(), new Map())).toBe(0);
    expect(weightedJaccard(map({ a: 1 }), map({ a: 1 }))).toBe(1);
  });

  it('turns the concepts of a city’s practices into shares', () => {
    expect(shareProfile([['housing'], ['housing', 'health', 'health']])).toEqual(
      map({ housing: 1, health: 0.5 }),
    );
  });

  it('puts populations in size bands, unknown when missing', () => {
    expect(sizeBandOf(99_999)).toBe('small');
    expect(sizeBandOf(100_000)).toBe('medium');
    expect(sizeBandOf(499_999)).toBe('medium');
    expect(sizeBandOf(500_000)).toBe('large');
    expect(sizeBandOf(2_000_000)).toBe('metropolis');
    expect(sizeBandOf(null)).toBeNull();
    expect(sizeBandOf(0)).toBeNull();
  });

  it('puts foreign-born shares in bands, unknown when missing or not a share', () => {
    expect(foreignBornBandOf(0)).toBe('under-10');
    expect(foreignBornBandOf(9.9)).toBe('under-10');
    expect(foreignBornBandOf(10)).toBe('10-to-25');
    expect(foreignBornBandOf(24.9)).toBe('10-to-25');
    expect(foreignBornBandOf(25)).toBe('25-plus');
    expect(foreignBornBandOf(100)).toBe('25-plus');
    expect(foreignBornBandOf(null)).toBeNull();
    expect(foreignBornBandOf(101)).toBeNull();
    expect(foreignBornBandOf(Number.NaN)).toBeNull();
  });
});
