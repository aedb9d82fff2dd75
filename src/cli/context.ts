// CLI commands open the same context as the server (migrated database, secret box) with a quiet logger on stderr.
// They never create a database: a command run without the server's LETTR_DATA_DIR / LETTR_DATABASE_URL would
// otherwise make a second empty one (and a second master key) and then report that nothing exists.
import fs from 'node:fs';
import pino from 'pino';
import { loadConfig, type Config } from '../config/index.js';
import type { Executor } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import { createContext } from '../server/context-factory.js';
import { createLogger } from '../http/logger.js';
import { UsageError, type Flags } from './io.js';

function whereItLooked(config: Config): string {
  const explicit = process.env.LETTR_DATABASE_URL !== undefined;
  return explicit ? 'LETTR_DATABASE_URL sets it' : `LETTR_DATA_DIR (now ${process.env.LETTR_DATA_DIR ?? './data'}) or LETTR_DATABASE_URL sets it`;
}

/** Refuses, naming the path and the variable, when the configured SQLite file does not exist. */
export function assertDatabaseExists(config: Config): void {
  if (config.database.dialect !== 'sqlite' || config.database.path === ':memory:') return;
  if (fs.existsSync(config.database.path)) return;
  throw new UsageError(`no Lettr database at ${config.database.path} (${whereItLooked(config)}). Run this where the server runs, `
    + 'with the same LETTR_* settings, or start the server once (`lettr start`) to create it.');
}

export async function withContext<T>(fn: (ctx: Awaited<ReturnType<typeof createContext>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  assertDatabaseExists(config);
  const ctx = await createContext(config, { log: createLogger(process.env.LETTR_LOG_LEVEL ?? 'warn', pino.destination(2)) });
  try {
    return await fn(ctx);
  } finally {
    await ctx.db.close();
  }
}

/** --team, or the only team there is (the embedded default has exactly one; the system team does not count). */
export async function teamOf(db: Executor, flags: Flags): Promise<number> {
  const v = flags.team;
  if (v !== undefined) {
    if (typeof v !== 'string' || !/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError('--team must be a numeric id');
    const id = Number(v);
    const found = await db.selectFrom('teams').select('id').where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
    if (!found) throw new UsageError(`--team ${id}: no such team (lettr team list shows them)`);
    return id;
  }
  const teams = await db.selectFrom('teams').select('id').where('system', '=', 0).where('deleted_at', 'is', null).limit(2).execute();
  if (teams.length === 1) return teams[0]!.id;
  throw new UsageError(teams.length === 0
    ? 'there is no team yet: create one with `lettr team create --name NAME`'
    : '--team is required when there are several teams (lettr team list shows them)');
}

export type CliContext = AppContext;
export const cliOrigin = { actor: { type: 'system' as const, via: 'cli' } };
