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
