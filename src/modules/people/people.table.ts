import type { Selectable } from 'kysely';

/** A person's public profile; shown only while `listed` is 1 (their own choice). */
export interface PeopleProfileTable {
  user_id: number;
  listed: number;
  headline: string;
  /** The organisation the person chose to name; shown only on a listed profile. */
  organisation_id: number | null;
  /**
   * The organisation the person named when they are not one of its members: their own words,
   * shown marked as unverified, never linked.
   */
  organisation_name: string | null;
  /** Plain text. */
  bio: string;
  created_at: string;
  updated_at: string;
}

export type PeopleProfileRow = Selectable<PeopleProfileTable>;

export interface PeopleProfileThemeTable {
  user_id: number;
  theme_id: string;
}

export interface PeopleProfileLanguageTable {
  user_id: number;
  /** BCP-47 tag. */
  language: string;
  /** The order the person gave. */
  position: number;
}

export interface PeopleProfileRegionTable {
  user_id: number;
  /** UN M49 region code. */
  region_code: string;
}
