import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/index.ts';
import { countPracticesByLocatedCity, countriesInRegions } from '../practices/index.ts';
import { DISPLAY_FACETS, type FacetValue, type SearchFilters, search } from '../search/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { type MapGeometry, regionGeometry, worldGeometry } from './geometry.ts';

/** A labelled count: one bar of a chart, one row of its table. */
export interface Datum {
  id: string;
  label: string;
  count: number;
  /** Where the bar leads: a filtered list of the practices it counts. */
  href: string;
}

export interface MapCountry {
  code: string;
  name: string;
  count: number;
  /** Shading class, 0 (no practice) to 4. */
  shade: number;
  /** Path data, absent for countries too small to draw at this scale. */
  d?: string;
}

export interface MapCity {
  name: string;
  countryCode: string;
  count: number;
  x: number;
  y: number;
}

export interface PracticeMap {
  width: number;
  height: number;
  /** Every country drawn, those with practices included; plus those with practices but no outline. */
  countries: MapCountry[];
  cities: MapCity[];
  /** Lower bounds of shades 1–4, for the legend. */
  breaks: number[];
  total: number;
}

/**
 * Lower bounds of up to four shades for counts up to `max`, roughly even on a log scale, so that
 * one country with many practices does not wash every other one into the lightest shade.
 *
 *   shadeBreaks(3)   // [1, 2, 3]
 *   shadeBreaks(100) // [1, 5, 22, 100]: shades for 1–4, 5–21, 22–99, 100
 */
export function shadeBreaks(max: number): number[] {
  if (max <= 0) return [];
  const breaks = [1];
  for (let i = 1; i < 4; i++) {
    const next = Math.max(Math.round(max ** (i / 3)), (breaks.at(-1) as number) + 1);
    if (next > max) break;
    breaks.push(next);
  }
  return breaks;
}

function shadeOf(count: number, breaks: number[]): number {
  let shade = 0;
  breaks.forEach((lower, i) => {
    if (count >= lower) shade = i + 1;
  });
  return shade;
}

const EMPTY_FILTERS = Object.fromEntries(
  DISPLAY_FACETS.map((f) => [f, []]),
) as unknown as SearchFilters;

/**
 * Counts of published practices per value of every facet, under some filters: the same figures
 * the search page shows, taken from its in-memory facet store.
 */
async function facetCounts(
  db: Db,
  locale: Locale,
  filters: Partial<SearchFilters>,
): Promise<{ total: number; facets: Record<string, FacetValue[]> }> {
  const result = await search(db, {
    q: '',
    filters: { ...EMPTY_FILTERS, ...filters },
    page: 1,
    perPage: 1,
    sort: 'newest',
    locale,
    log: false,
  });
  return { total: result.total, facets: result.facets };
}

function mapOf(
  geometry: MapGeometry,
  counts: Map<string, { name: string; count: number }>,
  cities: Awaited<ReturnType<typeof countPracticesByLocatedCity>>,
  names: (code: string) => string,
): PracticeMap {
  const breaks = shadeBreaks(Math.max(0, ...[...counts.values()].map((c) => c.count)));
  const countries: MapCountry[] = [];
  for (const [code, d] of geometry.paths) {
    const count = counts.get(code)?.count ?? 0;
    countries.push({
      code,
      name: counts.get(code)?.name ?? names(code),
      count,
      shade: shadeOf(count, breaks),
      d,
    });
  }
  for (const [code, { name, count }] of counts)
    if (!geometry.paths.has(code))
      countries.push({ code, name, count, shade: shadeOf(count, breaks) });
  const placed: MapCity[] = [];
  for (const city of cities) {
    if (!counts.has(city.countryCode)) continue;
    const point = geometry.project(city.longitude, city.latitude);
    if (point)
      placed.push({
        name: city.name,
        countryCode: city.countryCode,
        count: city.count,
        x: point[0],
        y: point[1],
      });
  }
  // Smaller points last, so that a big city's point never hides a small one nearby.
  placed.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  let total = 0;
  for (const c of counts.values()) total += c.count;
  return {
    width: geometry.width,
    height: geometry.height,
    countries,
    cities: placed,
    breaks,
    total,
  };
}

/** The world map of published practices: countries shaded by count, cities as points. */
export async function getWorldMap(db: Db, locale: Locale): Promise<PracticeMap> {
  const [{ facets }, cities, places] = await Promise.all([
    facetCounts(db, locale, {}),
    countPracticesByLocatedCity(db),
    getPlaceIndex(db, locale),
  ]);
  const counts = new Map(
    (facets.country ?? []).map((c) => [c.id, { name: c.label, count: c.count }]),
  );
  return mapOf(worldGeometry(), counts, cities, (code) => places.country(code)?.name ?? code);
}

export interface Coverage {
  regions: { code: string; name: string }[];
  groups: {
    /** The policy area, or null for the cross-cutting themes. */
    area: { id: string; label: string } | null;
    rows: { id: string; label: string; counts: number[] }[];
  }[];
  /** Cells with fewer practices than this (and more than none) are marked thin. */
  thinBelow: number;
  max: number;
}

/** Published practices per theme (rows) and world region (columns). */
export async function getCoverage(db: Db, locale: Locale): Promise<Coverage> {
  const [taxonomy, places] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const regions = places.regions
    .filter((r) => r.level === 1)
    .map((r) => ({ code: r.code, name: r.name }));
  const perRegion = await Promise.all(
    regions.map(async (r) => {
      const { facets } = await facetCounts(db, locale, { region: [r.code] });
      return new Map((facets.theme ?? []).map((t) => [t.id, t.count]));
    }),
  );
  const row = (theme: { id: string; label: string }) => ({
    id: theme.id,
    label: theme.label,
    counts: perRegion.map((counts) => counts.get(theme.id) ?? 0),
  });
  const groups: Coverage['groups'] = taxonomy.list('policy-area').map((area) => ({
    area: { id: area.id, label: area.label },
    rows: taxonomy.themesOf(area.id).map(row),
  }));
  const crossCutting = taxonomy.list('theme').filter((t) => t.parentId === null);
  if (crossCutting.length > 0) groups.push({ area: null, rows: crossCutting.map(row) });
  const max = Math.max(0, ...groups.flatMap((g) => g.rows.flatMap((r) => r.counts)));
  // Thin is relative to the best-covered cell, but never below three practices.
  return { regions, groups, thinBelow: Math.max(3, Math.ceil(max / 10)), max };
}

export interface CoverageGap {
  theme: { id: string; label: string };
  region: { code: string; name: string };
  /** Published practices on the theme in the region. */
  published: number;
  /** 'none': no published practice; 'unevaluated': only emerging or not evaluated ones. */
  kind: 'none' | 'unevaluated';
}

/** The evidence levels that count as evaluated: a cell without one of them is a gap. */
const EVALUATED = ['effective', 'promising'];

/**
 * Themes × world regions with no published practice, or only practices whose evidence is
 * emerging or not evaluated: where a call for practices would fill the clearinghouse most.
 */
export async function getCoverageGaps(db: Db, locale: Locale): Promise<CoverageGap[]> {
  const [taxonomy, places] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const regions = places.regions
    .filter((r) => r.level === 1)
    .map((r) => ({ code: r.code, name: r.name }));
  const counted = await Promise.all(
    regions.map(async (r) => {
      const [all, evaluated] = await Promise.all([
        facetCounts(db, locale, { region: [r.code] }),
        facetCounts(db, locale, { region: [r.code], evidence: EVALUATED }),
      ]);
      const countsOf = (facets: Record<string, FacetValue[]>) =>
        new Map((facets.theme ?? []).map((t) => [t.id, t.count]));
      return { all: countsOf(all.facets), evaluated: countsOf(evaluated.facets) };
    }),
  );
  const gaps: CoverageGap[] = [];
  for (const theme of taxonomy.list('theme'))
    regions.forEach((region, i) => {
      const published = counted[i]?.all.get(theme.id) ?? 0;
      const evaluated = counted[i]?.evaluated.get(theme.id) ?? 0;
      if (evaluated === 0)
        gaps.push({
          theme: { id: theme.id, label: theme.label },
          region,
          published,
          kind: published === 0 ? 'none' : 'unevaluated',
        });
    });
  return gaps;
}

function searchHref(filters: Record<string, string>): string {
  return `/search?${new URLSearchParams(filters).toString()}`;
}

/** Practices per world region for a theme or a policy area. */
export async function getThemeChart(
  db: Db,
  locale: Locale,
  concept: { id: string; isPolicyArea: boolean },
): Promise<Datum[]> {
  const key = concept.isPolicyArea ? 'policy_area' : 'theme';
  const [{ facets }, places] = await Promise.all([
    facetCounts(db, locale, { [key]: [concept.id] }),
    getPlaceIndex(db, locale),
  ]);
  const counts = new Map((facets.region ?? []).map((r) => [r.id, r.count]));
  return places.regions
    .filter((r) => r.level === 1)
    .map((r) => ({
      id: r.code,
      label: r.name,
      count: counts.get(r.code) ?? 0,
      href: searchHref({ [key]: concept.id, region: r.code }),
    }));
}

/** Practices per theme in a country. */
export async function getCountryChart(db: Db, locale: Locale, code: string): Promise<Datum[]> {
  const { facets } = await facetCounts(db, locale, { country: [code] });
  return (facets.theme ?? [])
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((t) => ({
      id: t.id,
      label: t.label,
      count: t.count,
      href: searchHref({ theme: t.id, country: code }),
    }));
}

export interface RegionAtlas {
  map: PracticeMap | null;
  byTheme: Datum[];
  byCountry: Datum[];
}

/** A region's map, and its practices per theme and per country. */
export async function getRegionAtlas(
  db: Db,
  locale: Locale,
  regionCode: string,
): Promise<RegionAtlas> {
  const [{ facets }, places, cities] = await Promise.all([
    facetCounts(db, locale, { region: [regionCode] }),
    getPlaceIndex(db, locale),
    countPracticesByLocatedCity(db),
  ]);
  const byTheme = (facets.theme ?? [])
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count)
    .map((t) => ({
      id: t.id,
      label: t.label,
      count: t.count,
      href: searchHref({ theme: t.id, region: regionCode }),
    }));
  const byCountry = (facets.country ?? [])
    .filter((c) => c.count > 0)
    .map((c) => ({ id: c.id, label: c.label, count: c.count, href: `/countries/${c.id}` }));
  const members = countriesInRegions(places, [regionCode]);
  const geometry = regionGeometry(members);
  const counts = new Map(byCountry.map((c) => [c.id, { name: c.label, count: c.count }]));
  const names = (code: string) => places.country(code)?.name ?? code;
  const map = geometry ? mapOf(geometry, counts, cities, names) : null;
  if (map) {
    // Neighbours are drawn for context, unshaded and without links.
    const inRegion = new Set(members);
    for (const c of map.countries) if (!inRegion.has(c.code)) c.shade = -1;
  }
  return { map, byTheme, byCountry };
}
