// When a webhook delivery is attempted (spec §6.8, ambiguity A7): immediately, then 1 m, 5 m, 30 m, 2 h, 8 h and 24 h
// after each failure, 7 attempts over ~35 h, then permanently failed. Configurable as LETTR_WEBHOOK_RETRY_SCHEDULE.

export const DEFAULT_RETRY_SCHEDULE = '0,1m,5m,30m,2h,8h,24h';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export type ParsedSchedule = { ok: true; value: number[] } | { ok: false; problem: string };

/** "0,1m,5m" → [0, 60000, 300000]. Entry i is the wait before attempt i+1, counted from the previous attempt. */
export function parseRetrySchedule(raw: string): ParsedSchedule {
  const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (parts.length === 0 || parts.length > 50) return { ok: false, problem: `must list 1 to 50 delays such as ${DEFAULT_RETRY_SCHEDULE}, got "${raw}"` };
  const value: number[] = [];
  for (const p of parts) {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(p);
    if (!m) return { ok: false, problem: `has "${p}", which is not a duration such as 30s, 5m or 2h` };
    value.push(Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 's']!));
  }
  return { ok: true, value };
}

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
