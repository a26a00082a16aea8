import { NotFoundError } from '../../core/errors.ts';
import { LOCALES, type Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { countOrganisations } from '../directory/index.ts';
import { getPlaceIndex } from '../places/index.ts';
import type { Concept } from '../taxonomy/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { countriesInRegions, loadCards, type PracticeCard } from './practice.service.ts';
import * as counts from './practice-count.repository.ts';
import * as lists from './practice-list.repository.ts';

/**
 * Practices counted: by policy area, theme, region and country for the home and browse pages,
 * per sub-region for a region's page, and the totals of `clearinghouse stats`.
 */

export interface CountedConcept extends Concept {
  count: number;
}

export interface Overview {
  total: number;
  policyAreas: (CountedConcept & { themes: CountedConcept[] })[];
  crossCuttingThemes: CountedConcept[];
  regions: { code: string; name: string; count: number }[];
  countries: { code: string; name: string; count: number }[];
  latest: PracticeCard[];
}

/** Counts for the home page and the browse pages: policy areas, themes, regions, countries. */
export async function getOverview(db: Db, locale: Locale, latestCount = 6): Promise<Overview> {
  const [taxonomy, places, total, byTheme, byArea, byCountry, latest] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
    counts.countPractices(db),
    counts.countPracticesByConcept(db, 'theme'),
    counts.countPracticesByPolicyArea(db),
    counts.countPracticesByCountry(db),
    lists.listPracticeIds(db, {
      conceptSets: [],
      countrySets: [],
      types: [],
      evidence: [],
      sort: 'newest',
      limit: latestCount,
      offset: 0,
    }),
  ]);
  const themeCount = new Map(byTheme.map((r) => [r.id, r.count]));
  const areaCount = new Map(byArea.map((r) => [r.id, r.count]));
  const withCount = (c: Concept): CountedConcept => ({ ...c, count: themeCount.get(c.id) ?? 0 });
  const regionCount = new Map<string, number>();
  for (const { code, count } of byCountry) {
    for (const region of places.regionsOfCountry(code))
      regionCount.set(region.code, (regionCount.get(region.code) ?? 0) + count);
  }
  return {
    total,
    policyAreas: taxonomy.list('policy-area').map((area) => ({
      ...area,
      count: areaCount.get(area.id) ?? 0,
      themes: taxonomy.themesOf(area.id).map(withCount),
    })),
    crossCuttingThemes: taxonomy
      .list('theme')
      .filter((t) => t.parentId === null)
      .map(withCount),
    regions: places.regions
      .filter((r) => r.level === 1)
      .map((r) => ({ code: r.code, name: r.name, count: regionCount.get(r.code) ?? 0 })),
    countries: byCountry
      .map((c) => ({ code: c.code, name: places.country(c.code)?.name ?? c.code, count: c.count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, locale)),
    latest: await loadCards(db, locale, latest.ids),
  };
}

/** Counts per sub-region of a region (or per country of a sub-region), for region pages. */
export async function countByPlaceWithin(db: Db, locale: Locale, regionCode: string) {
  const [places, byCountry] = await Promise.all([
    getPlaceIndex(db, locale),
    counts.countPracticesByCountry(db),
  ]);
  const region = places.region(regionCode);
  if (!region)
    throw new NotFoundError(
      'region_not_found',
      `No region has the code "${regionCode.slice(0, 10)}".`,
    );
  const countryCount = new Map(byCountry.map((c) => [c.code, c.count]));
  const children = places.regions.filter((r) => r.parentCode === regionCode);
  const countriesHere = places.countries.filter((c) =>
    [c.regionCode, c.subregionCode, c.intermediateRegionCode].includes(regionCode),
  );
  return {
    region,
    parent: region.parentCode ? (places.region(region.parentCode) ?? null) : null,
    subregions: children.map((child) => ({
      code: child.code,
      name: child.name,
      count: countriesInRegions(places, [child.code]).reduce(
        (sum, code) => sum + (countryCount.get(code) ?? 0),
        0,
      ),
    })),
    countries: countriesHere
      .map((c) => ({ code: c.code, name: c.name, count: countryCount.get(c.code) ?? 0 }))
      .filter((c) => c.count > 0)
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, locale)),
    total: countriesHere.reduce((sum, c) => sum + (countryCount.get(c.code) ?? 0), 0),
  };
}

export interface Stats {
  practices: number;
  organisations: number;
  cities: number;
  countries: number;
  byPolicyArea: { id: string; count: number }[];
  byRegion: { code: string; name: string; count: number }[];
  byLanguage: { value: string | null; count: number }[];
  byType: { value: string | null; count: number }[];
  byEvidence: { value: string | null; count: number }[];
}

export async function getStats(db: Db): Promise<Stats> {
  const overview = await getOverview(db, 'en', 0);
  const [organisations, cities, byLanguage, byType, byEvidence] = await Promise.all([
    countOrganisations(db),
    counts.countDistinctCities(db),
    counts.countPracticesByColumn(db, 'language'),
    counts.countPracticesByColumn(db, 'type'),
    counts.countPracticesByColumn(db, 'evidence_level'),
  ]);
  return {
    practices: overview.total,
    organisations,
    cities,
    countries: overview.countries.length,
    byPolicyArea: overview.policyAreas.map((a) => ({ id: a.id, count: a.count })),
    byRegion: overview.regions,
    byLanguage: byLanguage.sort((a, b) => b.count - a.count),
    byType: byType.sort((a, b) => b.count - a.count),
    byEvidence: byEvidence.sort((a, b) => b.count - a.count),
  };
}

export interface LanguageCoverage {
  locale: Locale;
  /** Published practices written in this language. */
  originals: number;
  /** Published practices translated into it. */
  translations: number;
  /** Readable in it, original or translation. */
  readable: number;
  /** `readable` over every published practice, 0 to 1. */
  share: number;
}

/** How many published practices a reader of each of the six languages can read. */
export async function getTranslationCoverage(db: Db): Promise<LanguageCoverage[]> {
  const { total, originals, translations } = await counts.countReadableByLanguage(db);
  const countIn = (rows: { language: string; count: number }[], locale: Locale) =>
    rows.find((r) => r.language === locale)?.count ?? 0;
  return LOCALES.map((locale) => {
    const written = countIn(originals, locale);
    const translated = countIn(translations, locale);
    const readable = written + translated;
    return {
      locale,
      originals: written,
      translations: translated,
      readable,
      share: total === 0 ? 0 : readable / total,
    };
  });
}
