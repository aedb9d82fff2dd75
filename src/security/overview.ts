// The security overview's rules, pure: a zero-filled day series, and which days are spikes (design: a day above the
// mean + 3σ of the 14 days before it).
export const DAY_MS = 86_400_000;
export const SPIKE_BASELINE_DAYS = 14;
export const SPIKE_SIGMAS = 3;

export interface DayCount { day: string; count: number }
export interface VolumeDay extends DayCount { spike: boolean; baseline_mean: number | null; baseline_threshold: number | null }

/** `days` UTC days ending with today's, oldest first, each with its count (0 when absent). */
export function daySeries(counts: ReadonlyMap<number, number>, todayIndex: number, days: number): Array<{ index: number; day: string; count: number }> {
  const out = [];
  for (let i = todayIndex - days + 1; i <= todayIndex; i++) {
    out.push({ index: i, day: new Date(i * DAY_MS).toISOString().slice(0, 10), count: counts.get(i) ?? 0 });
  }
  return out;
}

/**
 * Marks spikes: a day whose count is above the mean + 3σ of the 14 days before it, and at least MIN_SPIKE_ABOVE_MEAN
 * above that mean (a flat baseline has σ = 0, and 3 emails after two silent weeks are not an incident). `history`
 * holds the counts of the days before the series, so its first days have a baseline too; a day without 14 days
 * before it is never a spike.
 */
export function markSpikes(series: ReadonlyArray<{ day: string; count: number }>, history: ReadonlyArray<number> = []): VolumeDay[] {
  const all = [...history, ...series.map((s) => s.count)];
  const offset = history.length;
  return series.map((s, i) => {
    const at = offset + i;
    if (at < SPIKE_BASELINE_DAYS) return { ...s, spike: false, baseline_mean: null, baseline_threshold: null };
    const base = all.slice(at - SPIKE_BASELINE_DAYS, at);
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    const sigma = Math.sqrt(base.reduce((a, b) => a + (b - mean) ** 2, 0) / base.length);
    const threshold = Math.max(mean + SPIKE_SIGMAS * sigma, mean + MIN_SPIKE_ABOVE_MEAN);
    return { ...s, spike: s.count > threshold, baseline_mean: round(mean), baseline_threshold: round(threshold) };
  });
}

/** Below this many emails above the usual, a day is not called a spike however flat the baseline was. */
export const MIN_SPIKE_ABOVE_MEAN = 10;

const round = (n: number) => Math.round(n * 100) / 100;

/** The part after the last @, lower-cased (an address's domain); null for something that is not an address. */
export function recipientDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  return at > 0 && at < email.length - 1 ? email.slice(at + 1).toLowerCase() : null;
}
