// Template threads: work runs off the event loop, one budget bounds a whole task (cooperatively, or by stopping the
// thread), a task over the heap limit fails alone, and the pool keeps serving after each of those.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { RenderData } from '../language/index.js';
import { TemplatePool } from './pool.js';

const data = (sub: Record<string, unknown>): RenderData => ({ recipient: { email: 'r@example.test' }, substitutionData: sub, metadata: {}, envFrom: 'a@sender.test' });
/** Seconds of rendering: 90 000 loop iterations, each evaluating a long `or` chain. */
const HEAVY = `{{each l}}{{each l}}{{ ${Array.from({ length: 120 }, (_, i) => `k${i}`).join(' or ')} }}{{end}}{{end}}`;
const HEAVY_DATA = data({ l: Array.from({ length: 300 }, (_, i) => i) });

describe('template threads', () => {
  const pool = new TemplatePool(2, 64);
  after(() => pool.close());

  it('renders every part and compiles merge tags on a thread', async () => {
    const r = await pool.render({ kind: 'render', cacheKey: 't1', budgetMs: 5000, data: data({ n: 'Ann' }), parts: [
      { name: 'subject', source: 'Hi {{n}}', part: 'subject' }, { name: 'html', source: '<b>{{n}}</b>', part: 'html' },
    ] });
    assert.deepEqual(r, { ok: true, values: ['Hi Ann', '<b>Ann</b>'] });
    const m = await pool.mergeTags({ kind: 'mergeTags', budgetMs: 5000, parts: ['{{a}}', '{{if b}}{{c}}{{end}}'] });
    assert.deepEqual(m, { ok: true, mergeTags: [{ key: 'a', required: true }, { key: 'b', required: false }, { key: 'c', required: false }] });
  });

  it('the event loop stays free while a thread renders: timers run to completion before the render answers', async () => {
    const order: string[] = [];
    const render = pool.render({ kind: 'render', cacheKey: 't2', budgetMs: 1500, data: HEAVY_DATA, parts: [{ name: 'html', source: HEAVY, part: 'html' }] })
      .then((r) => { order.push('render'); return r; });
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    order.push('timers');
    const r = await render;
    assert.deepEqual(order, ['timers', 'render']);
    // HEAVY takes about half a second here: finished on a quiet machine, over the budget on a starved one (stopped by
    // the thread's own check, which names the part, or by the hard stop, which does not). Either way the loop was free.
    assert.ok(r.ok || (r.reason === 'template work exceeded the 1500 ms time budget' && [undefined, 'html'].includes(r.part)), JSON.stringify(r));
  });

  it('compile counts against the budget: a 4 MB template with a 10 ms budget fails naming the budget', async () => {
    const big = '{{if a}} {{b}} '.repeat(300_000);
    const m = await pool.mergeTags({ kind: 'mergeTags', budgetMs: 10, parts: [big] });
    assert.deepEqual(m, { ok: false, reason: 'template work exceeded the 10 ms time budget' });
  });

  it('a task over the thread heap limit fails alone with the memory bound named; the next task is served', async () => {
    // Deep nesting compiles to a node per tag: far more than 64 MB for 8 MB of source.
    const huge = `${'{{if a}}'.repeat(600_000)}x${'{{end}}'.repeat(600_000)}`;
    const m = await pool.mergeTags({ kind: 'mergeTags', budgetMs: 60_000, parts: [huge] });
    assert.deepEqual(m, { ok: false, reason: 'template work exceeded the 64 MB memory bound' });
    const next = await pool.mergeTags({ kind: 'mergeTags', budgetMs: 5000, parts: ['{{x}}'] });
    assert.deepEqual(next, { ok: true, mergeTags: [{ key: 'x', required: true }] });
  });

  it('several heavy tasks at once: each is bounded and the pool answers them all', async () => {
    const tasks = [1, 2, 3].map((i) => pool.render({ kind: 'render', cacheKey: `t3-${i}`, budgetMs: 300, data: HEAVY_DATA, parts: [{ name: 'text', source: HEAVY, part: 'text' }] }));
    for (const r of await Promise.all(tasks)) {
      assert.ok(!r.ok && r.reason === 'template work exceeded the 300 ms time budget' && [undefined, 'text'].includes(r.part), JSON.stringify(r));
    }
  });
});
