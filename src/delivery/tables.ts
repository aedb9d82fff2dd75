import type { Generated } from 'kysely';

/** The team's suppression list (spec sending.md §8): one row per address, lower-cased; kept indefinitely. */
export interface SuppressionsTable {
  id: Generated<number>;
  team_id: number;
  email: string;
  /** hard_bounce | spam_complaint | unsubscribe | manual */
  reason: string;
  bounce_class: number | null;
  /** The transmission that caused it, when one did. */
  request_id: string | null;
  raw_reason: string | null;
  /** Which mail it blocks (spec §8 decision S18); a hard bounce blocks both. 0|1. */
  transactional: number;
  non_transactional: number;
  created_at: number;
}

export interface DeliveryTables {
  suppressions: SuppressionsTable;
}
