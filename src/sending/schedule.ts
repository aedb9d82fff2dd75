// Scheduling window and cancellation rule (spec sending.md §3; contract ScheduleEmailRequest.scheduled_at).
import { text } from './messages.js';
import type { ErrorBag } from './request.js';
import type { MessageState } from './tables.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 24 * 60 * MINUTE_MS;
/** `scheduled_at` must be at least 5 minutes ahead … */
export const SCHEDULE_MIN_LEAD_MS = 5 * MINUTE_MS;
/** … and at most 3 days ahead (contract description). Both bounds inclusive. */
export const SCHEDULE_MAX_LEAD_MS = 3 * DAY_MS;

// ISO 8601 / RFC 3339 date-time; "T" or a space between date and time; a missing offset means UTC (the contract
// says "UTC date/time"). Seconds and fractions optional, as Laravel's `date` rule accepts.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}:?\d{2})?$/;

/** Epoch ms of an ISO date-time, or null when malformed or out of range (2024-02-30 is not a date). */
export function parseDateTime(value: string): number | null {
  const m = DATE_TIME.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as
    [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const back = new Date(utc);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day
    || back.getUTCHours() !== hour || back.getUTCMinutes() !== minute || back.getUTCSeconds() !== second) return null;
  return utc - offsetMinutes(m[8]) * MINUTE_MS;
}

function offsetMinutes(zone: string | undefined): number {
  if (!zone || zone === 'Z' || zone === 'z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2));
  return zone.startsWith('-') ? -minutes : minutes;
}

/** Reads `scheduled_at` for POST /emails/scheduled, enforcing the window relative to `now`. */
export function readScheduledAt(value: unknown, now: number, bag: ErrorBag): number | null {
  if (value === undefined || value === null || value === '') {
    bag.add('scheduled_at', text.scheduledAtRequired);
    return null;
  }
  const at = typeof value === 'string' ? parseDateTime(value) : null;
  if (at === null) {
    bag.add('scheduled_at', text.scheduledAtDate);
    return null;
  }
  const problem = scheduleWindowProblem(at, now);
  if (problem) {
    bag.add('scheduled_at', problem);
    return null;
  }
  return at;
}

export function scheduleWindowProblem(at: number, now: number): string | null {
  if (at <= now) return text.scheduledAtFuture;
  if (at < now + SCHEDULE_MIN_LEAD_MS) return text.scheduledAtMinimum(SCHEDULE_MIN_LEAD_MS / MINUTE_MS);
  if (at > now + SCHEDULE_MAX_LEAD_MS) return text.scheduledAtMaximum(SCHEDULE_MAX_LEAD_MS / DAY_MS);
  return null;
}

/**
 * A scheduled transmission can be cancelled while it is still waiting: not injected, not cancelled, and its time has
 * not come (spec §3: "after scheduled time ⇒ 409"). The store repeats this test in its UPDATE … WHERE, and the inject
 * job flips `scheduled → queued` with the same guard, so a concurrent inject and cancel cannot both win.
 */
export function canCancel(message: { state: MessageState; scheduledAt: number | null }, now: number): boolean {
  return message.state === 'scheduled' && message.scheduledAt !== null && now < message.scheduledAt;
}
