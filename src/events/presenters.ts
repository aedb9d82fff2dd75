// Event rows → the contract's JSON: EmailEvent (GET /emails/events, detail `events[]`), SentEmailListItem
// (GET /emails), the paged envelope, and the detail / scheduled-transmission shape (spec sending.md §3, §4).
import type { EventData, EventType } from './model.js';
import type { EmailState, ScheduledState } from './state.js';

/** The columns presenters need from an `events` row (foundation table; `data` already parsed). */
export interface EventRecord {
  id: number;
  eventId: string;
  type: EventType;
  requestId: string | null;
  recipient: string | null;
  createdAt: number;
  data: Record<string, unknown>;
}

/** ISO 8601 with a numeric offset and no fraction, as the contract's range and scheduled_at samples are written. */
export function isoSeconds(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
}

/**
 * The stored object is canonical (rcpt_meta an object, decision S17). The contract types an EmailEvent's
 * `rcpt_meta` as array|null, so here it becomes `[]` when there is no metadata and `[metadata]` otherwise:
 * the schema holds and nothing the caller attached is lost.
 */
export function presentEmailEvent(record: EventRecord): EventData {
  const data = record.data;
  const meta = data.rcpt_meta;
  const rcptMeta = meta === null || meta === undefined ? null
    : Array.isArray(meta) ? meta
      : typeof meta === 'object' && Object.keys(meta).length > 0 ? [meta] : [];
  return {
    ...data,
    // The row's columns are authoritative for the identifying fields.
    event_id: record.eventId,
    type: record.type,
    timestamp: typeof data.timestamp === 'string' ? data.timestamp : new Date(record.createdAt).toISOString(),
    request_id: record.requestId ?? data.request_id ?? '',
    rcpt_meta: rcptMeta,
  } as EventData;
}

const LIST_ITEM_FIELDS = [
  'request_id', 'message_id', 'subject', 'friendly_from', 'sending_domain', 'rcpt_to', 'raw_rcpt_to',
  'recipient_domain', 'mailbox_provider', 'mailbox_provider_region', 'sending_ip', 'click_tracking', 'open_tracking',
  'transactional', 'msg_size', 'injection_time',
] as const;

/** SentEmailListItem: an injection event's summary fields; `rcpt_meta` is an object here (contract). */
export function presentSentEmail(record: EventRecord): Record<string, unknown> {
  const item: Record<string, unknown> = {
    event_id: record.eventId,
    type: record.type,
    timestamp: typeof record.data.timestamp === 'string' ? record.data.timestamp : new Date(record.createdAt).toISOString(),
  };
  for (const field of LIST_ITEM_FIELDS) item[field] = record.data[field] ?? null;
  item.request_id = record.requestId ?? item.request_id;
  const meta = record.data.rcpt_meta;
  item.rcpt_meta = meta !== null && typeof meta === 'object' && !Array.isArray(meta) ? meta : null;
  return item;
}

export interface PageView<T> {
  items: T[];
  totalCount: number;
  from: number;
  to: number;
  perPage: number;
  nextCursor: string | null;
}

/** `data.events` of both cursor-paged reads (contract ListEmailsResponse / ListEmailEventsResponse). */
export function presentPage<T>(page: PageView<T>) {
  return {
    events: {
      data: page.items,
      total_count: page.totalCount,
      from: isoSeconds(page.from),
      to: isoSeconds(page.to),
      pagination: { next_cursor: page.nextCursor, per_page: page.perPage },
    },
  };
}

/** The message's own header fields; null when its row is gone (then the events stand in). */
export interface TransmissionHeader {
  from: string;
  fromName: string | null;
  subject: string | null;
  scheduledAt: number | null;
}

/**
 * GetEmailDetailResponse.data and ShowScheduledTransmissionResponse.data (same shape). `events` newest first;
 * `recipients` unique, from the events (contract), in first-seen order.
 */
export function presentTransmission(input: {
  requestId: string;
  state: EmailState | ScheduledState;
  header: TransmissionHeader | null;
  events: EventRecord[];
  /** Recipients to show when there are no events yet (a pending scheduled transmission). */
  pendingRecipients?: string[];
}) {
  const events = input.events.map(presentEmailEvent);
  const recipients = [...new Set(events.map((e) => String(e.rcpt_to)).concat(input.pendingRecipients ?? []))];
  const first = events[events.length - 1];
  return {
    transmission_id: input.requestId,
    state: input.state,
    scheduled_at: input.header?.scheduledAt ? isoSeconds(input.header.scheduledAt) : null,
    from: input.header?.from ?? String(first?.friendly_from ?? ''),
    from_name: input.header?.fromName ?? null,
    // What was sent: the first recipient's rendered subject once its copy is built, else the message's.
    subject: (first?.subject_template !== undefined ? String(first.subject) : null) ?? input.header?.subject ?? String(first?.subject ?? ''),
    recipients,
    num_recipients: recipients.length,
    events,
  };
}
