// Operations endpoints. `GET /readyz` for load balancers and orchestrators: the database answers, and (in a process
// that runs workers) the worker loop has polled the queue within its heartbeat. `GET /api/health` stays the cheap
// liveness answer. `GET /metrics` in Prometheus text: on LETTR_METRICS_PORT (its own listener, every role) and/or on
// the main port behind LETTR_METRICS_TOKEN. Gauges read at scrape time: queue depth and age by lane, the pool.
import http from 'node:http';
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../http/context.js';
import { collectProcessMetrics, gaugeReadAtScrape, METRICS_CONTENT_TYPE, metricsText } from '../http/metrics.js';

export interface ReadinessCheck {
  name: string;
  /** Resolves when ready; rejects (or returns a reason) when not. */
  check(): Promise<string | null>;
}

const READY_TIMEOUT_MS = 2000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}

export const databaseCheck = (ctx: AppContext): ReadinessCheck => ({
  name: 'database',
  check: async () => {
    await withTimeout(sql`select 1`.execute(ctx.db.kysely), READY_TIMEOUT_MS);
    return null;
  },
});

/** The worker loop of this process polled the queue recently (it polls every 250 ms when idle). */
export const workerCheck = (lastPollAt: () => number, now: () => number, heartbeatMs = 10_000): ReadinessCheck => ({
  name: 'worker',
  check: async () => {
    const age = now() - lastPollAt();
    return age <= heartbeatMs ? null : `the worker has not polled the queue for ${Math.round(age / 1000)} s`;
  },
});

async function readiness(checks: ReadinessCheck[]): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const results: Record<string, string> = {};
  await Promise.all(checks.map(async (c) => {
    try {
      results[c.name] = (await c.check()) ?? 'ok';
    } catch (err) {
      results[c.name] = (err as Error).message || 'failed';
    }
  }));
  return { ready: Object.values(results).every((r) => r === 'ok'), checks: results };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

export function registerOperationsRoutes(app: FastifyInstance, ctx: AppContext, checks: ReadinessCheck[]): void {
  app.get('/readyz', async (_request, reply) => {
    const r = await readiness(checks);
    return reply.code(r.ready ? 200 : 503).header('cache-control', 'no-store').send({ status: r.ready ? 'ready' : 'unready', checks: r.checks });
  });
  const token = ctx.config.metrics.token;
  if (token) {
    collectProcessMetrics();
    const expected = digest(`Bearer ${token}`);
    app.get('/metrics', async (request, reply) => {
      // Hash both sides so the comparison is constant-time whatever the lengths.
      if (!timingSafeEqual(digest(request.headers.authorization ?? ''), expected)) {
        return reply.code(401).header('www-authenticate', 'Bearer').send({ message: 'A valid metrics token is required.' });
      }
      return reply.header('content-type', METRICS_CONTENT_TYPE).header('cache-control', 'no-store').send(await metricsText());
    });
  }
}

/** LETTR_METRICS_PORT: a plain listener serving only GET /metrics (meant for a private network or loopback). */
export async function startMetricsServer(ctx: AppContext): Promise<{ url: string; stop(): Promise<void> } | null> {
  const port = ctx.config.metrics.port;
  if (port === null) return null;
  collectProcessMetrics();
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    metricsText().then(
      (text) => res.writeHead(200, { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' }).end(text),
      (err) => {
        ctx.log.error({ err }, 'metrics collection failed');
        res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ctx.config.metrics.host, () => resolve());
  });
  const addr = server.address() as { port: number };
  return {
    url: `http://${ctx.config.metrics.host}:${addr.port}/metrics`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Gauges read at scrape time from this process's database: work waiting per queue and lane, and how long. */
export function registerScrapeGauges(ctx: AppContext): void {
  const waiting = async () => {
    const now = ctx.clock.now();
    const rows = await ctx.db.kysely.selectFrom('jobs')
      .select(['queue', 'lane', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('run_at').as('oldest')])
      .where('failed_at', 'is', null).where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
      .groupBy(['queue', 'lane']).execute();
    return rows.map((r) => ({ labels: { queue: r.queue, lane: r.lane }, n: Number(r.n), age: Math.max(0, (now - Number(r.oldest)) / 1000) }));
  };
  gaugeReadAtScrape('lettr_queue_depth', 'Jobs due and not claimed, by queue and lane.', ['queue', 'lane'],
    async () => (await waiting()).map((r) => ({ labels: r.labels, value: r.n })));
  gaugeReadAtScrape('lettr_queue_oldest_age_seconds', 'How long the oldest due, unclaimed job has waited, by queue and lane.', ['queue', 'lane'],
    async () => (await waiting()).map((r) => ({ labels: r.labels, value: r.age })));
  const pool = ctx.db.poolStats;
  if (pool) {
    gaugeReadAtScrape('lettr_db_pool_connections', 'PostgreSQL pool connections, by state (total, idle, waiting clients).', ['state'],
      async () => Object.entries(pool()).map(([state, value]) => ({ labels: { state }, value })));
  }
}
