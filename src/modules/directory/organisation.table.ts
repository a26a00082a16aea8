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
  /** When an editor gave the "verified" mark; null while unverified. */
  verified_at: string | null;
  verified_by: number | null;
}

export type OrganisationRow = Selectable<OrganisationTable>;

/** The description of an organisation, one row per language it is written in. */
export interface OrganisationTranslationTable {
  organisation_id: number;
  locale: string;
  description: string;
}

export interface OrganisationMemberTable {
  organisation_id: number;
  user_id: number;
  /** 'member' or 'admin' (an admin manages the members). */
  role: string;
  /** 1 when the person chose to be named on the public profile. */
  listed: number;
  joined_at: string;
}

/** An offer to join an organisation, emailed to an account; membership starts on acceptance. */
export interface OrganisationInvitationTable {
  /** SHA-256 of the token in the emailed link; the token itself is not kept. */
  token_hash: string;
  organisation_id: number;
  /** The account the invitation was sent to: the only one that may accept it. */
  user_id: number;
  /** The role offered: 'member' or 'admin'. */
  role: string;
  invited_by: number | null;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}

/**
 * A member's change to the profile of an organisation that published practices name, waiting for
 * an editor; one per organisation.
 */
export interface OrganisationChangeTable {
  organisation_id: number;
  proposed_by: number | null;
  /** The whole profile proposed, as JSON (see organisation-change.service.ts). */
  changes: string;
  created_at: string;
}

/**
 * A person's request to manage an organisation, with their evidence; an editor approves or
 * refuses it. One open claim per person and organisation.
 */
export interface OrganisationClaimTable {
  id: Generated<number>;
  organisation_id: number;
  user_id: number;
  /** Their role or title at the organisation, as they gave it. */
  role_title: string;
  /** An address at the organisation's domain, confirmed by a link sent to it. */
  email: string;
  /** An optional note or link. */
  note: string | null;
  /** 'pending', 'approved' or 'refused'. */
  state: string;
  /** SHA-256 of the token in the confirmation link; null once used. */
  email_token_hash: string | null;
  email_confirmed_at: string | null;
  created_at: string;
  decided_at: string | null;
  decided_by: number | null;
  /** The editor's reason for a refusal. */
  reason: string | null;
}
