import type { Generated, Selectable } from 'kysely';

export interface RegionTable {
  /** UN M49 code, e.g. '150' for Europe. */
  code: string;
  parent_code: string | null;
  /** 0 world, 1 region, 2 sub-region, 3 intermediate region (as in M49). */
  level: number;
}

export interface RegionTranslationTable {
  region_code: string;
  locale: string;
  name: string;
}

export interface CountryTable {
  /** ISO 3166-1 alpha-2. */
  code: string;
  alpha3: string;
  numeric_code: string;
  region_code: string | null;
  subregion_code: string | null;
  intermediate_region_code: string | null;
}

export interface CountryTranslationTable {
  country_code: string;
  locale: string;
  name: string;
  /** Other names in this language, separated by '|'. */
  synonyms: string;
}

export interface CityTable {
  id: Generated<number>;
  /** Null for a place kept as written because no gazetteer entry matched. */
  geonames_id: number | null;
  name: string;
  country_code: string;
  latitude: number | null;
  longitude: number | null;
  population: number | null;
  created_at: string;
}

export type CityRow = Selectable<CityTable>;
