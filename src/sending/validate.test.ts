import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSendRequest } from './validate.js';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
const base = { from: 'sender@example.com', to: ['rcpt@example.org'], subject: 'Hello', html: '<p>Hi</p>' };

function errorsOf(body: unknown, scheduled = false) {
  const result = validateSendRequest(body, { now: NOW, scheduled });
  return result.ok ? {} : result.errors;
}

function requestOf(body: unknown, scheduled = false) {
  const result = validateSendRequest(body, { now: NOW, scheduled });
  assert.ok(result.ok, `expected valid, got ${JSON.stringify(!result.ok && result.errors)}`);
  return result.request;
}

const many = (n: number, domain = 'example.org') => Array.from({ length: n }, (_, i) => `r${i}@${domain}`);
const b64 = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

// Each row: a body and exactly the errors map the contract expects (key → messages).
const invalid: Array<[string, unknown, Record<string, string[]>]> = [
  ['not an object', 'hello', {
    from: ['The sender email address is required.'],
    subject: ['The subject field is required when template slug is not present.'],
    html: ['The html field is required when none of text / template slug are present.'],
    to: ['At least one recipient email address is required.'],
  }],
  ['contract 422 example', { subject: 'x', text: 'y' }, {
    from: ['The sender email address is required.'],
    to: ['At least one recipient email address is required.'],
  }],
  ['empty to', { ...base, to: [] }, { to: ['At least one recipient email address is required.'] }],
  ['to not an array', { ...base, to: 'a@example.org' }, { to: ['The to must be an array.'] }],
  ['bad to item (docs example)', { ...base, to: ['ok@example.org', 'nope'] }, { 'to.1': ['The to.1 must be a valid email address.'] }],
  ['to item not a string', { ...base, to: [42] }, { 'to.0': ['The to.0 must be a valid email address.'] }],
  ['51 to (docs example)', { ...base, to: many(51) }, { to: ['The to field must not have more than 50 items.'] }],
  ['51 across to/cc/bcc', { ...base, to: many(20), cc: many(20, 'cc.example'), bcc: many(11, 'bcc.example') },
    { to: ['The to, cc and bcc fields must not have more than 50 recipients in total.'] }],
  ['bad cc', { ...base, cc: ['a@b'] }, { 'cc.0': ['The cc.0 must be a valid email address.'] }],
  ['bad from', { ...base, from: 'not-an-address' }, { from: ['The from must be a valid email address.'] }],
  ['from domain literal', { ...base, from: 'a@[127.0.0.1]' }, { from: ['The from must be a valid email address.'] }],
  ['from with CRLF', { ...base, from: 'a@example.com\r\nBcc: x@evil.test' }, { from: ['The from must be a valid email address.'] }],
  ['long address', { ...base, to: [`${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.${'e'.repeat(60)}.com`] },
    { 'to.0': ['The to.0 must not be greater than 255 characters.'] }],
  ['bad reply_to', { ...base, reply_to: 'x' }, { reply_to: ['The reply to must be a valid email address.'] }],
  ['from_name too long', { ...base, from_name: 'n'.repeat(256) }, { from_name: ['The from name must not be greater than 255 characters.'] }],
  ['from_name CRLF', { ...base, from_name: 'Eve\r\nBcc: victim@example.org' }, { from_name: ['The from name must not contain line breaks.'] }],
  ['from_name bare LF', { ...base, from_name: 'Eve\nX: y' }, { from_name: ['The from name must not contain line breaks.'] }],
  ['reply_to_name CR', { ...base, reply_to_name: 'A\rB' }, { reply_to_name: ['The reply to name must not contain line breaks.'] }],
  ['subject CRLF', { ...base, subject: 'Hi\r\nBcc: victim@example.org' }, { subject: ['The subject must not contain line breaks.'] }],
  ['subject NUL', { ...base, subject: 'Hi\u0000there' }, { subject: ['The subject must not contain control characters.'] }],
  ['subject 999', { ...base, subject: 's'.repeat(999) }, { subject: ['The subject must not be greater than 998 characters.'] }],
  ['subject missing', { ...base, subject: undefined }, { subject: ['The subject field is required when template slug is not present.'] }],
  ['subject empty string', { ...base, subject: '' }, { subject: ['The subject field is required when template slug is not present.'] }],
  ['subject not a string', { ...base, subject: 5 }, { subject: ['The subject must be a string.'] }],
  ['no content', { ...base, html: null }, { html: ['The html field is required when none of text / template slug are present.'] }],
  ['amp without html', { ...base, html: undefined, text: 't', amp_html: '<html amp4email>' },
    { amp_html: ['The amp html field requires an html or template slug fallback.'] }],
  ['template_version 0', { ...base, template_slug: 'welcome', template_version: 0 }, { template_version: ['The template version must be at least 1.'] }],
  ['template_version text', { ...base, template_slug: 'welcome', template_version: 'two' }, { template_version: ['The template version must be an integer.'] }],
  ['project_id float', { ...base, template_slug: 'welcome', project_id: 1.5 }, { project_id: ['The project id must be an integer.'] }],
  ['template_slug too long', { ...base, template_slug: 's'.repeat(256) }, { template_slug: ['The template slug must not be greater than 255 characters.'] }],
  ['tag too long', { ...base, tag: 't'.repeat(65) }, { tag: ['The tag must not be greater than 64 characters.'] }],
  ['tag with space', { ...base, tag: 'two words' }, { tag: ['The tag must only contain letters, numbers, dashes, and underscores.'] }],
  ['tag with CRLF', { ...base, tag: 'a\r\nX-Injected: 1' }, { tag: ['The tag must not contain line breaks.'] }],
  ['metadata array', { ...base, metadata: ['a'] }, { metadata: ['The metadata must be an object.'] }],
  ['metadata 51 keys', { ...base, metadata: Object.fromEntries(many(51).map((k) => [k.slice(0, 3), 'v']).concat(many(51).map((k, i) => [`k${i}`, 'v'])).slice(0, 51)) },
    { metadata: ['The metadata field must not have more than 50 items.'] }],
  ['metadata key 41', { ...base, metadata: { ['k'.repeat(41)]: 'v' } }, { [`metadata.${'k'.repeat(41)}`]: [`The metadata key ${'k'.repeat(41)} must be between 1 and 40 characters.`] }],
  ['metadata number value', { ...base, metadata: { user_id: 12345 } }, { 'metadata.user_id': ['The metadata.user_id must be a string.'] }],
  ['metadata value nested 100 000 deep', { ...base, metadata: { a: nest(100_000) } }, { 'metadata.a': ['The metadata.a must be a string.'] }],
  ['metadata value 501', { ...base, metadata: { note: 'v'.repeat(501) } }, { 'metadata.note': ['The metadata.note must not be greater than 500 characters.'] }],
  ['metadata over 8 KB', { ...base, metadata: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`key${i}`, 'v'.repeat(450)])) },
    { metadata: ['The metadata must not be greater than 8 kilobytes in total.'] }],
  ['11 headers', { ...base, headers: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`X-H${i}`, 'v'])) },
    { headers: ['The headers field must not have more than 10 items.'] }],
  ['reserved header, any case', { ...base, headers: { 'bcc': 'victim@example.org', 'X-MSYS-API': '{}', 'list-unsubscribe': '<x>' } }, {
    'headers.bcc': ['The bcc header is managed by the system and cannot be set.'],
    'headers.X-MSYS-API': ['The X-MSYS-API header is managed by the system and cannot be set.'],
    'headers.list-unsubscribe': ['The list-unsubscribe header is managed by the system and cannot be set.'],
  }],
  ['forged or structure-changing headers, each named', { ...base, headers: {
    Sender: 'ceo@bank.example', 'Authentication-Results': 'mx.example; dkim=pass', 'ARC-Seal': 'i=1', 'resent-from': 'a@b.example',
    'Content-Type': 'multipart/mixed; boundary=x', 'Content-Disposition': 'attachment', 'Disposition-Notification-To': 'a@b.example',
    'Received': 'from x', 'Return-Path': '<a@b.example>', 'MIME-Version': '1.0',
  } }, {
    'headers.Sender': ["The Sender header cannot be set: it would misstate the sender, the message's route or its MIME structure."],
    'headers.Authentication-Results': ["The Authentication-Results header cannot be set: it would misstate the sender, the message's route or its MIME structure."],
    'headers.ARC-Seal': ["The ARC-Seal header cannot be set: it would misstate the sender, the message's route or its MIME structure."],
    'headers.resent-from': ["The resent-from header cannot be set: it would misstate the sender, the message's route or its MIME structure."],
    'headers.Content-Type': ['The Content-Type header is managed by the system and cannot be set.'],
    'headers.Content-Disposition': ["The Content-Disposition header cannot be set: it would misstate the sender, the message's route or its MIME structure."],
    'headers.Disposition-Notification-To': ["The Disposition-Notification-To header cannot be set: it would misstate the sender, the message's route or its MIME structure."],
    'headers.Received': ['The Received header is managed by the system and cannot be set.'],
    'headers.Return-Path': ['The Return-Path header is managed by the system and cannot be set.'],
    'headers.MIME-Version': ['The MIME-Version header is managed by the system and cannot be set.'],
  }],
  ['header value CRLF', { ...base, headers: { 'X-Custom': 'a\r\nBcc: victim@example.org' } }, { 'headers.X-Custom': ['The headers.X-Custom must not contain line breaks.'] }],
  ['header name with colon', { ...base, headers: { 'X-A:B': 'v' } }, { 'headers.X-A:B': ['The header name X-A:B is not a valid header field name.'] }],
  ['header name with space', { ...base, headers: { 'X A': 'v' } }, { 'headers.X A': ['The header name X A is not a valid header field name.'] }],
  ['header name CRLF', { ...base, headers: { 'X-A\r\nBcc': 'v' } }, { 'headers.X-A\r\nBcc': ['The header name X-A\r\nBcc is not a valid header field name.'] }],
  ['header value 999', { ...base, headers: { 'X-Long': 'v'.repeat(999) } }, { 'headers.X-Long': ['The headers.X-Long must not be greater than 998 characters.'] }],
  ['header duplicate by case', { ...base, headers: { 'X-Dup': 'a', 'x-dup': 'b' } }, { 'headers.x-dup': ['The headers.x-dup field has a duplicate value.'] }],
  ['header value number', { ...base, headers: { 'X-N': 1 } }, { 'headers.X-N': ['The headers.X-N must be a string.'] }],
  ['options not boolean', { ...base, options: { transactional: 'yes', open_tracking: 2 } }, {
    'options.transactional': ['The options.transactional field must be true or false.'],
    'options.open_tracking': ['The options.open_tracking field must be true or false.'],
  }],
  ['substitution_data array', { ...base, substitution_data: [1] }, { substitution_data: ['The substitution data must be an object.'] }],
  ['substitution_data too deep', { ...base, substitution_data: nest(40) }, { substitution_data: ['The substitution data must not be nested more than 32 levels deep.'] }],
  ['attachment missing fields (docs example)', { ...base, attachments: [{ type: 'application/pdf', data: 'bad data!' }] }, {
    'attachments.0.name': ['The attachments.0.name field is required.'],
    'attachments.0.data': ['The attachments.0.data field must be a valid base64 string.'],
  }],
  ['attachment base64 with line break', { ...base, attachments: [{ name: 'a.txt', type: 'text/plain', data: 'YWJj\r\nZGVm' }] },
    { 'attachments.0.data': ['The attachments.0.data field must be a valid base64 string.'] }],
  ['attachment base64 bad padding', { ...base, attachments: [{ name: 'a.txt', type: 'text/plain', data: 'YW=j' }] },
    { 'attachments.0.data': ['The attachments.0.data field must be a valid base64 string.'] }],
  ['attachment type invalid', { ...base, attachments: [{ name: 'a.txt', type: 'pdf', data: 'YWJj' }] },
    { 'attachments.0.type': ['The attachments.0.type must be a valid MIME type.'] }],
  ['attachment type with parameters', { ...base, attachments: [{ name: 'a.txt', type: 'text/plain; boundary="x"', data: 'YWJj' }] },
    { 'attachments.0.type': ['The attachments.0.type must be a bare MIME type such as application/pdf, without parameters.'] }],
  ['attachment type with charset', { ...base, attachments: [{ name: 'a.txt', type: 'text/plain;charset=utf-8', data: 'YWJj' }] },
    { 'attachments.0.type': ['The attachments.0.type must be a bare MIME type such as application/pdf, without parameters.'] }],
  ['attachment name CRLF', { ...base, attachments: [{ name: 'a.txt\r\nX: y', type: 'text/plain', data: 'YWJj' }] },
    { 'attachments.0.name': ['The attachments.0.name must not contain line breaks.'] }],
  ['attachment not an object', { ...base, attachments: ['x'] }, { 'attachments.0': ['The attachments.0 must be an object.'] }],
  ['attachments over 5 MB', { ...base, attachments: [
    { name: 'a.bin', type: 'application/octet-stream', data: b64(3 * 1024 * 1024) },
    { name: 'b.bin', type: 'application/octet-stream', data: b64(1024 * 1024) },
  ] }, { attachments: ['The attachments must not be greater than 5 MB in total.'] }],
];

function nest(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 'x' };
  for (let i = 1; i < depth; i++) value = { child: value };
  return value;
}

describe('validateSendRequest: each invalid body gives exactly the contract errors', () => {
  for (const [name, body, expected] of invalid) {
    it(name, () => assert.deepEqual(errorsOf(body), expected));
  }
});

describe('validateSendRequest: valid bodies', () => {
  it('minimal request normalizes defaults', () => {
    const request = requestOf(base);
    assert.deepEqual(request.recipients, [{ email: 'rcpt@example.org', type: 'to' }]);
    assert.deepEqual(request.options, {
      transactional: true, openTracking: false, clickTracking: false, inlineCss: false, performSubstitutions: true,
    });
    assert.equal(request.scheduledAt, null);
    assert.equal(request.tag, null);
  });

  it('de-duplicates case-insensitively across to/cc/bcc, keeping the first role', () => {
    const request = requestOf({ ...base, to: ['A@example.org', 'a@EXAMPLE.org'], cc: ['a@example.org', 'c@example.org'], bcc: ['C@example.org', 'd@example.org'] });
    assert.deepEqual(request.recipients, [
      { email: 'A@example.org', type: 'to' },
      { email: 'c@example.org', type: 'cc' },
      { email: 'd@example.org', type: 'bcc' },
    ]);
    assert.deepEqual([request.to, request.cc, request.bcc], [['A@example.org'], ['c@example.org'], ['d@example.org']]);
  });

  it('counts recipients after de-duplication: 60 listed, 50 unique is accepted', () => {
    const request = requestOf({ ...base, to: many(50), bcc: many(10).map((a) => a.toUpperCase()) });
    assert.equal(request.recipients.length, 50);
  });

  it('Unicode domains are accepted and stored in ASCII form', () => {
    assert.equal(requestOf({ ...base, to: ['kontakt@bücher.example'] }).to[0], 'kontakt@xn--bcher-kva.example');
  });

  it('subject exactly 998 characters (code points) is accepted', () => {
    assert.equal(requestOf({ ...base, subject: '€'.repeat(998) }).subject?.length, 998);
  });

  it('template send needs no subject or body; tag defaults to the slug', () => {
    const request = requestOf({ from: 'a@example.com', to: ['b@example.org'], template_slug: 'welcome-email', template_version: '2', project_id: 7 });
    assert.equal(request.tag, 'welcome-email');
    assert.equal(request.templateVersion, 2);
    assert.equal(request.projectId, 7);
  });

  it('explicit tag wins over the slug; a slug that is no tag gives none', () => {
    assert.equal(requestOf({ ...base, template_slug: 'welcome', tag: 'promo_1' }).tag, 'promo_1');
    assert.equal(requestOf({ ...base, template_slug: 'weird slug' }).tag, null);
  });

  it('exactly 10 custom headers, 50 metadata keys and 5 MB of attachments are accepted', () => {
    const request = requestOf({
      ...base,
      headers: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`X-H${i}`, 'v'])),
      metadata: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])),
      attachments: [{ name: 'a.bin', type: 'application/octet-stream', data: 'A'.repeat(5 * 1024 * 1024) }],
    });
    assert.equal(Object.keys(request.headers).length, 10);
    assert.equal(Object.keys(request.metadata).length, 50);
    assert.equal(request.attachments.length, 1);
  });

  it('options accept Laravel booleans and keep unset defaults', () => {
    const request = requestOf({ ...base, options: { transactional: 0, click_tracking: 'true', unknown: 'ignored' } });
    assert.equal(request.options.transactional, false);
    assert.equal(request.options.clickTracking, true);
    assert.equal(request.options.performSubstitutions, true);
  });

  it('substitution_data takes any JSON (loops need arrays)', () => {
    const data = { items: [{ name: 'a' }, { name: 'b' }], count: 2, vip: true, nested: nest(31) };
    assert.deepEqual(requestOf({ ...base, substitution_data: data }).substitutionData, data);
  });

  it('empty strings for optional fields read as absent', () => {
    const request = requestOf({ ...base, from_name: '', reply_to: '', tag: '', text: '' });
    assert.deepEqual([request.fromName, request.replyTo, request.tag, request.text], [null, null, null, null]);
  });
});

describe('validateSendRequest: scheduled_at', () => {
  const at = (ms: number) => new Date(NOW + ms).toISOString();
  const cases: Array<[string, unknown, string[] | null]> = [
    ['missing', undefined, ['The scheduled delivery time is required.']],
    ['not a date', 'tomorrow', ['The scheduled delivery time must be a valid date.']],
    ['impossible date', '2026-02-30T10:00:00Z', ['The scheduled delivery time must be a valid date.']],
    ['past', at(-1000), ['The scheduled delivery time must be in the future.']],
    ['4m59s ahead', at(5 * 60_000 - 1000), ['The scheduled delivery time must be at least 5 minutes in the future.']],
    ['exactly 5 minutes', at(5 * 60_000), null],
    ['exactly 3 days', at(3 * 86_400_000), null],
    ['3 days + 1 s', at(3 * 86_400_000 + 1000), ['The scheduled delivery time must be within 3 days.']],
  ];
  for (const [name, value, expected] of cases) {
    it(name, () => {
      const errors = errorsOf({ ...base, scheduled_at: value }, true);
      assert.deepEqual(errors.scheduled_at ?? null, expected);
    });
  }

  it('offsets are honoured: +02:00 is two hours earlier in UTC', () => {
    const request = requestOf({ ...base, scheduled_at: '2026-01-15T14:30:00+02:00' }, true);
    assert.equal(request.scheduledAt, Date.UTC(2026, 0, 15, 12, 30));
  });

  it('POST /emails ignores scheduled_at', () => {
    assert.equal(requestOf({ ...base, scheduled_at: 'garbage' }).scheduledAt, null);
  });
});
