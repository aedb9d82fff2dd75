// The database queue on each dialect: claim with lease, completion guarded by ownership, lease expiry, lanes,
// disjoint concurrent claims, the thrown-error boundary, recurring jobs and the worker's drain on stop.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openDatabase } from '../src/db/index.js';
import { claimJobs, completeJob, enqueue, ensureRecurring, extendLease, runJob, Worker, type JobHandler } from '../src/queue/index.js';
import { loadConfig } from '../src/config/index.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

forEachDatabase('job queue', (db) => {
  let h: Harness;
  before(async () => {
    h = await startHarness(db());
  });
  after(() => h.close());

  const claim = (queue: string, o: { lanes?: string[]; limit?: number; worker?: string; lease?: number; now?: number } = {}) =>
    claimJobs(h.ctx.db, { queue, lanes: o.lanes ?? ['default'], limit: o.limit ?? 10, workerId: o.worker ?? 'w1', leaseMs: o.lease ?? 60_000, now: o.now ?? h.clock.now() });

  test('a claimed job is leased to one worker and gone when completed', async () => {
    await enqueue(h.ctx.db.kysely, [{ queue: 'q.basic', payload: { n: 1 } }], h.clock.now());
    const [job] = await claim('q.basic');
    assert.ok(job);
    assert.equal(job.attempts, 1);
    assert.equal(job.locked_by, 'w1');
    assert.deepEqual(JSON.parse(job.payload), { n: 1 });
    assert.equal((await claim('q.basic', { worker: 'w2' })).length, 0, 'leased jobs are not claimable');
    await completeJob(h.ctx.db.kysely, job);
    assert.equal((await h.ctx.db.kysely.selectFrom('jobs').selectAll().where('queue', '=', 'q.basic').execute()).length, 0);
  });

  test('a job whose worker died is claimed again after its lease; the late worker cannot complete it', async () => {
    await enqueue(h.ctx.db.kysely, [{ queue: 'q.lease', payload: {} }], h.clock.now());
    const [first] = await claim('q.lease', { worker: 'dead', lease: 1000 });
    assert.ok(first);
    const later = h.clock.now() + 1001;
    const [again] = await claim('q.lease', { worker: 'alive', now: later });
    assert.ok(again);
    assert.equal(again.id, first.id);
    assert.equal(again.attempts, 2);
    await completeJob(h.ctx.db.kysely, first); // the dead worker wakes up: no effect
    assert.equal((await h.ctx.db.kysely.selectFrom('jobs').select('id').where('id', '=', first.id).execute()).length, 1);
    await completeJob(h.ctx.db.kysely, again);
  });

  test('a lapsed attempt cannot renew its lease once the job is claimed again, even by the same worker', async () => {
    await enqueue(h.ctx.db.kysely, [{ queue: 'q.fence', payload: {} }], h.clock.now());
    const tokens: string[] = [];
    let renewedAfterReclaim: boolean | null = null;
    const handler: JobHandler = {
      queue: 'q.fence', leaseMs: 1000, loops: [{ lanes: ['default'], concurrency: 2 }],
      handle: async (job) => {
        tokens.push(job.locked_by!);
        if (tokens.length > 1) return { kind: 'done' };
        // The first attempt stalls past its lease; the same worker claims the job again meanwhile.
        h.clock.advance(1001);
        while (tokens.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
        renewedAfterReclaim = await extendLease(h.ctx.db.kysely, job, h.clock.now() + 60_000);
        return { kind: 'done' };
      },
    };
    const w = new Worker(h.ctx, [handler], 10);
    await w.start();
    while (renewedAfterReclaim === null) await new Promise((resolve) => setTimeout(resolve, 10));
    await w.stop(5000);
    assert.equal(tokens.length, 2);
    assert.notEqual(tokens[0], tokens[1]);
    assert.ok(tokens.every((t) => t.startsWith(`${w.id}:`)), tokens.join());
    assert.equal(renewedAfterReclaim, false);
    assert.equal((await h.ctx.db.kysely.selectFrom('jobs').select('id').where('queue', '=', 'q.fence').execute()).length, 0);
  });

  test('future jobs wait for their run_at', async () => {
    await enqueue(h.ctx.db.kysely, [{ queue: 'q.future', payload: {}, runAt: h.clock.now() + 60_000 }], h.clock.now());
    assert.equal((await claim('q.future')).length, 0);
    const [job] = await claim('q.future', { now: h.clock.now() + 60_000 });
    assert.ok(job);
    await completeJob(h.ctx.db.kysely, job);
  });

  test('lanes are claimed independently: a bulk backlog never hides a transactional job', async () => {
    const now = h.clock.now();
    await enqueue(h.ctx.db.kysely, Array.from({ length: 30 }, () => ({ queue: 'q.lanes', lane: 'bulk', payload: {}, runAt: now - 1000 })), now);
    await enqueue(h.ctx.db.kysely, [{ queue: 'q.lanes', lane: 'transactional', payload: { urgent: true } }], now);
    const tx = await claim('q.lanes', { lanes: ['transactional'], limit: 1 });
    assert.equal(tx.length, 1);
    assert.deepEqual(JSON.parse(tx[0]!.payload), { urgent: true });
    assert.equal((await claim('q.lanes', { lanes: ['bulk'], limit: 100 })).length, 30);
  });

  test('concurrent claimers get disjoint jobs and together all of them', async () => {
    await enqueue(h.ctx.db.kysely, Array.from({ length: 60 }, (_, n) => ({ queue: 'q.race', payload: { n } })), h.clock.now());
    // Separate connections on PostgreSQL (a second pool), so the claims really run at the same time.
    const other = openDatabase(loadConfig({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir }).database);
    try {
      const dbs = db().dialect === 'postgres' ? [h.ctx.db, other] : [h.ctx.db];
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => claimJobs(dbs[i % dbs.length]!, { queue: 'q.race', lanes: ['default'], limit: 15, workerId: `w${i}`, leaseMs: 60_000, now: h.clock.now() })),
      );
      const ids = results.flat().map((j) => j.id);
      assert.equal(ids.length, 60);
      assert.equal(new Set(ids).size, 60);
    } finally {
      await other.close();
    }
  });

  test('a handler that throws is retried with back-off, the error kept', async () => {
    await enqueue(h.ctx.db.kysely, [{ queue: 'q.throw', payload: {} }], h.clock.now());
    const [job] = await claim('q.throw');
    const handler: JobHandler = { queue: 'q.throw', handle: async () => { throw new Error('boom'); } };
    const outcome = await runJob(h.ctx, handler, job!);
    assert.equal(outcome.kind, 'retry');
    const row = await h.ctx.db.kysely.selectFrom('jobs').selectAll().where('id', '=', job!.id).executeTakeFirstOrThrow();
    assert.equal(row.locked_by, null);
    assert.match(row.last_error!, /boom/);
    assert.ok(row.run_at >= h.clock.now() + 700 && row.run_at <= h.clock.now() + 1300, 'first back-off ≈ 1 s');
  });

  test('recurring jobs exist once however many workers start', async () => {
    await ensureRecurring(h.ctx, 'q.recurring');
    await ensureRecurring(h.ctx, 'q.recurring');
    const rows = await h.ctx.db.kysely.selectFrom('jobs').selectAll().where('queue', '=', 'q.recurring').execute();
    assert.equal(rows.length, 1);
  });

  test('the worker runs jobs concurrently and drains in-flight work on stop', async () => {
    const seen: number[] = [];
    let concurrent = 0;
    let peak = 0;
    const handler: JobHandler<{ n: number }> = {
      queue: 'q.worker',
      loops: [{ lanes: ['default'], concurrency: 4 }],
      handle: async (job) => {
        concurrent++;
        peak = Math.max(peak, concurrent);
        await new Promise((r) => setTimeout(r, 20));
        seen.push(job.data.n);
        concurrent--;
        return { kind: 'done' };
      },
    };
    await enqueue(h.ctx.db.kysely, Array.from({ length: 12 }, (_, n) => ({ queue: 'q.worker', payload: { n } })), h.clock.now());
    const worker = new Worker(h.ctx, [handler], 20);
    await worker.start();
    for (let i = 0; i < 200 && seen.length < 12; i++) await new Promise((r) => setTimeout(r, 20));
    await worker.stop(2000);
    assert.deepEqual([...seen].sort((a, b) => a - b), Array.from({ length: 12 }, (_, n) => n));
    assert.ok(peak > 1 && peak <= 4, `peak concurrency ${peak}`);
    assert.equal((await h.ctx.db.kysely.selectFrom('jobs').select('id').where('queue', '=', 'q.worker').execute()).length, 0);
  });
});
