import type { Generated } from 'kysely';

/** A person's choice to receive messages through the site; no row means yes. */
export interface ContactPreferenceTable {
  user_id: number;
  accepts_messages: number;
  updated_at: string;
}

/** An organisation's choice to receive messages through the site; no row means yes. */
export interface OrganisationContactSettingTable {
  organisation_id: number;
  accepts_messages: number;
  updated_at: string;
}

export interface ContactMessageTable {
  id: Generated<number>;
  sender_user_id: number;
  /** 'person', 'organisation' or 'practice'. */
  recipient_kind: string;
  recipient_id: number;
  /** The recipient's name (or the practice's title) when the message was sent. */
  recipient_label: string;
  subject: string;
  body: string;
  created_at: string;
  /** SHA-256 of the token in the report link of the emails; the token itself is not kept. */
  report_token_hash: string;
  reported_at: string | null;
}

export interface ContactBanTable {
  user_id: number;
  banned_by: number | null;
  created_at: string;
}
