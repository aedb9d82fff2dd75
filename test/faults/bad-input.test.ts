// Fault scenario: a barrage of 10 000 generated invalid requests against a real `lettr start` process. Every answer
// must be a 4xx (never a 5xx, never a 2xx for something invalid), the process must stay up and keep serving, and its
// memory must stay flat from the first 30 % of the barrage to the end. Mixed in are valid requests with hostile
// templates (deep nesting, long `or` chains, huge whitespace runs, huge loops), answered 2xx or 422, never 5xx; and
// /api/health is asked over and over alongside: it must answer 200 in every tenth of the barrage.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from '../helpers/databases.js';
import { generateBarrage, type BarrageRequest } from './barrage/generate.js';
import { Clients, rawRequest, runLimited, type Sent } from './helpers/http.js';
import { startServer } from './helpers/server.js';

const COUNT = Number(process.env.LETTR_BARRAGE_COUNT ?? 10_000);
const SEED = Number(process.env.LETTR_BARRAGE_SEED ?? 20_240_601);
// Memory may grow while caches, JIT and the heap's young generation warm up (observed: 10–35 MB); a leak of even
// 10 KB per request would add ~70 MB over the last 70 % of the barrage.
const MAX_GROWTH_MB = 64;
const WARM_FRACTION = 0.3;
const DOMAIN = 'barrage.example.com';

forEachDatabase('fault: bad-input barrage', (db) => {
  test(`${COUNT} invalid requests get 4xx only; the process stays up with flat memory (seed ${SEED})`, async () => {
    const server = await startServer({ databaseUrl: db().url, dataDir: db().dataDir, env: { LETTR_DELIVERY: 'local' } });
    const clients = new Clients(server.url);
    try {
      const auth = { authorization: `Bearer ${server.key}`, 'content-type': 'application/json' };
      const added = await clients.request({ method: 'POST', path: '/api/domains', headers: auth, body: JSON.stringify({ domain: DOMAIN }) });
      assert.equal(added.status, 201, added.body);

      const requests = generateBarrage(SEED, COUNT, { key: server.key, from: `sender@${DOMAIN}` });
      assert.equal(requests.length, COUNT);
      let warmRss = 0;
      let progress = 0;
      let finished = false;
      const send = (r: BarrageRequest): Promise<Sent> =>
        r.raw ? rawRequest(server.url, r.raw) : clients.request({ method: r.method, path: r.path, headers: r.headers, body: r.body, from: r.badAuth ? '127.0.0.2' : undefined });
      // Health, one request after another for as long as the barrage runs: which tenth of the barrage each answer fell in.
      const healthTenths: number[] = [];
      const healthFailures: string[] = [];
      const healthLoop = (async () => {
        while (!finished) {
          const res = await clients.request({ method: 'GET', path: '/api/health', from: '127.0.0.3' });
          if (res.status !== 200) healthFailures.push(`${res.status ?? res.error}`);
          healthTenths.push(Math.min(9, Math.floor((progress / COUNT) * 10)));
        }
      })();
      const results = await runLimited(requests, 16, send, (done) => {
        progress = done;
        if (done === Math.round(COUNT * WARM_FRACTION)) warmRss = server.rssMb();
      });
      finished = true;
      await healthLoop;
      const endRss = server.rssMb();

      const byFamily = new Map<string, Record<string, number>>();
      const wrong: string[] = [];
      results.forEach((res, i) => {
        const r = requests[i]!;
        const key = res.status === null ? `error` : String(res.status);
        const counts = byFamily.get(r.family) ?? {};
        counts[key] = (counts[key] ?? 0) + 1;
        byFamily.set(r.family, counts);
        const reset = r.refusedUnread && res.status === null && /EPIPE|ECONNRESET/.test(res.error ?? '');
        const ok = reset ? true : r.hostile ? res.status !== null && res.status < 500 && (res.status < 400 || res.status === 422) : res.status !== null && res.status >= 400 && res.status < 500;
        if (!ok) {
          wrong.push(`${r.family} ${r.method} ${r.path.slice(0, 120)} ${String(r.body ?? r.raw ?? '').slice(0, 300)} → ${res.status ?? res.error} ${res.body.slice(0, 300)}`);
        }
      });
      process.stdout.write(`[fault] bad-input barrage [${db().dialect}]: sent=${COUNT} non-4xx=${wrong.length} rss warm=${warmRss.toFixed(1)} MB end=${endRss.toFixed(1)} MB\n`);
      for (const [family, counts] of [...byFamily].sort()) process.stdout.write(`[fault]   ${family}: ${JSON.stringify(counts)}\n`);
      process.stdout.write(`[fault]   health during the barrage: ${healthTenths.length} answers, per tenth ${JSON.stringify(Array.from({ length: 10 }, (_, t) => healthTenths.filter((x) => x === t).length))}\n`);
      assert.deepEqual(healthFailures, [], 'every health check answered 200');
      for (let t = 0; t < 10; t++) assert.ok(healthTenths.includes(t), `no health answer during tenth ${t + 1} of the barrage`);
      assert.deepEqual(wrong.slice(0, 25), [], `${wrong.length} requests were not answered with a 4xx`);

      assert.ok(server.alive(), 'the process is still running');
      assert.ok(endRss - warmRss < MAX_GROWTH_MB, `memory grew ${(endRss - warmRss).toFixed(1)} MB after warm-up`);
      const health = await clients.request({ method: 'GET', path: '/api/health' });
      assert.equal(health.status, 200);
      const valid = await clients.request({
        method: 'POST', path: '/api/emails', headers: auth,
        body: JSON.stringify({ from: `sender@${DOMAIN}`, to: ['after@example.com'], subject: 'still here', text: 'yes' }),
      });
      assert.equal(valid.status, 200, valid.body);
    } finally {
      await clients.close();
      assert.equal(await server.stop(), 0, 'a clean shutdown after the barrage');
    }
  });
});
