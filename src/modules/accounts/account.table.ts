import type { Generated, Selectable } from 'kysely';

export interface UserTable {
  id: Generated<number>;
  /** Lower case; never shown to other users, in any page, API or export. */
  email: string;
  email_verified_at: string | null;
  /** argon2id. */
  password_hash: string;
  name: string;
  organisation_id: number | null;
  country_code: string | null;
  role: string;
  /** Preferred UI language, for email. */
  locale: string;
  /**
   * Neither is read or written any more: failed sign-ins are counted in `throttles` by email
   * address and client instead, so that a stranger cannot lock an account. Kept so existing
   * databases need no migration.
   */
  failed_logins: Generated<number>;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
  /**
   * Set on the stand-in left by a deleted account whose part in the editorial record (reviews,
   * conflict statements) is kept without their name; such a row has no address and never signs in.
   */
  deleted_at: string | null;
}

export interface SessionTable {
  /** SHA-256 of the cookie's token. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface EmailTokenTable {
  /** SHA-256 of the token in the emailed link. */
  id: string;
  user_id: number;
  purpose: string;
  /** The address the link was sent to (the new one, for a change of address). */
  email: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface ApiTokenTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  /** Comma-separated: read, write. */
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export type UserRow = Selectable<UserTable>;
