// What every capability receives: configuration, the database, the secret box, a logger and a clock.
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import type { Database } from '../db/index.js';
import type { SecretBox } from '../secrets/index.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface AppContext {
  config: Config;
  db: Database;
  secrets: SecretBox;
  log: Logger;
  clock: Clock;
  /** Tell in-process workers that a queue has new work (saves a poll interval; correctness never depends on it). */
  wake(queue: string): void;
  /** A worker in this process subscribes to wake-ups; returns the unsubscribe function. */
  onWake(fn: (queue: string) => void): () => void;
}
