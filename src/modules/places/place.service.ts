import { createHash } from 'node:crypto';
import { ANONYMOUS } from '../../core/actor.ts';
import { forget, memo } from '../../core/cache.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { findSetting, upsertSetting } from '../../core/settings.ts';
import { nowIso } from '../../core/text.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { gazetteer } from './gazetteer.ts';
import * as places from './place.repository.ts';
import { countrySeeds, regionSeeds } from './reference-data.ts';

const REFERENCE_TTL_MS = 10 * 60_000;

/** Loads (or refreshes, when the packaged data changed) the countries and M49 regions. */
export async function ensurePlaces(db: Db): Promise<{ changed: boolean }> {
  const regions = regionSeeds();
  const countries = countrySeeds();
  const version = createHash('sha256')
    .update(JSON.stringify([regions, countries]))
    .digest('hex');
  if ((await findSetting(db, 'places_version')) === version) return { changed: false };
  // Packaged reference data, loaded at start-up: nobody's decision, so nothing to audit.
  await write(
    db,
    ANONYMOUS,
    async ({ trx, afterCommit }) => {
      await places.upsertRegions(trx, regions);
      await places.upsertCountries(trx, countries);
      await upsertSetting(trx, 'places_version', version);
      afterCommit(() => forget(db, 'places:'));
    },
    { contentChanged: true },
  );
  return { changed: true };
}

export interface CountryInfo extends places.CountryListing {}
export interface RegionInfo extends places.RegionListing {}

export interface PlaceIndex {
  countries: CountryInfo[];
  country(code: string): CountryInfo | undefined;
  regions: RegionInfo[];
  region(code: string): RegionInfo | undefined;
  /** The M49 region, sub-region and intermediate region of a country, broadest first. */
  regionsOfCountry(code: string): RegionInfo[];
}

export function getPlaceIndex(db: Db, locale: Locale): Promise<PlaceIndex> {
  return memo(db, `places:${locale}`, REFERENCE_TTL_MS, async () => {
    const [countries, regions] = await Promise.all([
      places.listCountries(db, locale),
      places.listRegions(db, locale),
    ]);
    const countryByCode = new Map(countries.map((c) => [c.code, c]));
    const regionByCode = new Map(regions.map((r) => [r.code, r]));
    return {
      countries,
      country: (code) => countryByCode.get(code.toUpperCase()),
      regions: regions.filter((r) => r.level > 0),
      region: (code) => regionByCode.get(code),
      regionsOfCountry(code) {
        const c = countryByCode.get(code);
        if (!c) return [];
        return [c.regionCode, c.subregionCode, c.intermediateRegionCode]
          .filter((x): x is string => x !== null)
          .map((x) => regionByCode.get(x))
          .filter((x): x is RegionInfo => x !== undefined);
      },
    };
  });
}

/**
 * Finds the city row for a place name within a country, creating it from the gazetteer when it is
 * new. A name the gazetteer does not know is kept as written (without coordinates), and reported.
 */
export interface ResolvedCity {
  cityId: number;
  /** 'exact', 'near' (one letter off, e.g. an exonym) or 'none' (kept as written). */
  match: 'exact' | 'near' | 'none';
  gazetteerName: string | null;
}

export async function resolveCity(
  db: Db,
  countryCode: string,
  name: string,
): Promise<ResolvedCity> {
  const found = (await gazetteer()).find(countryCode, name);
  if (found) {
    const { place } = found;
    const match = found.exact ? 'exact' : 'near';
    const existing = await places.findCityByGeonamesId(db, place.geonamesId);
    if (existing) return { cityId: existing.id, match, gazetteerName: place.name };
    const cityId = await places.insertCity(db, {
      geonames_id: place.geonamesId,
      name: place.name,
      country_code: countryCode,
      latitude: place.latitude,
      longitude: place.longitude,
      population: place.population,
      created_at: nowIso(),
    });
    return { cityId, match, gazetteerName: place.name };
  }
  const written = name.trim().replace(/\s+/g, ' ');
  const existing = await places.findUnmatchedCity(db, countryCode, written);
  if (existing) return { cityId: existing.id, match: 'none', gazetteerName: null };
  const cityId = await places.insertCity(db, {
    geonames_id: null,
    name: written,
    country_code: countryCode,
    latitude: null,
    longitude: null,
    population: null,
    created_at: nowIso(),
  });
  return { cityId, match: 'none', gazetteerName: null };
}

/**
 * Whether a place anywhere in the gazetteer has this name: search never "corrects" one. The
 * gazetteer is loaded on the first call, so only a search that has a correction to offer pays.
 */
/**
 * Names of the country's places a city name may have meant, when the gazetteer does not know
 * it as written (none when it does): `suggestCityNames('PT', 'Lisbonnn')` gives `['Lisbon']`.
 */
export async function suggestCityNames(countryCode: string, name: string): Promise<string[]> {
  const places = await gazetteer();
  if (places.find(countryCode, name)?.exact) return [];
  return [...new Set(places.suggest(countryCode, name).map((place) => place.name))];
}

export async function isPlaceName(name: string): Promise<boolean> {
  return (await gazetteer()).isPlaceName(name);
}
