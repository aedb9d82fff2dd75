// The event log. Every event is a row first, written here and only here, inside the transaction that caused it;
// webhook fan-out and the read API both start from these rows.
import { metrics } from '../http/metrics.js';
import type { Executor } from '../db/index.js';
import { randomDecimalId } from './ids.js';

export { randomDecimalId } from './ids.js';

export interface NewEvent {
  teamId: number;
  /** Contract API type: injection, delivery, bounce, delay, policy_rejection, generation_failure, … */
  type: string;
  requestId: string;
  messageId?: number | null;
  recipient?: string | null;
  /** Epoch ms; defaults to now. */
  at?: number;
  /** The type's contract fields (without event_id, type, timestamp, request_id: those are added here). */
  fields: Record<string, unknown>;
}

export interface RecordedEvent {
  eventId: string;
  teamId: number;
  type: string;
  requestId: string;
  data: Record<string, unknown>;
}

export async function recordEvents(db: Executor, events: NewEvent[]): Promise<RecordedEvent[]> {
  if (events.length === 0) return [];
  for (const e of events) {
    metrics.events.inc({ type: e.type });
    if (e.type === 'bounce') metrics.bounces.inc({ bounce_class: String((e.fields as { bounce_class?: unknown }).bounce_class ?? 'unknown') });
  }
  const now = Date.now();
  const recorded = events.map((e) => {
    const at = e.at ?? now;
    const eventId = randomDecimalId();
    const data = { event_id: eventId, type: e.type, timestamp: new Date(at).toISOString(), request_id: e.requestId, ...e.fields };
    return { e, at, eventId, data };
  });
  // Chunked so a 50-recipient request stays within SQLite's bound-parameter limit.
  for (let i = 0; i < recorded.length; i += 100) {
    await db
      .insertInto('events')
      .values(
        recorded.slice(i, i + 100).map(({ e, at, eventId, data }) => ({
          event_id: eventId,
          team_id: e.teamId,
          type: e.type,
          request_id: e.requestId,
          message_id: e.messageId ?? null,
          recipient: e.recipient ?? null,
          created_at: at,
          data: JSON.stringify(data),
        })),
      )
      .execute();
  }
  return recorded.map(({ e, eventId, data }) => ({ eventId, teamId: e.teamId, type: e.type, requestId: e.requestId, data }));
}

// The contract event model (sending owns it; delivery and webhooks build and read events with it).
export { EVENT_TYPES, isEventType, commonEventFields, injectionFields, type EventType, type EventData, type RecipientEventContext } from './model.js';
export { mailboxProvider, MAILBOX_PROVIDER_REGION } from './mailbox-provider.js';
export { deriveEmailState, deriveScheduledState, type EmailState, type ScheduledState } from './state.js';
export { presentEmailEvent, presentTransmission, type EventRecord } from './presenters.js';
export { eventsOfRequest } from './store.js';
