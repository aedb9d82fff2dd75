// When a webhook delivery is attempted (spec §6.8, ambiguity A7): immediately, then 1 m, 5 m, 30 m, 2 h, 8 h and 24 h
// after each failure, 7 attempts over ~35 h, then permanently failed. Configurable as LETTR_WEBHOOK_RETRY_SCHEDULE
// (parsed by the config's durationList): entry i is the wait before attempt i+1, counted from the previous attempt.

/** Total attempts a delivery gets before it is permanently failed. */
export const maxAttempts = (schedule: readonly number[]) => schedule.length;

/**
 * When attempt number `attemptsMade + 1` is due, given the time of the last attempt, or null when the schedule is
 * exhausted. `attemptsMade = 0` means the first (usually immediate) attempt.
 */
export function nextAttemptAt(schedule: readonly number[], attemptsMade: number, lastAttemptAt: number): number | null {
  const delay = schedule[attemptsMade];
  return delay === undefined ? null : lastAttemptAt + delay;
}
