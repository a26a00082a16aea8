import type { CountryInfo } from '../places/index.ts';
import type { Overview } from '../practices/index.ts';

/** Pure functions that pick the public fields: a country without practices counts 0. */
export function presentCountries(
  locale: string,
  countries: CountryInfo[],
  counted: Overview['countries'],
) {
  const counts = new Map(counted.map((c) => [c.code, c.count]));
  return {
    locale,
    total: countries.length,
    results: countries.map((c) => ({
      code: c.code,
      name: c.name,
      region: c.regionCode,
      subregion: c.subregionCode,
      intermediate_region: c.intermediateRegionCode,
      practices: counts.get(c.code) ?? 0,
    })),
  };
}
