import type { Generated, Selectable } from 'kysely';

export interface OrganisationTable {
  id: Generated<number>;
  slug: string;
  name: string;
  /** The name folded for matching: lower case, no diacritics, single spaces. */
  name_key: string;
  /** An actor-type concept id. */
  type: string | null;
  country_code: string | null;
  city_id: number | null;
  website: string | null;
  created_at: string;
  updated_at: string;
}

export type OrganisationRow = Selectable<OrganisationTable>;
