// The webhook body (spec §6.6): a JSON array, one `{"msys":{"<class_key>":{…}}}` element per event, built from the
// contract event object stored with each event row. Webhooks carry both `transmission_id` and `request_id` (same
// value), a unix-seconds string `timestamp` and always the event's stable `event_id` (ambiguities §6.6, A5).
import { classKeyOf } from './event-types.js';

export interface PayloadEvent {
  /** Stable id from the event row; identical on every retry and redelivery so receivers can dedupe. */
  eventId: string;
  /** Short contract type: injection, delivery, open, … */
  type: string;
  /** The contract event object as GET /emails/events returns it (ISO `timestamp`, `request_id`). */
  data: Record<string, unknown>;
}

export type BatchElement = { msys: Record<string, Record<string, unknown>> };

/** ISO 8601 (or epoch ms) → unix seconds as a decimal string, the SparkPost webhook convention. */
export function unixSecondsString(value: unknown): string | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? String(Math.floor(ms / 1000)) : undefined;
}

export function toBatchElement(e: PayloadEvent, opts: { test?: boolean } = {}): BatchElement | null {
  const classKey = classKeyOf(e.type);
  if (!classKey) return null;
  const { timestamp, ...rest } = e.data;
  const requestId = (rest.request_id ?? rest.transmission_id ?? null) as string | null;
  const inner: Record<string, unknown> = {
    ...rest,
    type: e.type,
    event_id: e.eventId,
    timestamp: unixSecondsString(timestamp) ?? String(Math.floor(Date.now() / 1000)),
    ...(requestId !== null ? { transmission_id: requestId, request_id: requestId } : {}),
    ...(opts.test ? { test: true } : {}),
  };
  return { msys: { [classKey]: inner } };
}

/** Elements for a batch, in the order given; events no webhook category knows are skipped. */
export function buildBatch(events: readonly PayloadEvent[], opts: { test?: boolean } = {}): BatchElement[] {
  const out: BatchElement[] = [];
  for (const e of events) {
    const el = toBatchElement(e, opts);
    if (el) out.push(el);
  }
  return out;
}

/** The exact bytes that are stored, signed and sent on every attempt of one delivery. */
export function serializeBatch(batch: readonly BatchElement[]): Buffer {
  return Buffer.from(JSON.stringify(batch), 'utf8');
}
