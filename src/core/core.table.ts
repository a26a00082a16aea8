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
