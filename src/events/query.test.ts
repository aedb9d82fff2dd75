import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeCursor } from './cursor.js';
import { DEFAULT_WINDOW_MS, parseDetailQuery, parseEventsQuery, parseListQuery } from './query.js';

const NOW = Date.UTC(2026, 0, 15, 12);

describe('query parsing: contract 422 messages', () => {
  const cases: Array<[string, Record<string, unknown>, Record<string, string[]>]> = [
    ['per_page text', { per_page: 'ten' }, { per_page: ['The per_page parameter must be an integer.'] }],
    ['per_page 101', { per_page: '101' }, { per_page: ['The per_page parameter must not exceed 100.'] }],
    ['per_page 0', { per_page: '0' }, { per_page: ['The per_page parameter must be at least 1.'] }],
    ['per_page repeated', { per_page: ['1', '2'] }, { per_page: ['The per_page parameter must be an integer.'] }],
    ['from not a date', { from: 'yesterday' }, { from: ['The from parameter must be a valid date.'] }],
    ['to not a date', { to: '2026-02-31' }, { to: ['The to parameter must be a valid date.'] }],
    ['to before from', { from: '2026-01-10', to: '2026-01-09' }, { to: ['The to parameter must be a date after or equal to from.'] }],
    ['bad cursor', { cursor: 'zzz' }, { cursor: ['The cursor parameter is invalid.'] }],
  ];
  for (const [name, query, expected] of cases) {
    it(`${name} (all three reads share it)`, () => {
      for (const parse of [parseListQuery, parseEventsQuery]) {
        const result = parse(query, NOW);
        assert.deepEqual(result.ok ? {} : result.errors, expected);
      }
      if (!('per_page' in query) && !('cursor' in query)) {
        const detail = parseDetailQuery(query, NOW);
        assert.deepEqual(detail.ok ? {} : detail.errors, expected);
      }
    });
  }
});

describe('GET /emails query', () => {
  it('defaults: 25 per page, last 10 days', () => {
    assert.deepEqual(parseListQuery({}, NOW), { ok: true, value: { from: NOW - DEFAULT_WINDOW_MS, to: NOW, perPage: 25, cursor: null, recipient: null } });
  });
  it('a bare to-date covers its whole day; a date-time is exact', () => {
    const result = parseListQuery({ from: '2026-01-01', to: '2026-01-02', per_page: '5', cursor: encodeCursor({ createdAt: 9, id: 3 }) }, NOW);
    assert.deepEqual(result, { ok: true, value: { from: Date.UTC(2026, 0, 1), to: Date.UTC(2026, 0, 3) - 1, perPage: 5, cursor: { createdAt: 9, id: 3 }, recipient: null } });
    const exact = parseListQuery({ from: '2026-01-01', to: '2026-01-02T10:00:00Z' }, NOW);
    assert.equal(exact.ok && exact.value.to, Date.UTC(2026, 0, 2, 10));
  });
  it('recipients is one address', () => {
    const bad = parseListQuery({ recipients: 'a@x.com,b@x.com' }, NOW);
    assert.deepEqual(bad.ok ? null : bad.errors, { recipients: ['The recipients parameter must be a valid email address.'] });
    const good = parseListQuery({ recipients: 'a@example.com' }, NOW);
    assert.equal(good.ok && good.value.recipient, 'a@example.com');
  });
});

describe('GET /emails/events query', () => {
  it('parses comma lists, also when repeated', () => {
    const result = parseEventsQuery({ events: ['delivery,bounce', 'open'], recipients: 'a@example.com, b@example.org', bounce_classes: '10,30', transmissions: '7582751837467401763' }, NOW);
    assert.ok(result.ok);
    assert.deepEqual(result.value.types, ['delivery', 'bounce', 'open']);
    assert.deepEqual(result.value.recipients, ['a@example.com', 'b@example.org']);
    assert.deepEqual(result.value.bounceClasses, [10, 30]);
    assert.equal(result.value.requestId, '7582751837467401763');
  });
  it('refuses unknown types, bad addresses, classes and transmission ids', () => {
    const result = parseEventsQuery({ events: 'delivery,sent', recipients: 'nope', bounce_classes: '10,x', transmissions: 'trans-1' }, NOW);
    assert.deepEqual(result.ok ? null : result.errors, {
      events: ['The events parameter must only contain valid event types.'],
      recipients: ['The recipients parameter must only contain valid email addresses.'],
      bounce_classes: ['The bounce_classes parameter must be a comma-separated list of integers.'],
      transmissions: ['The transmissions parameter must be a valid transmission ID.'],
    });
  });
  it('bounds filter lists at 50 values', () => {
    const result = parseEventsQuery({ recipients: Array.from({ length: 51 }, (_, i) => `r${i}@example.com`).join(',') }, NOW);
    assert.deepEqual(result.ok ? null : result.errors, { recipients: ['The recipients parameter must not contain more than 50 values.'] });
  });
});
