// Events → signed batches → a real receiver, on both databases: batching, filtering, the retry schedule with the same
// body on every attempt, 410, sustained failure, timeouts, redirects, manual redelivery, test sends and rotation.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { closeWebhookRuntime } from '../../src/webhooks/index.js';
import { forEachDatabase } from '../helpers/databases.js';
import { startHarness, type Harness } from '../helpers/harness.js';
import { HttpReceiver } from '../helpers/http-receiver.js';
import { createHook, eventIdsIn, pump, pumpPastWindow, recordSample } from './support.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

forEachDatabase('webhook delivery', (db) => {
  let h: Harness;
  let rx: HttpReceiver;
  let key: string;
  let teamId: number;
  before(async () => {
    h = await startHarness(db(), { LETTR_WEBHOOK_ALLOW_PRIVATE: 'true', LETTR_WEBHOOK_BATCH: '3', LETTR_WEBHOOK_TIMEOUT: '500ms' });
    rx = await HttpReceiver.start();
  });
  after(async () => {
    await closeWebhookRuntime(h.ctx);
    await rx.close();
    await h.close();
  });
  beforeEach(async () => {
    // Each test starts with no webhooks and no queued dispatches, so one test's retries never reach the next.
    const k = h.ctx.db.kysely;
    await k.deleteFrom('webhook_attempts').execute();
    await k.deleteFrom('webhook_deliveries').execute();
    await k.deleteFrom('webhook_pending').execute();
    await k.deleteFrom('webhooks').execute();
    await k.deleteFrom('jobs').where('queue', '=', 'webhooks.dispatch').execute();
    // Back to real time: the standardwebhooks library checks webhook-timestamp against the real clock.
    h.clock.advance(Date.now() - h.clock.now());
    teamId = await h.createTeam();
    key = (await h.createKey(teamId)).key;
    rx.requests.length = 0;
    rx.setDefault({ status: 200, body: 'ok' });
  });

  test('events become msys batches signed for the founding verifier and Standard Webhooks', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/in` });
    const events = await recordSample(h, teamId, 3);
    await pump(h);
    assert.equal(rx.requests.length, 1);
    const req = rx.requests[0]!;
    const batch = JSON.parse(req.body.toString());
    assert.equal(batch.length, 3);
    assert.deepEqual(eventIdsIn([req]), events.map((e) => e.eventId));
    const inner = batch[0].msys.message_event;
    assert.equal(inner.type, 'delivery');
    assert.equal(inner.transmission_id, events[0]!.requestId);
    assert.match(inner.timestamp, /^\d{10}$/);
    assert.equal(req.headers['lettr-signature'], createHmac('sha256', hook.secret).update(req.body).digest('hex'));
    assert.doesNotThrow(() => new Webhook(hook.secret).verify(req.body.toString(), req.headers as Record<string, string>));
    assert.match(req.headers['user-agent']!, /^Lettr-Webhooks\/\d+\.\d+\.\d+/);

    const shown = (await h.api.get(`/api/webhooks/${hook.id}`, key)).json.data;
    assert.equal(shown.last_status, 'success');
    assert.ok(shown.last_successful_at);
    const deliveries = (await h.api.get(`/api/webhooks/${hook.id}/deliveries`, key, { beyondContract: 'delivery log' })).json.data.deliveries;
    assert.equal(deliveries.length, 1);
    assert.equal(deliveries[0].state, 'delivered');
    assert.equal(deliveries[0].id, req.headers['webhook-id']);
    assert.deepEqual(deliveries[0].attempt_log.map((a: { status_code: number; success: boolean }) => [a.status_code, a.success]), [[200, true]]);
  });

  test('a full batch goes at once; a partial one waits for the window', async () => {
    await createHook(h, key, { url: `${rx.url}/batch` });
    const events = await recordSample(h, teamId, 7);
    await pump(h);
    assert.deepEqual(rx.requests.map((r) => JSON.parse(r.body.toString()).length), [3, 3]);
    h.clock.advance(1000);
    await pump(h);
    assert.deepEqual(rx.requests.map((r) => JSON.parse(r.body.toString()).length), [3, 3, 1]);
    // Batches may go out in any order (spec §6.9); every event is in exactly one.
    assert.deepEqual(eventIdsIn(rx.requests).sort(), events.map((e) => e.eventId).sort());
  });

  test('a webhook gets only its selected types, only its team, and nothing while disabled', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/sel`, events_mode: 'selected', events: ['message.bounce'] });
    const otherTeam = await h.createTeam('other');
    await recordSample(h, teamId, 2, 'delivery');
    const bounces = await recordSample(h, teamId, 1, 'bounce');
    await recordSample(h, otherTeam, 2, 'bounce');
    await pumpPastWindow(h);
    assert.deepEqual(eventIdsIn(rx.requests), bounces.map((e) => e.eventId));

    await h.api.put(`/api/webhooks/${hook.id}`, key, { active: false });
    await recordSample(h, teamId, 2, 'bounce');
    await pumpPastWindow(h);
    assert.equal(rx.requests.length, 1);
    // Re-enabling resumes with new events only (no backlog, spec §6.1).
    await h.api.put(`/api/webhooks/${hook.id}`, key, { active: true });
    const later = await recordSample(h, teamId, 1, 'bounce');
    await pumpPastWindow(h);
    assert.deepEqual(eventIdsIn(rx.requests.slice(1)), later.map((e) => e.eventId));
  });

  test('a receiver failing three times then recovering gets the same body each time, on schedule', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/flaky` });
    rx.script({ status: 500, body: 'down' }, { status: 503 }, { status: 404 });
    await recordSample(h, teamId, 3);
    await pump(h);
    assert.equal(rx.requests.length, 1);
    h.clock.advance(MIN - 1000);
    await pump(h);
    assert.equal(rx.requests.length, 1, 'not before the 1 minute step');
    h.clock.advance(1000);
    await pump(h);
    assert.equal(rx.requests.length, 2);
    h.clock.advance(5 * MIN);
    await pump(h);
    h.clock.advance(30 * MIN);
    await pump(h);
    assert.equal(rx.requests.length, 4);
    const bodies = new Set(rx.requests.map((r) => r.body.toString('base64')));
    assert.equal(bodies.size, 1, 'same bytes on every attempt');
    assert.equal(new Set(rx.requests.map((r) => r.headers['webhook-id'])).size, 1);
    for (const r of rx.requests) assert.equal(r.headers['lettr-signature'], createHmac('sha256', hook.secret).update(r.body).digest('hex'));

    const d = (await h.api.get(`/api/webhooks/${hook.id}/deliveries`, key, { beyondContract: 'delivery log' })).json.data.deliveries[0];
    assert.equal(d.state, 'delivered');
    assert.deepEqual(d.attempt_log.map((a: { status_code: number }) => a.status_code), [500, 503, 404, 200]);
    assert.equal(d.attempt_log[0].response_excerpt, 'down');
    const shown = (await h.api.get(`/api/webhooks/${hook.id}`, key)).json.data;
    assert.equal(shown.last_status, 'success');
    assert.ok(shown.last_failure_at);
  });

  test('seven failed attempts over the schedule make a delivery permanently failed; manual retry delivers it', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/dead` });
    rx.setDefault({ status: 500 });
    await recordSample(h, teamId, 3);
    await pump(h);
    for (const step of [MIN, 5 * MIN, 30 * MIN, 2 * HOUR, 8 * HOUR, 24 * HOUR, 48 * HOUR]) {
      h.clock.advance(step);
      await pump(h);
    }
    assert.equal(rx.requests.length, 7);
    const list = await h.api.get(`/api/webhooks/${hook.id}/deliveries?state=failed`, key, { beyondContract: 'delivery log' });
    const d = list.json.data.deliveries[0];
    assert.equal(d.state, 'failed');
    assert.equal(d.attempts, 7);
    assert.equal((await h.api.get(`/api/webhooks/${hook.id}`, key)).json.data.last_status, 'failure');

    rx.setDefault({ status: 204 });
    const retry = await h.api.post(`/api/webhooks/${hook.id}/deliveries/${d.id}/retry`, key, {}, { beyondContract: 'manual redelivery' });
    assert.equal(retry.status, 202);
    await pump(h);
    assert.equal(rx.requests.length, 8);
    assert.ok(rx.requests[7]!.body.equals(rx.requests[0]!.body));
    const after = (await h.api.get(`/api/webhooks/${hook.id}/deliveries/${d.id}`, key, { beyondContract: 'delivery log' })).json.data;
    assert.equal(after.state, 'delivered');
    assert.equal(after.attempt_log.at(-1).trigger, 'manual');
  });

  test('410 Gone disables the webhook at once, with the reason recorded and audited', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/gone` });
    rx.script({ status: 410, body: 'bye' });
    await recordSample(h, teamId, 3);
    await pump(h);
    h.clock.advance(HOUR);
    await pump(h);
    assert.equal(rx.requests.length, 1, 'no retry after 410');
    const shown = (await h.api.get(`/api/webhooks/${hook.id}`, key)).json.data;
    assert.equal(shown.enabled, false);
    assert.equal(shown.disabled_reason, 'The receiver answered 410 Gone.');
    const audit = await h.ctx.db.kysely.selectFrom('audit_events').selectAll().where('team_id', '=', teamId).where('action', '=', 'webhook.disabled').execute();
    assert.equal(audit.length, 1);
    assert.equal(audit[0]!.actor_type, 'system');
    await recordSample(h, teamId, 3);
    await pump(h);
    assert.equal(rx.requests.length, 1);
  });

  test('a timeout and a redirect are failed attempts that are retried', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/slow` });
    const elsewhere = await HttpReceiver.start();
    rx.script({ stall: true }, { redirectTo: `${elsewhere.url}/x` });
    await recordSample(h, teamId, 3);
    await pump(h);
    h.clock.advance(MIN);
    await pump(h);
    const d = (await h.api.get(`/api/webhooks/${hook.id}/deliveries`, key, { beyondContract: 'delivery log' })).json.data.deliveries[0];
    assert.equal(d.state, 'pending');
    assert.match(d.attempt_log[0].error, /^timeout: no complete response within 500 ms/);
    assert.equal(d.attempt_log[1].status_code, 302);
    assert.match(d.attempt_log[1].error, /^redirect not followed/);
    assert.equal(elsewhere.requests.length, 0);
    await elsewhere.close();
  });

  test('a test send is a marked, signed sample of the chosen type', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/test` });
    const res = await h.api.post(`/api/webhooks/${hook.id}/test`, key, { event_type: 'engagament.click' }, { beyondContract: 'test send' });
    assert.equal(res.status, 202);
    await pump(h);
    const [el] = JSON.parse(rx.requests[0]!.body.toString());
    assert.equal(el.msys.track_event.type, 'click');
    assert.equal(el.msys.track_event.test, true);
    assert.doesNotThrow(() => new Webhook(hook.secret).verify(rx.requests[0]!.body.toString(), rx.requests[0]!.headers as Record<string, string>));
    const bad = await h.api.post(`/api/webhooks/${hook.id}/test`, key, { event_type: 'nope' }, { beyondContract: 'test send' });
    assert.equal(bad.status, 422);
  });

  test('during a rotation both secrets sign; lettr-signature stays on the old one until the overlap ends', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/rot` });
    const rotated = (await h.api.post(`/api/webhooks/${hook.id}/secret/rotate`, key, { overlap_seconds: 600 }, { beyondContract: 'secret rotation' })).json.data;
    await recordSample(h, teamId, 3);
    await pump(h);
    const during = rx.requests[0]!;
    assert.equal((during.headers['webhook-signature'] as string).split(' ').length, 2);
    assert.equal(during.headers['lettr-signature'], createHmac('sha256', hook.secret).update(during.body).digest('hex'));
    for (const s of [hook.secret, rotated.secret]) assert.doesNotThrow(() => new Webhook(s).verify(during.body.toString(), during.headers as Record<string, string>));
    h.clock.advance(601_000);
    await recordSample(h, teamId, 3);
    await pump(h);
    const afterwards = rx.requests[1]!;
    assert.equal((afterwards.headers['webhook-signature'] as string).split(' ').length, 1);
    assert.equal(afterwards.headers['lettr-signature'], createHmac('sha256', rotated.secret).update(afterwards.body).digest('hex'));
  });

  test('deleting a webhook stops its queued deliveries', async () => {
    const hook = await createHook(h, key, { url: `${rx.url}/del` });
    rx.script({ status: 500 });
    await recordSample(h, teamId, 3);
    await pump(h);
    await h.api.delete(`/api/webhooks/${hook.id}`, key);
    h.clock.advance(MIN);
    await pump(h);
    assert.equal(rx.requests.length, 1);
  });
});

forEachDatabase('webhook sustained-failure disable', (db) => {
  let h: Harness;
  let rx: HttpReceiver;
  before(async () => {
    h = await startHarness(db(), { LETTR_WEBHOOK_ALLOW_PRIVATE: 'true', LETTR_WEBHOOK_BATCH: '1', LETTR_WEBHOOK_RETRY_SCHEDULE: '0,1m', LETTR_WEBHOOK_DISABLE_AFTER: '3' });
    rx = await HttpReceiver.start();
  });
  after(async () => {
    await closeWebhookRuntime(h.ctx);
    await rx.close();
    await h.close();
  });

  describe('threshold', () => {
    test('three deliveries in a row failing every retry disable the webhook; a success in between resets the count', async () => {
      const teamId = await h.createTeam();
      const { key } = await h.createKey(teamId);
      const hook = await createHook(h, key, { url: `${rx.url}/sick` });
      // Delivery 1 fails twice (exhausted), delivery 2 succeeds, deliveries 3–5 are exhausted.
      rx.script({ status: 500 }, { status: 500 }, { status: 200 });
      rx.setDefault({ status: 500 });
      for (let i = 0; i < 5; i++) {
        await recordSample(h, teamId, 1);
        await pump(h);
        h.clock.advance(MIN);
        await pump(h);
        const enabled = (await h.api.get(`/api/webhooks/${hook.id}`, key)).json.data.enabled;
        assert.equal(enabled, i < 4, `after delivery ${i + 1}`);
      }
      const shown = (await h.api.get(`/api/webhooks/${hook.id}`, key)).json.data;
      assert.equal(shown.disabled_reason, '3 deliveries in a row failed every retry with no success in between.');
      const reenabled = await h.api.put(`/api/webhooks/${hook.id}`, key, { active: true });
      assert.equal(reenabled.json.data.enabled, true);
      assert.equal(reenabled.json.data.disabled_reason, null);
    });
  });
});
