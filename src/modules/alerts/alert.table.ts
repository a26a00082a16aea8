import type { Generated, Selectable } from 'kysely';

export const FOLLOW_KINDS = ['practice', 'organisation', 'theme', 'country', 'search'] as const;
export type FollowKind = (typeof FOLLOW_KINDS)[number];

export const FREQUENCIES = ['daily', 'weekly', 'off'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface FollowTable {
  id: Generated<number>;
  user_id: number;
  kind: FollowKind;
  /** A practice or organisation id, a concept id, a country code, or a search's query string. */
  target: string;
  /** What it was called in the follower's language when they followed it. */
  label: string;
  created_at: string;
}

export interface AlertSettingTable {
  user_id: number;
  frequency: Generated<Frequency>;
  /** The end of the period the last digest covered (or when the first follow was made). */
  last_sent_at: string;
  unsubscribe_token: string;
}

export type FollowRow = Selectable<FollowTable>;
export type AlertSettingRow = Selectable<AlertSettingTable>;
