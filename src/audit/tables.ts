import type { Generated } from 'kysely';

export interface AuditEventsTable {
  id: Generated<number>;
  team_id: number | null;
  actor_type: 'user' | 'api_key' | 'system';
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: number;
  /** JSON object. */
  details: string;
}

export interface AuditTables {
  audit_events: AuditEventsTable;
}
