// The one back-off formula for jobs that failed unexpectedly (a thrown error): exponential from 1 s, capped at 1 h,
// with ±20 % jitter so a burst of failures does not retry in lockstep. Capabilities with a documented schedule
// (SMTP retries, webhook retries) return their own `retry(at)` instead.
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(1000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}
