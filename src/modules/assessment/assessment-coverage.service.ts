import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { listCityTraits } from '../cities/index.ts';
import { findCitiesByIds, getPlaceIndex } from '../places/index.ts';
import { regionMedians } from './assessment-peers.ts';
import * as repo from './assessment-results.repository.ts';
import { parseScores } from './assessment-results.service.ts';
import { currentFramework } from './framework.ts';

/** What the coverage page shows of self-assessments: regions' medians and the published results. */
export interface AssessmentCoverage {
  frameworkVersion: string;
  areas: { id: string; title: string }[];
  /** Only regions with at least five published cities (real assessments only). */
  regions: { code: string; name: string; cities: number; medians: Record<string, number | null> }[];
  /** Every published result, each city's newest year first. */
  published: {
    cityId: number;
    cityName: string;
    countryName: string;
    year: number;
    illustrative: boolean;
  }[];
}

export async function getAssessmentCoverage(db: Db, locale: Locale): Promise<AssessmentCoverage> {
  const framework = currentFramework();
  const rows = await repo.listPublishedScores(db);
  const cityIds = [...new Set(rows.map((r) => r.city_id))];
  const [traits, cities, places] = await Promise.all([
    listCityTraits(db, cityIds),
    findCitiesByIds(db, cityIds),
    getPlaceIndex(db, locale),
  ]);
  const cityById = new Map(cities.map((c) => [c.id, c]));
  const regions = regionMedians(
    rows.map((r) => ({
      cityId: r.city_id,
      year: r.year,
      frameworkVersion: r.framework_version,
      illustrative: r.illustrative === 1,
      scores: parseScores(r.scores),
    })),
    framework.version,
    (id) => traits.get(id)?.regionCode ?? null,
    framework.areas.map((a) => a.id),
  );
  const published = rows
    .map((r) => {
      const city = cityById.get(r.city_id);
      return {
        cityId: r.city_id,
        cityName: city?.name ?? '',
        countryName: city ? (places.country(city.country_code)?.name ?? city.country_code) : '',
        year: r.year,
        illustrative: r.illustrative === 1,
      };
    })
    .sort((a, b) => a.cityName.localeCompare(b.cityName, locale) || b.year - a.year);
  return {
    frameworkVersion: framework.version,
    areas: framework.areas.map((a) => ({ id: a.id, title: a.title[locale] })),
    regions: regions.map((r) => ({
      code: r.regionCode,
      name: places.region(r.regionCode)?.name ?? r.regionCode,
      cities: r.cities,
      medians: r.medians,
    })),
    published,
  };
}
