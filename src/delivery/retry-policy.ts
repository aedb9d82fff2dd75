// When a temporary failure is tried again (spec sending.md §11.4): soft failures retry on a schedule, hard ones
// never; after the last scheduled retry the recipient bounces with the last class. The schedule is configurable
// (LETTR_RETRY_SCHEDULE); the default is the spec's +5 min, +30 min, +2 h, i.e. "retried up to 3 times".

export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = [5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];

export type RetryDecision = { kind: 'retry'; at: number } | { kind: 'give_up' };

/**
 * @param attemptsMade attempts so far, counting the one that just failed (≥ 1)
 * @param retryAfterMs a server's hint (e.g. a 421 with a wait); honoured only when it asks for longer
 */
export function decideRetry(schedule: readonly number[], attemptsMade: number, now: number, retryAfterMs: number | null = null): RetryDecision {
  const delay = schedule[attemptsMade - 1];
  if (delay === undefined || attemptsMade < 1) return { kind: 'give_up' };
  return { kind: 'retry', at: now + Math.max(delay, retryAfterMs ?? 0) };
}

/** Total attempts the schedule allows: the first one plus one per entry. */
export function maxAttempts(schedule: readonly number[]): number {
  return schedule.length + 1;
}
