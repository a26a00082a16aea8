/**
 * How a city's self-assessment compares with others': pure functions over published scores, so
 * that every figure can be checked by hand.
 *
 * Who is compared:
 * - only published assessments (accepted and shared) made with the same framework version;
 * - each city once, with its latest published year;
 * - never the city itself;
 * - real assessments only with real ones, illustrative (demo) ones only with illustrative ones.
 *
 * "Cities like mine": the cities in the same UN M49 region (Africa, the Americas, Asia, Europe,
 * Oceania) and the same size band (`city-similarity.ts`: under 100,000 people, under 500,000,
 * under 2 million, larger), and, when the city's profile or its assessment gives its share of
 * residents born abroad, the same band of that share (under 10 %, under 25 %, more). A city whose size is
 * unknown is like no other, so that a group never holds cities only guessed to be alike; a city
 * whose foreign-born share is known is compared only with cities whose share is known and in its
 * band. Plain criteria a reader can check, rather than the similarity score of the peer pages,
 * which depends on practices that change every week.
 *
 * A group is shown for an area only when at least MIN_GROUP cities (other than this one) have a
 * score in it; otherwise only how many there are, so that nobody can work out a single city's
 * answers from a median of two or three.
 *
 * Quartiles are interpolated between the closest ranks (the method of R's default and of
 * spreadsheets' PERCENTILE.INC): for the sorted values x₀…xₙ₋₁, the p-quantile is at rank
 * h = (n − 1)·p, between x⌊h⌋ and x⌈h⌉.
 *
 *   quantile([10, 20, 30, 40], 0.25) // 17.5  (h = 0.75: 10 + 0.75 × 10)
 *   quantile([10, 20, 30, 40], 0.5)  // 25
 */

export const MIN_GROUP = 5;

/** A published assessment as the comparisons need it. */
export interface PublishedScores {
  cityId: number;
  year: number;
  frameworkVersion: string;
  illustrative: boolean;
  scores: Readonly<Record<string, number | null>>;
}

/** What makes two cities alike: their M49 region code, size band and foreign-born band, when known. */
export interface Likeness {
  regionCode: string | null;
  sizeBand: string | null;
  foreignBornBand?: string | null;
}

export type GroupFigure =
  | { shown: true; n: number; median: number; p25: number; p75: number }
  | { shown: false; n: number };

export interface PeerComparison {
  /** By area id. */
  like: Record<string, GroupFigure>;
  all: Record<string, GroupFigure>;
}

/** The p-quantile (0 ≤ p ≤ 1) of values sorted ascending; linear between the closest ranks. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const high = Math.ceil(h);
  const a = sorted[low] as number;
  const b = sorted[high] as number;
  return a + (h - low) * (b - a);
}

/** Median and quartiles of a group, or only its size when it is too small to show. */
export function summarise(values: readonly number[]): GroupFigure {
  if (values.length < MIN_GROUP) return { shown: false, n: values.length };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    shown: true,
    n: sorted.length,
    median: quantile(sorted, 0.5),
    p25: quantile(sorted, 0.25),
    p75: quantile(sorted, 0.75),
  };
}

export function isLike(own: Likeness, other: Likeness): boolean {
  return (
    own.regionCode !== null &&
    own.sizeBand !== null &&
    own.regionCode === other.regionCode &&
    own.sizeBand === other.sizeBand &&
    (own.foreignBornBand == null || own.foreignBornBand === other.foreignBornBand)
  );
}

/**
 * The assessments this one may be compared with: same framework version, same kind (real or
 * illustrative), other cities, each city's latest published year.
 */
export function comparable(
  own: Pick<PublishedScores, 'cityId' | 'frameworkVersion' | 'illustrative'>,
  published: readonly PublishedScores[],
): PublishedScores[] {
  const latest = new Map<number, PublishedScores>();
  for (const row of published) {
    if (row.cityId === own.cityId) continue;
    if (row.frameworkVersion !== own.frameworkVersion) continue;
    if (row.illustrative !== own.illustrative) continue;
    const known = latest.get(row.cityId);
    if (!known || row.year > known.year) latest.set(row.cityId, row);
  }
  return [...latest.values()];
}

function figures(
  rows: readonly PublishedScores[],
  areaIds: readonly string[],
): Record<string, GroupFigure> {
  const result: Record<string, GroupFigure> = {};
  for (const area of areaIds) {
    const values = rows
      .map((row) => row.scores[area])
      .filter((v): v is number => typeof v === 'number');
    result[area] = summarise(values);
  }
  return result;
}

/** The figures of "cities like mine" and of all cities, area by area. */
export function comparePeers(
  own: Pick<PublishedScores, 'cityId' | 'frameworkVersion' | 'illustrative'> & Likeness,
  published: readonly PublishedScores[],
  likenessOf: (cityId: number) => Likeness,
  areaIds: readonly string[],
): PeerComparison {
  const pool = comparable(own, published);
  return {
    like: figures(
      pool.filter((row) => isLike(own, likenessOf(row.cityId))),
      areaIds,
    ),
    all: figures(pool, areaIds),
  };
}

/**
 * The median of each area for each region with at least MIN_GROUP published cities (real
 * assessments only, each city's latest year, one framework version); regions with fewer are left
 * out, and so is an area scored by fewer than MIN_GROUP of a region's cities (null).
 */
export function regionMedians(
  published: readonly PublishedScores[],
  frameworkVersion: string,
  regionOf: (cityId: number) => string | null,
  areaIds: readonly string[],
): { regionCode: string; cities: number; medians: Record<string, number | null> }[] {
  const latest = comparable(
    { cityId: -1, frameworkVersion, illustrative: false },
    published.filter((row) => !row.illustrative),
  );
  const byRegion = new Map<string, PublishedScores[]>();
  for (const row of latest) {
    const region = regionOf(row.cityId);
    if (region === null) continue;
    byRegion.set(region, [...(byRegion.get(region) ?? []), row]);
  }
  return [...byRegion]
    .filter(([, rows]) => rows.length >= MIN_GROUP)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([regionCode, rows]) => {
      const all = figures(rows, areaIds);
      const medians: Record<string, number | null> = {};
      for (const area of areaIds) {
        const figure = all[area] as GroupFigure;
        medians[area] = figure.shown ? figure.median : null;
      }
      return { regionCode, cities: rows.length, medians };
    });
}

/**
 * The change in each area since an earlier assessment: null where either has no score.
 *
 *   changeSince({ a: 60, b: null }, { a: 45, b: 10 }) // { a: 15, b: null }
 */
export function changeSince(
  now: Readonly<Record<string, number | null>>,
  before: Readonly<Record<string, number | null>>,
): Record<string, number | null> {
  const result: Record<string, number | null> = {};
  for (const [area, value] of Object.entries(now)) {
    const previous = before[area];
    result[area] =
      typeof value === 'number' && typeof previous === 'number' ? value - previous : null;
  }
  return result;
}
