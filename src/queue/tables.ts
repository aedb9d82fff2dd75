import type { Generated } from 'kysely';

export interface JobsTable {
  id: Generated<number>;
  queue: string;
  /** Lanes keep classes of work apart on one queue (e.g. transactional vs bulk mail). */
  lane: string;
  /** JSON. */
  payload: string;
  team_id: number | null;
  run_at: number;
  attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  /** Set when the job gave up for good; kept as a dead letter for inspection. */
  failed_at: number | null;
  /** Optional uniqueness key: at most one live job per key (e.g. one re-verify job per domain). */
  dedupe_key: string | null;
  created_at: number;
}

export interface QueueTables {
  jobs: JobsTable;
}
