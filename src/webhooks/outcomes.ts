// What an attempt's result means for the delivery and its webhook (spec §6.8). Pure; the dispatch job applies it.
import { nextAttemptAt } from './schedule.js';
import type { AttemptResult } from './sender.js';

export type DeliveryDecision =
  | { kind: 'delivered' }
  /** 410 Gone: the receiver asked us to stop; no retry and the webhook is disabled. */
  | { kind: 'gone' }
  | { kind: 'retry'; at: number }
  /** Every scheduled attempt failed: no more automatic attempts (manual redelivery stays possible). */
  | { kind: 'exhausted' };

export function decide(result: AttemptResult, schedule: readonly number[], attemptsMade: number, now: number): DeliveryDecision {
  if (result.ok) return { kind: 'delivered' };
  if (result.status === 410) return { kind: 'gone' };
  const at = nextAttemptAt(schedule, attemptsMade, now);
  return at === null ? { kind: 'exhausted' } : { kind: 'retry', at };
}

/**
 * Sustained failure (spec §6.8 REC, ambiguity A8): the webhook is disabled once `threshold` deliveries in a row have
 * been permanently failed with no success in between. `threshold = 0` turns automatic disabling off.
 */
export function shouldDisableAfterExhaustion(consecutiveExhausted: number, threshold: number): boolean {
  return threshold > 0 && consecutiveExhausted >= threshold;
}

export function disableReason(kind: 'gone' | 'sustained', detail: { status?: number | null; count?: number }): string {
  return kind === 'gone'
    ? 'The receiver answered 410 Gone.'
    : `${detail.count ?? 0} deliveries in a row failed every retry with no success in between.`;
}
