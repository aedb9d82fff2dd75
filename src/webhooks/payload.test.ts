import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildBatch, serializeBatch, toBatchElement, unixSecondsString } from './payload.js';

const delivery = {
  eventId: '7609871845907017144',
  type: 'delivery',
  data: {
    event_id: '7609871845907017144', type: 'delivery', timestamp: '2024-01-15T10:31:05.000Z', request_id: '7610639000055488914',
    rcpt_to: 'a@example.com', raw_rcpt_to: 'a@example.com', recipient_domain: 'example.com', mailbox_provider: 'Other',
    mailbox_provider_region: 'Global', queue_time: 1845, rcpt_meta: [], injection_time: '2024-01-15T10:31:00.000Z',
  },
};

test('an event becomes one msys element under its class key with both ids and a unix-seconds timestamp', () => {
  const el = toBatchElement(delivery)!;
  assert.deepEqual(Object.keys(el.msys), ['message_event']);
  const inner = el.msys.message_event!;
  assert.equal(inner.type, 'delivery');
  assert.equal(inner.event_id, '7609871845907017144');
  assert.equal(inner.timestamp, '1705314665');
  assert.equal(inner.transmission_id, '7610639000055488914');
  assert.equal(inner.request_id, '7610639000055488914');
  assert.equal(inner.queue_time, 1845);
  assert.equal(inner.injection_time, '2024-01-15T10:31:00.000Z');
  assert.equal('test' in inner, false);
});

test('each category travels under its own key; unknown types are skipped; test batches are marked', () => {
  const batch = buildBatch([
    delivery,
    { eventId: '2', type: 'click', data: { timestamp: '2024-01-15T10:32:00Z', request_id: '9' } },
    { eventId: '3', type: 'generation_failure', data: { timestamp: '2024-01-15T10:32:00Z' } },
    { eventId: '4', type: 'link_unsubscribe', data: { timestamp: '2024-01-15T10:32:00Z' } },
    { eventId: '5', type: 'relay_delivery', data: { timestamp: '2024-01-15T10:32:00Z' } },
    { eventId: '6', type: 'not_a_type', data: {} },
  ], { test: true });
  assert.deepEqual(batch.map((e) => Object.keys(e.msys)[0]), ['message_event', 'track_event', 'gen_event', 'unsubscribe_event', 'relay_event']);
  assert.ok(batch.every((e) => Object.values(e.msys)[0]!.test === true));
  assert.equal(batch[2]!.msys.gen_event!.event_id, '3');
});

test('the serialized body is a JSON array, the same bytes every time', () => {
  const a = serializeBatch(buildBatch([delivery]));
  const b = serializeBatch(buildBatch([delivery]));
  assert.ok(a.equals(b));
  assert.ok(Array.isArray(JSON.parse(a.toString())));
});

test('unixSecondsString accepts ISO strings and epoch ms', () => {
  assert.equal(unixSecondsString('2024-01-15T10:30:05+00:00'), '1705314605');
  assert.equal(unixSecondsString(1705314605999), '1705314605');
  assert.equal(unixSecondsString('nonsense'), undefined);
});
