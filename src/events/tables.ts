import type { Generated } from 'kysely';

export interface EventsTable {
  /** Insertion order; not the public id. */
  id: Generated<number>;
  /** Public, stable identifier (decimal string), the same in the API and in webhooks. */
  event_id: string;
  team_id: number;
  /** Contract API type: injection, delivery, bounce, delay, … */
  type: string;
  request_id: string;
  message_id: number | null;
  recipient: string | null;
  created_at: number;
  /** JSON: the full contract event object as GET /api/emails/events returns it. */
  data: string;
}

export interface EventTables {
  events: EventsTable;
}
