import type { Generated, Selectable } from 'kysely';

export const JOB_STATES = ['pending', 'running', 'done', 'failed', 'uncertain'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobTable {
  id: Generated<number>;
  kind: string;
  /** JSON. */
  payload: string;
  /** At most one job per key: enqueuing the same notification twice adds nothing. */
  dedupe_key: string | null;
  state: JobState;
  run_at: string;
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: string | null;
  last_error: string | null;
  created_at: string;
  finished_at: string | null;
}

export type JobRow = Selectable<JobTable>;
