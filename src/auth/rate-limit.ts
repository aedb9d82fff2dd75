// Fixed-window request counters. On PostgreSQL the counter is one upsert per request in a shared table, so several
// API processes enforce one limit together. On SQLite, where one process serves the file, a per-process map gives the
// same answer without a write per request (the per-second limit would otherwise cost a database commit per call).
import type { Database } from '../db/index.js';

export interface WindowResult {
  count: number;
  /** Epoch ms when the window ends. */
  resetAt: number;
}

export interface Counter {
  hit(bucket: string, windowMs: number, now: number): Promise<WindowResult>;
}

export class MemoryCounter implements Counter {
  private windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  async hit(bucket: string, windowMs: number, now: number): Promise<WindowResult> {
    const start = now - (now % windowMs);
    this.sweep(now);
    const w = this.windows.get(bucket);
    if (!w || w.start !== start) {
      this.windows.set(bucket, { start, count: 1 });
      return { count: 1, resetAt: start + windowMs };
    }
    w.count++;
    return { count: w.count, resetAt: start + windowMs };
  }

  /** Bounded memory: forget windows older than a day (the longest window we use). */
  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (w.start < now - 86_400_000) this.windows.delete(k);
  }
}

export class DatabaseCounter implements Counter {
  constructor(private readonly db: Database) {}

  async hit(bucket: string, windowMs: number, now: number): Promise<WindowResult> {
    const start = now - (now % windowMs);
    const row = await this.db.kysely
      .insertInto('rate_limit_windows')
      .values({ bucket, window_start: start, count: 1 })
      .onConflict((oc) => oc.columns(['bucket', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limit_windows.count', '+', 1) })))
      .returning('count')
      .executeTakeFirstOrThrow();
    return { count: row.count, resetAt: start + windowMs };
  }

  /** The current window's count without adding to it (failure throttles count failures, and look before trying). */
  async peek(bucket: string, windowMs: number, now: number): Promise<WindowResult> {
    const start = now - (now % windowMs);
    const row = await this.db.kysely.selectFrom('rate_limit_windows').select('count')
      .where('bucket', '=', bucket).where('window_start', '=', start).executeTakeFirst();
    return { count: row?.count ?? 0, resetAt: start + windowMs };
  }
}

export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAt: number;
}

export async function checkLimit(counter: Counter, bucket: string, limit: number, windowMs: number, now: number): Promise<LimitDecision> {
  const { count, resetAt } = await counter.hit(bucket, windowMs, now);
  return { allowed: count <= limit, limit, remaining: Math.max(0, limit - count), resetAt };
}

/** Seconds until the window ends, at least 1 (what Retry-After carries). */
export const retryAfterSeconds = (resetAt: number, now: number) => Math.max(1, Math.ceil((resetAt - now) / 1000));
