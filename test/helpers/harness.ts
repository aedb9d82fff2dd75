// A Lettr instance for a test: real database (from forEachDatabase), real Fastify app driven through inject, a clock
// the test controls, helpers to make teams and keys, and the contract-checked API client.
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { createTeam } from '../../src/accounts/index.js';
import { createApiKey, type CreateKeyInput } from '../../src/auth/index.js';
import { loadConfig, type Config } from '../../src/config/index.js';
import { runQueueOnce, type JobHandler } from '../../src/queue/index.js';
import { buildApp } from '../../src/server/app.js';
import type { AppContext, Clock } from '../../src/http/context.js';
import { createContext } from '../../src/server/context-factory.js';
import { jobHandlers } from '../../src/server/jobs.js';
import { createLogger } from '../../src/http/logger.js';
import { ApiClient } from './api-client.js';
import type { TestDatabase } from './databases.js';

export class TestClock implements Clock {
  private offset = 0;
  private frozenAt: number | null = null;
  now(): number {
    return (this.frozenAt ?? Date.now()) + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
  /** Stop time (until `thaw`), for tests about windows that must not roll over between two requests. */
  freeze(): void {
    this.frozenAt = Date.now();
  }
  thaw(): void {
    if (this.frozenAt !== null) this.offset -= Date.now() - this.frozenAt;
    this.frozenAt = null;
  }
}

export interface Harness {
  ctx: AppContext;
  app: FastifyInstance;
  api: ApiClient;
  clock: TestClock;
  createTeam(name?: string): Promise<number>;
  createKey(teamId: number, input?: Partial<CreateKeyInput>): Promise<{ id: number; key: string }>;
  /** Runs due jobs of every registered handler (or the given ones) until none is due. */
  runJobs(handlers?: JobHandler[]): Promise<number>;
  close(): Promise<void>;
}

const system = { actor: { type: 'system' as const, via: 'test' } };

export interface HarnessOptions {
  log?: Logger;
  /** Changes the loaded configuration before the app is built, for settings no environment may combine (see ssrf.test.ts). */
  adjust?: (config: Config) => void;
}

export async function startHarness(db: TestDatabase, env: Record<string, string> = {}, opts: HarnessOptions = {}): Promise<Harness> {
  const config = loadConfig({
    LETTR_ENV: 'test',
    LETTR_DATA_DIR: db.dataDir,
    LETTR_DATABASE_URL: db.url,
    LETTR_RATE_LIMIT: '0',
    LETTR_MAILBOX_SMTP_PORT: '0',
    ...env,
  });
  opts.adjust?.(config);
  const clock = new TestClock();
  const ctx = await createContext(config, { clock, log: opts.log ?? createLogger(process.env.LETTR_TEST_LOG_LEVEL ?? 'silent') });
  const app = await buildApp(ctx);
  await app.ready();
  return {
    ctx, app, clock,
    api: new ApiClient(app),
    createTeam: async (name = 'Test team') => (await createTeam(ctx.db.kysely, { name }, system, clock.now())).id,
    createKey: async (teamId, input = {}) => {
      const { row, key } = await createApiKey(ctx.db.kysely, { teamId, name: 'test key', permission: 'full_access', ...input }, system, clock.now());
      return { id: row.id, key };
    },
    runJobs: (handlers) => runQueueOnce(ctx, handlers ?? jobHandlers(ctx)),
    close: async () => {
      await app.close();
      await ctx.db.close();
    },
  };
}
