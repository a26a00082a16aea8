import type { Generated, Selectable } from 'kysely';

export const FACT_KINDS = ['population', 'foreign_born_share'] as const;
export type FactKind = (typeof FACT_KINDS)[number];

export interface CityFactTable {
  id: Generated<number>;
  city_id: number;
  /** One of FACT_KINDS: a head count, or a percentage (0 to 100). */
  kind: string;
  value: number;
  year: number;
  source_title: string;
  source_url: string;
  entered_by: number | null;
  entered_at: string;
}

export interface CityNetworkTable {
  id: Generated<number>;
  city_id: number;
  name: string;
  url: string;
  entered_by: number | null;
  entered_at: string;
}

export type CityFactRow = Selectable<CityFactTable>;
export type CityNetworkRow = Selectable<CityNetworkTable>;

/** What a city's municipality says of it, in one language; one row per city. */
export interface CityProfileTable {
  city_id: number;
  /** The BCP-47 tag of the language the texts are written in. */
  language: string;
  context: string | null;
  /** What the city offers peers: visits, mentoring, materials… */
  offers: string | null;
  looking_for: string | null;
  updated_by: number | null;
  updated_at: string;
}

/** A language the city speaks or serves in (a BCP-47 tag), in the order given. */
export interface CityProfileLanguageTable {
  city_id: number;
  position: number;
  language: string;
}

/** A public contact point: a name or service, and a public email or web address. */
export interface CityContactPointTable {
  city_id: number;
  position: number;
  name: string;
  role: string | null;
  email: string | null;
  url: string | null;
}

export type CityProfileRow = Selectable<CityProfileTable>;
export type CityContactPointRow = Selectable<CityContactPointTable>;
