// Issue 18 §4: /metrics scraped and parsed around a real send (delivered to the built-in mailbox by the real worker
// code), counters moving; the token is required on the main port; the separate metrics port; /readyz.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mailboxService } from '../src/mailbox/service.js';
import { registerScrapeGauges, startMetricsServer, workerCheck } from '../src/server/observability.js';
import { buildApp } from '../src/server/app.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

type Samples = Map<string, number>;

/** Prometheus text → `name{sorted labels}` → value (comments skipped). */
function parseMetrics(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    assert.ok(m, `not a Prometheus sample line: ${line}`);
    const labels = m[2] ? m[2].slice(1, -1).split(/,(?=[a-zA-Z_]\w*=")/).filter(Boolean).sort().join(',') : '';
    out.set(`${m[1]}{${labels}}`, Number(m[3]));
  }
  return out;
}

const value = (s: Samples, key: string) => s.get(key) ?? 0;

forEachDatabase('metrics and readiness', (db) => {
  let h: Harness;
  let mailbox: { stop(): Promise<void> };
  const TOKEN = 'metrics-token-0123456789';
  before(async () => {
    h = await startHarness(db(), { LETTR_METRICS_TOKEN: TOKEN, LETTR_METRICS_PORT: '0' });
    mailbox = await mailboxService.start(h.ctx);
    registerScrapeGauges(h.ctx);
  });
  after(async () => {
    await mailbox.stop();
    await h.close();
  });

  const scrape = async () => {
    const res = await h.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return parseMetrics(res.body);
  };

  test('without the token /metrics is 401; with it, Prometheus text', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Bearer ${TOKEN}x`, TOKEN]) {
      const res = await h.app.inject({ method: 'GET', url: '/metrics', headers: authorization ? { authorization } : {} });
      assert.equal(res.statusCode, 401, String(authorization));
      assert.doesNotMatch(res.body, /lettr_/);
    }
    const s = await scrape();
    assert.ok([...s.keys()].some((k) => k.startsWith('lettr_nodejs_eventloop_lag_seconds')), 'event-loop lag is exported');
  });

  test('a send moves the counters: accepted, delivered, latency, API requests by route and status, queue depth, auth failures', async () => {
    const { key } = await sendingTeam(h, { domain: 'metrics.example.com' });
    const before = await scrape();
    const sent = await h.api.post('/api/emails', key, { from: 'a@metrics.example.com', to: ['r1@example.org', 'r2@example.org'], subject: 'Counted', text: 'x' });
    assert.equal(sent.status, 200);
    const queued = await scrape();
    assert.equal(value(queued, 'lettr_events_total{type="injection"}') - value(before, 'lettr_events_total{type="injection"}'), 2, 'two recipients accepted');
    assert.ok(value(queued, 'lettr_queue_depth{lane="transactional",queue="deliver"}') >= 2, `queue depth by lane: ${[...queued.keys()].filter((k) => k.startsWith('lettr_queue')).join(' ')}`);
    assert.equal(value(queued, 'lettr_http_requests_total{method="POST",route="/api/emails",status="200"}') - value(before, 'lettr_http_requests_total{method="POST",route="/api/emails",status="200"}'), 1);

    await h.runJobs();
    const after = await scrape();
    assert.equal(value(after, 'lettr_events_total{type="delivery"}') - value(before, 'lettr_events_total{type="delivery"}'), 2, 'two delivered');
    assert.equal(value(after, 'lettr_delivery_latency_seconds_count{}') - value(before, 'lettr_delivery_latency_seconds_count{}'), 2);
    assert.equal(value(after, 'lettr_queue_depth{lane="transactional",queue="deliver"}'), 0, 'nothing waiting after the run');

    const bad = await h.api.get('/api/domains', 'lttr_' + 'x'.repeat(64));
    assert.equal(bad.status, 401);
    const denied = await scrape();
    assert.equal(value(denied, 'lettr_auth_failures_total{reason="unknown_key"}') - value(after, 'lettr_auth_failures_total{reason="unknown_key"}'), 1);
  });

  test('LETTR_METRICS_PORT serves the same text on its own listener, without a token', async () => {
    const server = await startMetricsServer(h.ctx);
    assert.ok(server);
    try {
      const res = await fetch(server.url);
      assert.equal(res.status, 200);
      const s = parseMetrics(await res.text());
      assert.ok(s.has('lettr_events_total{type="injection"}'));
      assert.equal((await fetch(server.url.replace('/metrics', '/other'))).status, 404);
    } finally {
      await server.stop();
    }
  });

  test('/readyz: ready with a working database and worker; unready naming the check that fails', async () => {
    const ok = await h.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(ok.json(), { status: 'ready', checks: { database: 'ok' } });
    const stalled = await buildApp(h.ctx, { readiness: [workerCheck(() => Date.now() - 60_000, () => Date.now())] });
    try {
      const res = await stalled.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().status, 'unready');
      assert.equal(res.json().checks.database, 'ok');
      assert.match(res.json().checks.worker, /has not polled the queue for 60 s/);
    } finally {
      await stalled.close();
    }
  });
});
