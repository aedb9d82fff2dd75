// Builds the AppContext for a process: config → database (migrated) → secret box → logger.
import type { Logger } from 'pino';
import type { Config } from '../config/index.js';
import { migrateToLatest, openDatabase } from '../db/index.js';
import { openSecretBox, type KeySource } from '../secrets/index.js';
import { systemClock, type AppContext, type Clock } from '../http/context.js';
import { createLogger } from '../http/logger.js';

export interface ContextOptions {
  log?: Logger;
  clock?: Clock;
  migrate?: boolean;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext & { keySource: KeySource }> {
  const log = opts.log ?? createLogger(config.logLevel);
  const db = openDatabase(config.database);
  try {
    if (opts.migrate !== false) await migrateToLatest(db);
  } catch (err) {
    await db.close();
    throw err;
  }
  const { box, source } = openSecretBox(config);
  const wakers = new Set<(queue: string) => void>();
  const ctx = {
    config, db, secrets: box, log, clock: opts.clock ?? systemClock, keySource: source,
    wake: (queue: string) => { for (const w of wakers) w(queue); },
    onWake: (fn: (queue: string) => void) => {
      wakers.add(fn);
      return () => void wakers.delete(fn);
    },
  };
  return ctx;
}
