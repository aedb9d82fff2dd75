// "2xx means stored": a write request is answered only after the database reports its commits durable, and a failed
// durability barrier (the WAL fsync) turns into a 503, never a 2xx. GET requests do not wait.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

forEachDatabase('durability barrier on writes', (db) => {
  let h: Harness;
  let key: string;
  let real: () => Promise<void>;
  before(async () => {
    h = await startHarness(db());
    key = (await h.createKey(await h.createTeam())).key;
    real = h.ctx.db.durable;
  });
  after(() => h.close());

  test('the answer waits for durability', async () => {
    let release!: () => void;
    let calls = 0;
    h.ctx.db.durable = () => {
      calls++;
      return new Promise<void>((r) => (release = r));
    };
    let answered = false;
    const pending = h.api.post('/api/domains', key, { domain: 'durable.example.com' }).then((res) => ((answered = true), res));
    while (calls === 0) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(answered, false, 'no answer before the commit is durable');
    release();
    assert.equal((await pending).status, 201);
    h.ctx.db.durable = real;
  });

  test('a failed barrier is a 503 with Retry-After; GET does not wait', async () => {
    let calls = 0;
    h.ctx.db.durable = () => {
      calls++;
      return Promise.reject(Object.assign(new Error('fdatasync failed'), { code: 'EIO' }));
    };
    const res = await h.api.post('/api/domains', key, { domain: 'lost.example.com' }, { beyondContract: 'a failed fsync is a 503' });
    assert.equal(res.status, 503);
    assert.equal(res.json.error_code, 'service_unavailable');
    assert.equal(res.headers['retry-after'], '5');
    const before = calls;
    assert.equal((await h.api.get('/api/domains', key)).status, 200);
    assert.equal(calls, before, 'reads are not held back');
    h.ctx.db.durable = real;
  });

  test('with the real barrier, writes are answered', async () => {
    assert.equal((await h.api.post('/api/domains', key, { domain: 'real.example.com' })).status, 201);
  });
});
