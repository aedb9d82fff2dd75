// Sign-in throttling (spec §3.1, §3.4): failures are counted per account, per client IP and, at the code step, per
// user, in the database's fixed-window counters (auth's rate_limit_windows), so every API process sees the same
// counts on PostgreSQL and a restart does not reset them. A blocked attempt is refused before the password or code
// is even checked, and the same way for an existing and an unknown email.
import { DatabaseCounter, retryAfterSeconds } from '../auth/index.js';
import type { Database } from '../db/index.js';
import { tooManyRequests } from '../http/errors.js';
import { normaliseEmail } from './store.js';

export const THROTTLE_WINDOW_MS = 15 * 60_000;
export const LIMITS = { account: 10, ip: 30, code: 5 } as const;

export interface Bucket {
  key: string;
  limit: number;
}

export const accountBucket = (email: string): Bucket => ({ key: `signin:account:${normaliseEmail(email).slice(0, 320)}`, limit: LIMITS.account });
export const ipBucket = (ip: string): Bucket => ({ key: `signin:ip:${ip}`, limit: LIMITS.ip });
export const codeBucket = (userId: number): Bucket => ({ key: `signin:code:${userId}`, limit: LIMITS.code });

export class SignInThrottle {
  private readonly counter: DatabaseCounter;
  constructor(db: Database) {
    this.counter = new DatabaseCounter(db);
  }

  /** 429 with Retry-After when any bucket is already at its limit in this window. */
  async assertOpen(buckets: Bucket[], now: number): Promise<void> {
    for (const b of buckets) {
      const w = await this.counter.peek(b.key, THROTTLE_WINDOW_MS, now);
      if (w.count >= b.limit) throw tooManyRequests('Too many failed sign-in attempts. Please try again later.', retryAfterSeconds(w.resetAt, now));
    }
  }

  async fail(buckets: Bucket[], now: number): Promise<void> {
    for (const b of buckets) await this.counter.hit(b.key, THROTTLE_WINDOW_MS, now);
  }
}
