/**
 * "Cities like mine": how alike two cities are, as a documented score from 0 to 1. Pure, so the
 * ranking can be checked on hand-made fixtures; the cities page explains it in plain words
 * (cities.method.* in the catalogues), which must change with it.
 *
 *   score = 0.40 × themes + 0.25 × target groups + 0.20 × size + 0.15 × region
 *
 * - themes, target groups: a weighted Jaccard index over each city's profile, where a concept's
 *   weight is the share of the city's published practices tagged with it (0 to 1):
 *   Σ min(a, b) / Σ max(a, b). Shares rather than counts, so a city with many practices is not
 *   pushed away from a city with few that works on the same things.
 * - size: 1 in the same size band, 0.5 in the neighbouring band, 0 otherwise or when unknown.
 * - region: 1 when in the same UN M49 sub-region (or the region asked for), 0.5 in the same
 *   region only, 0 otherwise.
 * Ties are broken by city name, then by id, so the order never depends on the database.
 */

export const WEIGHTS = { themes: 0.4, targetGroups: 0.25, size: 0.2, region: 0.15 } as const;

/** Upper bounds of the size bands (people); the last band has none. */
export const SIZE_BAND_LIMITS = [100_000, 500_000, 2_000_000] as const;
export const SIZE_BANDS = ['small', 'medium', 'large', 'metropolis'] as const;
export type SizeBand = (typeof SIZE_BANDS)[number];

/**
 * Bands of the share of residents born abroad (per cent): under 10, under 25, 25 and more. Wide
 * on purpose: a city's own figure and its neighbour's are measured differently, so only a
 * difference of kind (a few, many, a large part) is worth comparing.
 */
export const FOREIGN_BORN_BAND_LIMITS = [10, 25] as const;
export const FOREIGN_BORN_BANDS = ['under-10', '10-to-25', '25-plus'] as const;
export type ForeignBornBand = (typeof FOREIGN_BORN_BANDS)[number];

export function foreignBornBandOf(share: number | null | undefined): ForeignBornBand | null {
  if (share === null || share === undefined || !(share >= 0) || share > 100) return null;
  const index = FOREIGN_BORN_BAND_LIMITS.findIndex((limit) => share < limit);
  return FOREIGN_BORN_BANDS[
    index === -1 ? FOREIGN_BORN_BANDS.length - 1 : index
  ] as ForeignBornBand;
}

export function sizeBandOf(population: number | null | undefined): SizeBand | null {
  if (population === null || population === undefined || !(population > 0)) return null;
  const index = SIZE_BAND_LIMITS.findIndex((limit) => population < limit);
  return SIZE_BANDS[index === -1 ? SIZE_BANDS.length - 1 : index] as SizeBand;
}

/** What is compared of a city: weights by concept id, its size band and its M49 regions. */
export interface CityTraits {
  themes: ReadonlyMap<string, number>;
  targetGroups: ReadonlyMap<string, number>;
  sizeBand: SizeBand | null;
}

export interface Candidate extends CityTraits {
  id: number;
  name: string;
  /** The city's region, sub-region and intermediate region codes (those it has). */
  regionCodes: readonly string[];
}

/** What peers are sought for: a city's traits, or what someone ticked in the form. */
export interface PeerTarget extends CityTraits {
  /** A match on any of these counts fully (sub-regions of a city, or the region chosen). */
  nearRegions: readonly string[];
  /** A match on any of these counts half (the broad region of a city). */
  broadRegions: readonly string[];
  /** Left out of the candidates (the city itself). */
  excludeId?: number;
}

export type Reason =
  | { kind: 'themes'; ids: string[] }
  | { kind: 'targetGroups'; ids: string[] }
  | { kind: 'size'; same: boolean }
  | { kind: 'region'; code: string; near: boolean };

export interface RankedPeer {
  id: number;
  name: string;
  score: number;
  parts: { themes: number; targetGroups: number; size: number; region: number };
  reasons: Reason[];
}

/** Σ min / Σ max over the union of keys; 0 when both are empty. */
export function weightedJaccard(
  a: ReadonlyMap<string, number>,
  b: ReadonlyMap<string, number>,
): number {
  let low = 0;
  let high = 0;
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key) ?? 0;
    const y = b.get(key) ?? 0;
    low += Math.min(x, y);
    high += Math.max(x, y);
  }
  return high === 0 ? 0 : low / high;
}

/** Concepts both sides have, the most weighty together first (then by id). */
function shared(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): string[] {
  return [...a.keys()]
    .filter((key) => (b.get(key) ?? 0) > 0 && (a.get(key) ?? 0) > 0)
    .sort(
      (x, y) =>
        Math.min(b.get(y) ?? 0, a.get(y) ?? 0) - Math.min(b.get(x) ?? 0, a.get(x) ?? 0) ||
        (x < y ? -1 : x > y ? 1 : 0),
    );
}

function sizeCloseness(a: SizeBand | null, b: SizeBand | null): number {
  if (a === null || b === null) return 0;
  const distance = Math.abs(SIZE_BANDS.indexOf(a) - SIZE_BANDS.indexOf(b));
  return distance === 0 ? 1 : distance === 1 ? 0.5 : 0;
}

/** Rounded so that sums in a different order still tie exactly. */
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

export function scorePeer(target: PeerTarget, candidate: Candidate): RankedPeer {
  const themes = weightedJaccard(target.themes, candidate.themes);
  const targetGroups = weightedJaccard(target.targetGroups, candidate.targetGroups);
  const size = sizeCloseness(target.sizeBand, candidate.sizeBand);
  const near = target.nearRegions.find((code) => candidate.regionCodes.includes(code));
  const broad = target.broadRegions.find((code) => candidate.regionCodes.includes(code));
  const region = near !== undefined ? 1 : broad !== undefined ? 0.5 : 0;
  const reasons: Reason[] = [];
  const sharedThemes = shared(target.themes, candidate.themes);
  if (sharedThemes.length > 0) reasons.push({ kind: 'themes', ids: sharedThemes });
  const sharedGroups = shared(target.targetGroups, candidate.targetGroups);
  if (sharedGroups.length > 0) reasons.push({ kind: 'targetGroups', ids: sharedGroups });
  if (size > 0) reasons.push({ kind: 'size', same: size === 1 });
  if (near !== undefined) reasons.push({ kind: 'region', code: near, near: true });
  else if (broad !== undefined) reasons.push({ kind: 'region', code: broad, near: false });
  return {
    id: candidate.id,
    name: candidate.name,
    score: round(
      WEIGHTS.themes * themes +
        WEIGHTS.targetGroups * targetGroups +
        WEIGHTS.size * size +
        WEIGHTS.region * region,
    ),
    parts: {
      themes: round(themes),
      targetGroups: round(targetGroups),
      size,
      region,
    },
    reasons,
  };
}

/** The candidates with anything in common, best first; ties by name, then id. */
export function rankPeers(
  target: PeerTarget,
  candidates: readonly Candidate[],
  limit: number,
): RankedPeer[] {
  return candidates
    .filter((c) => c.id !== target.excludeId)
    .map((c) => scorePeer(target, c))
    .filter((peer) => peer.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0) || a.id - b.id,
    )
    .slice(0, limit);
}

/**
 * A city's profile from its practices: for each concept, the share of the practices tagged
 * with it.
 *
 *   shareProfile([['housing'], ['housing', 'health']]) // Map { housing → 1, health → 0.5 }
 */
export function shareProfile(
  conceptsOfPractices: readonly (readonly string[])[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const concepts of conceptsOfPractices)
    for (const id of new Set(concepts)) counts.set(id, (counts.get(id) ?? 0) + 1);
  const total = conceptsOfPractices.length;
  return new Map([...counts].map(([id, n]) => [id, n / total]));
}
