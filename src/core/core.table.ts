import type { Generated } from 'kysely';

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  /** JSON; never passwords, tokens or addresses. */
  details: string;
  created_at: string;
}

export interface ThrottleTable {
  key: string;
  count: number;
  reset_at: string;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

/** Idempotency-Key claims and the answers they replay (`core/idempotency.ts`). */
export interface IdempotencyKeyTable {
  user_id: number;
  /** Method and route pattern, e.g. "PATCH /api/v1/events/:eventSlug". */
  route: string;
  /** SHA-256 of the client's key: the key itself is never stored. */
  key_hash: string;
  /** SHA-256 of the path and body, to tell a repeat from another request under the same key. */
  request_hash: string;
  state: 'processing' | 'done';
  /** The id of the request that holds the key while it is processing. */
  claim: string;
  status: number | null;
  /** JSON object of the headers replayed (Location, Content-Type). */
  headers: string | null;
  body: string | null;
  created_at: string;
  expires_at: string;
}
