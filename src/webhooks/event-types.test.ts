import assert from 'node:assert/strict';
import { test } from 'node:test';
import { WEBHOOK_EVENT_TYPES, classKeyOf, normaliseEventType, wants } from './event-types.js';

test('there are 22 subscribable types in five categories', () => {
  assert.equal(WEBHOOK_EVENT_TYPES.length, 22);
  assert.ok(WEBHOOK_EVENT_TYPES.includes('engagement.amp_initial_open'));
  assert.ok(WEBHOOK_EVENT_TYPES.includes('relay.relay_permfail'));
});

test('both engagement spellings and short names normalise to the canonical name', () => {
  assert.equal(normaliseEventType('engagement.open'), 'engagement.open');
  assert.equal(normaliseEventType('engagament.open'), 'engagement.open');
  assert.equal(normaliseEventType('open'), 'engagement.open');
  assert.equal(normaliseEventType('delivery'), 'message.delivery');
  assert.equal(normaliseEventType(' message.bounce '), 'message.bounce');
  assert.equal(normaliseEventType('message.open'), null);
  assert.equal(normaliseEventType('email.bounced'), null);
  assert.equal(normaliseEventType('engagament.delivery'), null);
  assert.equal(normaliseEventType(''), null);
});

test('class keys follow the SparkPost convention per category', () => {
  assert.equal(classKeyOf('delivery'), 'message_event');
  assert.equal(classKeyOf('click'), 'track_event');
  assert.equal(classKeyOf('generation_failure'), 'gen_event');
  assert.equal(classKeyOf('list_unsubscribe'), 'unsubscribe_event');
  assert.equal(classKeyOf('relay_tempfail'), 'relay_event');
  assert.equal(classKeyOf('mystery'), null);
});

test('a webhook wants an event when subscribed to all or to its canonical type', () => {
  assert.ok(wants(null, 'delivery'));
  assert.ok(!wants(null, 'mystery'));
  assert.ok(wants(['message.delivery'], 'delivery'));
  assert.ok(!wants(['message.delivery'], 'bounce'));
  assert.ok(wants(['engagement.open'], 'open'));
});
