// A Lettr process: `all` (embedded default) runs the API, the workers and every service; `api` and `worker` split them
// across processes sharing one PostgreSQL. SIGTERM/SIGINT: stop claiming work, drain in-flight requests and jobs within
// LETTR_SHUTDOWN_TIMEOUT, close listeners and the database.
import type { FastifyInstance } from 'fastify';
import { bootstrapIfEmpty } from '../accounts/index.js';
import type { Config } from '../config/index.js';
import { Worker } from '../queue/index.js';
import { buildApp } from './app.js';
import type { AppContext } from '../http/context.js';
import { createContext } from './context-factory.js';
import { jobHandlers } from './jobs.js';
import { registerScrapeGauges, startMetricsServer, workerCheck, type ReadinessCheck } from './observability.js';
import { runsIn, services, type Role } from './services.js';

export interface RunningServer {
  ctx: AppContext;
  app: FastifyInstance | null;
  /** Where the API listens, e.g. http://127.0.0.1:3000. */
  url: string | null;
  stop(): Promise<void>;
}

export async function startServer(config: Config, role: Role, opts: { print?: (text: string) => void } = {}): Promise<RunningServer> {
  const print = opts.print ?? ((t: string) => process.stdout.write(t));
  const ctx = await createContext(config);
  if (ctx.keySource.kind === 'file' && ctx.keySource.created) {
    ctx.log.warn({ path: ctx.keySource.path }, 'generated a master key for secrets at rest; production deployments set LETTR_SECRET_KEY');
  }
  const stoppers: Array<() => Promise<void>> = [];
  let app: FastifyInstance | null = null;
  let url: string | null = null;

  if (role !== 'worker' && config.bootstrap) {
    const boot = await bootstrapIfEmpty(ctx.db.kysely);
    if (boot) print(bootstrapBanner(config, boot));
  }
  const readiness: ReadinessCheck[] = [];
  if (role === 'all' || role === 'worker') {
    const worker = new Worker(ctx, jobHandlers(ctx));
    ctx.onWake((q) => worker.wake(q));
    await worker.start();
    stoppers.push(() => worker.stop(config.shutdownTimeoutMs));
    readiness.push(workerCheck(() => worker.lastPollAt, () => Date.now()));
  }
  registerScrapeGauges(ctx);
  const metricsServer = await startMetricsServer(ctx);
  if (metricsServer) {
    stoppers.push(() => metricsServer.stop());
    ctx.log.info({ url: metricsServer.url }, 'metrics listening');
  }
  for (const s of services(ctx)) {
    if (!runsIn(s, role)) continue;
    const running = await s.start(ctx);
    stoppers.push(() => running.stop());
  }
  if (role === 'all' || role === 'api') {
    app = await buildApp(ctx, { readiness });
    url = await app.listen({ host: config.host, port: config.port });
    // Close the HTTP side first so no new work arrives while workers drain.
    const a = app;
    stoppers.unshift(() => a.close());
  }

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      for (const s of stoppers) {
        try {
          await s();
        } catch (err) {
          ctx.log.error({ err }, 'error while stopping');
        }
      }
      await ctx.db.close();
    })());
  return { ctx, app, url, stop };
}

function bootstrapBanner(config: Config, boot: { teamId: number; key: string }): string {
  const api = `${config.publicUrl}/api`;
  const auth = '-H "Authorization: Bearer $LETTR_KEY"';
  // The README's quick start, with this server's URL and key filled in (test/readme-quick-start.test.ts runs it).
  return [
    '',
    `  Lettr is ready. Team ${boot.teamId} and a Full Access API key were created for you.`,
    '  This key is shown once and never again; store it now:',
    '',
    `    ${boot.key}`,
    '',
    '  Next, in another terminal:',
    '',
    `    export LETTR_KEY=${boot.key}`,
    `    curl -s ${api}/auth/check ${auth}`,
    `    curl -s ${api}/domains ${auth} -H 'Content-Type: application/json' -d '{"domain":"example.com"}'`,
    `    curl -s ${api}/emails ${auth} -H 'Content-Type: application/json' \\`,
    `      -d '{"from":"hello@example.com","to":["ada@example.org"],"subject":"Hello from Lettr","text":"It works."}'`,
    `    npx lettr mailbox list`,
    '',
    `  Dashboard: ${config.publicUrl}/ (the first account created there owns this team)`,
    '',
    '',
  ].join('\n');
}
