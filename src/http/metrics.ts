// Prometheus metrics (prom-client), one registry per process. Capabilities count what happens where it happens (an
// event recorded, a webhook attempt, an authentication failure); the composition root adds what is read at scrape time
// (queue depth and age by lane, the PostgreSQL pool) and serves the text on LETTR_METRICS_PORT or behind
// LETTR_METRICS_TOKEN. Counters count work done in transactions that may still roll back: close, not exact.
import client from 'prom-client';

const registry = new client.Registry();
let processMetrics = false;

const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const DELIVERY_SECONDS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 4 * 3600, 24 * 3600];

export const metrics = {
  registry,
  httpRequests: new client.Counter({ name: 'lettr_http_requests_total', help: 'HTTP requests answered, by route pattern, method and status.', labelNames: ['route', 'method', 'status'] as const, registers: [registry] }),
  httpDuration: new client.Histogram({ name: 'lettr_http_request_duration_seconds', help: 'Time to answer an HTTP request, by route pattern.', labelNames: ['route'] as const, buckets: SECONDS, registers: [registry] }),
  authFailures: new client.Counter({ name: 'lettr_auth_failures_total', help: 'Failed API authentications, by reason.', labelNames: ['reason'] as const, registers: [registry] }),
  events: new client.Counter({ name: 'lettr_events_total', help: 'Events recorded, by type: injection = accepted, delivery = delivered, delay = deferred, bounce, …', labelNames: ['type'] as const, registers: [registry] }),
  bounces: new client.Counter({ name: 'lettr_bounces_total', help: 'Bounce events, by bounce class.', labelNames: ['bounce_class'] as const, registers: [registry] }),
  deliveryLatency: new client.Histogram({ name: 'lettr_delivery_latency_seconds', help: 'From accepting a message to its delivery to a recipient.', buckets: DELIVERY_SECONDS, registers: [registry] }),
  webhookAttempts: new client.Counter({ name: 'lettr_webhook_attempts_total', help: 'Webhook delivery attempts, by outcome (success or failure).', labelNames: ['outcome'] as const, registers: [registry] }),
  durableWait: new client.Histogram({ name: 'lettr_db_durable_wait_seconds', help: 'Time a write request waited for its commit to be durable (SQLite: the shared WAL fsync).', buckets: SECONDS, registers: [registry] }),
};

/** A gauge read at scrape time (queue depth, pool use). Registered once per name; later calls replace the reader. */
const readers = new Map<string, () => Promise<Array<{ labels: Record<string, string>; value: number }>>>();
export function gaugeReadAtScrape(name: string, help: string, labelNames: string[], read: () => Promise<Array<{ labels: Record<string, string>; value: number }>>): void {
  if (!readers.has(name)) {
    new client.Gauge({
      name, help, labelNames, registers: [registry],
      async collect() {
        this.reset();
        const values = await readers.get(name)!().catch(() => []);
        for (const v of values) this.set(v.labels, v.value);
      },
    });
  }
  readers.set(name, read);
}

/** Node's own metrics (event-loop lag, heap, GC, CPU): started once, when metrics are exposed. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  client.collectDefaultMetrics({ register: registry, prefix: 'lettr_' });
}

export const metricsText = () => registry.metrics();
export const METRICS_CONTENT_TYPE = registry.contentType;
