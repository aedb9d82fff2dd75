// CLI commands open the same context as the server (migrated database, secret box) with a quiet logger on stderr.
import pino from 'pino';
import { loadConfig } from '../config/index.js';
import type { AppContext } from '../http/context.js';
import { createContext } from '../server/context-factory.js';
import { createLogger } from '../http/logger.js';

export async function withContext<T>(fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const ctx = await createContext(config, { log: createLogger(process.env.LETTR_LOG_LEVEL ?? 'warn', pino.destination(2)) });
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

export type CliContext = AppContext;
export const cliOrigin = { actor: { type: 'system' as const, via: 'cli' } };
