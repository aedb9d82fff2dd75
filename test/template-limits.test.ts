// Template work is bounded and off the event loop (issue 11 §1): a template whose compile is over LETTR_TEMPLATE_BUDGET
// is a 422 naming the limit at POST and PUT /api/templates, and the API answers other requests while it compiles;
// a message whose rendering (all parts together) is over the budget ends as generation_failure naming it. Both databases.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';
import { sendingTeam } from './helpers/sending.js';

const BUDGET = '100ms';
/** About a second of compile work: 3 MB of nested statements. */
const HEAVY_SOURCE = `${'{{if a}} '.repeat(170_000)}x${'{{end}}'.repeat(170_000)}`;
/** Seconds of rendering: 90 000 loop iterations, each evaluating a long `or` chain. */
const HEAVY_RENDER = `{{each l}}{{each l}}{{ ${Array.from({ length: 120 }, (_, i) => `k${i}`).join(' or ')} }}{{end}}{{end}}`;
const LIMIT_MESSAGE = 'The html could not be compiled within the template limits: template work exceeded the 100 ms time budget.';

forEachDatabase('template work limits', (db) => {
  let h: Harness;
  let key: string;
  before(async () => {
    h = await startHarness(db(), { LETTR_TEMPLATE_BUDGET: BUDGET });
    ({ key } = await sendingTeam(h));
  });
  after(() => h.close());

  test('POST /templates over the compile budget: 422 naming the limit, and /api/health answers first', async () => {
    const order: string[] = [];
    const created = h.api.post('/api/templates', key, { name: 'Heavy', html: HEAVY_SOURCE }).then((r) => { order.push('template'); return r; });
    const health = h.app.inject({ method: 'GET', url: '/api/health' }).then((r) => { order.push('health'); return r; });
    const [c, hl] = await Promise.all([created, health]);
    assert.equal(hl.statusCode, 200);
    assert.equal(c.status, 422, c.text);
    assert.deepEqual(c.json.errors, { html: [LIMIT_MESSAGE] });
    assert.deepEqual(order, ['health', 'template']);
  });

  test('PUT /templates/:slug over the compile budget: 422, the active version unchanged', async () => {
    assert.equal((await h.api.post('/api/templates', key, { name: 'Light', html: '<p>{{name}}</p>' })).status, 201);
    const put = await h.api.put('/api/templates/light', key, { html: HEAVY_SOURCE });
    assert.equal(put.status, 422, put.text);
    assert.deepEqual(put.json.errors, { html: [LIMIT_MESSAGE] });
    const got = await h.api.get('/api/templates/light', key);
    assert.equal(got.json.data.active_version, 1);
  });

  test('a message whose rendering is over the budget ends as generation_failure naming it', async () => {
    const sent = await h.api.post('/api/emails', key, {
      from: 'a@example.com', to: ['heavy@example.org'], subject: 'Hi', html: HEAVY_RENDER,
      substitution_data: { l: Array.from({ length: 300 }, (_, i) => i) },
    });
    assert.equal(sent.status, 200, sent.text);
    await h.runJobs();
    const events = await h.ctx.db.kysely.selectFrom('events').select(['type', 'data']).where('request_id', '=', sent.json.data.request_id).orderBy('id').execute();
    assert.deepEqual(events.map((e) => e.type), ['injection', 'generation_failure']);
    assert.match(JSON.parse(events[1]!.data).reason, /^Rendering (html )?failed: template work exceeded the 100 ms time budget$/);
  });
});
