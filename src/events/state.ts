// The `state` of GET /emails/{requestId} and GET /emails/scheduled/{id} (spec sending.md §3, §4).
import type { EventType } from './model.js';

export type EmailState = 'scheduled' | 'delivered' | 'bounced' | 'failed';
export type ScheduledState = 'submitted' | 'generating' | EmailState | 'unknown';

const BOUNCES: ReadonlySet<EventType> = new Set(['bounce', 'out_of_band']);
const FAILURES: ReadonlySet<EventType> = new Set(['generation_failure', 'generation_rejection', 'policy_rejection']);

/**
 * Spec §4 derivation, in priority order: `delivered` if any recipient was delivered; else `bounced` if any bounce
 * or out-of-band bounce; else `failed` if generation or policy events; else `scheduled` (injected, nothing final).
 */
export function deriveEmailState(types: Iterable<EventType>): EmailState {
  const seen = new Set(types);
  if (seen.has('delivery')) return 'delivered';
  for (const t of BOUNCES) if (seen.has(t)) return 'bounced';
  for (const t of FAILURES) if (seen.has(t)) return 'failed';
  return 'scheduled';
}

/**
 * A scheduled transmission (spec §3): `submitted` while waiting for its time; `generating` once due but not yet
 * injected (the inject job has not run: workers busy or down); after injection, the derived state of its events.
 */
export function deriveScheduledState(input: {
  now: number;
  scheduledAt: number | null;
  /** The message has been injected (its injection events and deliver jobs exist). */
  injected: boolean;
  types: Iterable<EventType>;
}): ScheduledState {
  if (!input.injected) return input.scheduledAt !== null && input.now < input.scheduledAt ? 'submitted' : 'generating';
  return deriveEmailState(input.types);
}
