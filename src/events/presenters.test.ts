import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonEventFields, eventData, injectionFields, type EventType, type RecipientEventContext } from './model.js';
import { loadContract } from '../../test/helpers/contract.js';
import { isoSeconds, presentEmailEvent, presentPage, presentSentEmail, presentTransmission, type EventRecord } from './presenters.js';

// These shapes are checked against the contract's own component schemas (through the contract harness, which reads
// the repository's copy), not against a copy of our expectations.
const schema = (name: string) => loadContract().schemaValidator(name);
function assertMatches(name: string, value: unknown) {
  const validate = schema(name);
  assert.ok(validate(value), `${name}: ${JSON.stringify(validate.errors, null, 1)}`);
}

const ctx: RecipientEventContext = {
  requestId: '7582751837467401763', messageId: null, subject: 'Welcome', from: 'hello@example.com',
  sendingDomain: 'example.com', rcptTo: 'john@gmail.com', rawRcptTo: 'john@gmail.com', rcptType: 'to',
  tag: 'welcome-series', metadata: { user_id: '42' }, templateSlug: null, templateVersion: null, transactional: true,
  openTracking: false, clickTracking: false, ampEnabled: false, msgFrom: null, injectedAt: Date.UTC(2026, 0, 15, 10, 30),
  scheduledAt: null,
};

const injectionEvent = (c: RecipientEventContext, id: string) => eventData('injection', id, c.injectedAt, c.requestId, injectionFields(c));
const baseEventFields = (c: RecipientEventContext, type: EventType, id: string, at: number) => eventData(type, id, at, c.requestId, commonEventFields(c));

function record(data: Record<string, unknown>, id = 1): EventRecord {
  return { id, eventId: String(data.event_id), type: data.type as EventRecord['type'], requestId: ctx.requestId,
    recipient: ctx.rcptTo, createdAt: ctx.injectedAt, data };
}

describe('event model', () => {
  it('injection event has every common field, derived from the context', () => {
    const event = injectionEvent(ctx, '1');
    assert.equal(event.timestamp, '2026-01-15T10:30:00.000Z');
    assert.equal(event.recipient_domain, 'gmail.com');
    assert.equal(event.mailbox_provider, 'Gmail');
    assert.equal(event.campaign_id, 'welcome-series');
    assert.deepEqual(event.rcpt_tags, ['welcome-series']);
    assert.deepEqual(event.rcpt_meta, { user_id: '42' });
    assert.equal(event.initial_pixel, false);
    assert.equal(event.recv_method, 'rest');
  });
  it('scheduled time and template version are strings', () => {
    const event = baseEventFields({ ...ctx, scheduledAt: Date.UTC(2026, 0, 16), templateSlug: 'w', templateVersion: 3 }, 'delivery', '9', Date.UTC(2026, 0, 16, 0, 0, 1));
    assert.equal(event.scheduled_time, '2026-01-16T00:00:00.000Z');
    assert.equal(event.template_version, '3');
    assert.equal(event.template_id, 'w');
  });
});

describe('presenters match the contract schemas', () => {
  const injection = record(injectionEvent(ctx, '100'));
  const bounce = record({ ...baseEventFields(ctx, 'bounce', '101', ctx.injectedAt + 1000), bounce_class: 10, error_code: '550',
    reason: '550 5.1.1 User unknown', raw_reason: '550 5.1.1 User unknown', num_retries: 0, device_token: null }, 2);

  it('EmailEvent: rcpt_meta becomes an array, [] when empty', () => {
    const event = presentEmailEvent(injection);
    assertMatches('EmailEvent', event);
    assert.deepEqual(event.rcpt_meta, [{ user_id: '42' }]);
    const empty = presentEmailEvent(record(injectionEvent({ ...ctx, metadata: {} }, '102')));
    assertMatches('EmailEvent', empty);
    assert.deepEqual(empty.rcpt_meta, []);
    assertMatches('EmailEvent', presentEmailEvent(bounce));
  });

  it('SentEmailListItem keeps rcpt_meta an object', () => {
    const item = presentSentEmail(injection);
    assertMatches('SentEmailListItem', item);
    assert.deepEqual(item.rcpt_meta, { user_id: '42' });
    assert.equal(item.rcpt_to, 'john@gmail.com');
  });

  it('list and events envelopes', () => {
    const page = presentPage({ items: [presentSentEmail(injection)], totalCount: 1, from: 0, to: 1000, perPage: 25, nextCursor: null });
    assertMatches('ListEmailsResponse', { message: 'Emails retrieved successfully.', data: page });
    assert.equal(page.events.from, '1970-01-01T00:00:00+00:00');
    const events = presentPage({ items: [bounce, injection].map(presentEmailEvent), totalCount: 2, from: 0, to: 1000, perPage: 1, nextCursor: 'abc' });
    assertMatches('ListEmailEventsResponse', { message: 'Email events retrieved successfully.', data: events });
  });

  it('detail: recipients unique, from the message header when present', () => {
    const detail = presentTransmission({ requestId: ctx.requestId, state: 'bounced', events: [bounce, injection],
      header: { from: 'hello@example.com', fromName: 'Hello', subject: 'Welcome', scheduledAt: null } });
    assertMatches('GetEmailDetailResponse', { message: 'Email retrieved successfully.', data: detail });
    assert.deepEqual(detail.recipients, ['john@gmail.com']);
    assert.equal(detail.num_recipients, 1);
    assert.equal(detail.from_name, 'Hello');
    assert.equal(detail.events[0]!.type, 'bounce');
  });

  it('detail without a message row falls back to the events', () => {
    const detail = presentTransmission({ requestId: ctx.requestId, state: 'scheduled', events: [injection], header: null });
    assert.equal(detail.from, 'hello@example.com');
    assert.equal(detail.subject, 'Welcome');
    assert.equal(detail.from_name, null);
  });

  it('pending scheduled transmission: no events, recipients from the message, submitted', () => {
    const at = Date.UTC(2026, 0, 16, 10);
    const data = presentTransmission({ requestId: ctx.requestId, state: 'submitted', events: [], pendingRecipients: ['a@example.org', 'b@example.org'],
      header: { from: 'hello@example.com', fromName: null, subject: 'Later', scheduledAt: at } });
    assertMatches('ShowScheduledTransmissionResponse', { message: 'Scheduled transmission retrieved successfully.', data });
    assert.equal(data.scheduled_at, '2026-01-16T10:00:00+00:00');
    assert.equal(data.num_recipients, 2);
  });

  it('isoSeconds writes the contract sample form', () => assert.equal(isoSeconds(Date.UTC(2024, 0, 5)), '2024-01-05T00:00:00+00:00'));
});
