// Invalid values per field, for the bad-input barrage. Each list holds values the field must refuse on its own
// (wrong type, too long, header injection, unicode edge cases, bad base64), so a request carrying one is invalid
// whatever else it holds.

const long = (n: number, c = 'x') => c.repeat(n);
export const TYPES_NOT_STRING = [null, true, false, 0, -1, 1.5, 1e308, [], [1], {}, { a: 1 }];
const NOT_STRING_NON_NULL = TYPES_NOT_STRING.filter((v) => v !== null);

export const BAD_EMAILS: unknown[] = [
  '', 'plainaddress', 'a@', '@example.com', 'a@b@example.com', 'a b@example.com', `${long(65)}@example.com`,
  `a@${long(250)}.com`, 'a@example.com\r\nBcc: victim@example.org', 'a@example.com\nX-Injected: 1', 'a\u0000@example.com',
  '\ud800@example.com', 'a@\ud83d.com', 'a@exa\u202emple.com', 'a@example..com', 'a@-example.com', 'a@example.com>',
  '<a@example.com', '"unterminated@example.com', 'a@[300.1.1.1]', 'a@example.com,b@example.com', 'a@example.com;',
  ...NOT_STRING_NON_NULL,
];

export const BAD_FROM: unknown[] = [null, ...BAD_EMAILS];

export const BAD_RECIPIENT_LISTS: unknown[] = [
  null, 'to@example.com\r\n', 1, true, {}, [], [null], [1], [{}], [[]], [''], ['bad'], ['a@example.com\r\nBcc: x@example.org'],
  ['\ud800@example.com'], Array.from({ length: 51 }, (_, i) => `r${i}@example.com`),
  Array.from({ length: 1000 }, (_, i) => `r${i}@example.com`), ...BAD_EMAILS.slice(0, 12).map((e) => [e]),
];

export const BAD_SUBJECTS: unknown[] = [
  ...NOT_STRING_NON_NULL, long(999), 'hello\r\nBcc: victim@example.org', 'line\nbreak', 'carriage\rreturn', 'nul\u0000byte',
  'bell\u0007', 'del\u007f', long(5000, '\u{1F600}'),
];

export const BAD_DISPLAY_NAMES: unknown[] = [...NOT_STRING_NON_NULL, long(256), 'Name\r\nBcc: x@example.org', 'Name\nX: y', 'nul\u0000', 'esc\u001b[31m'];

export const BAD_TAGS: unknown[] = [...NOT_STRING_NON_NULL, long(65), 'has space', 'emoji\u{1F600}', 'rtl\u202e', 'dot.tag', 'slash/tag', 'nul\u0000'];

export const BAD_CONTENT: unknown[] = [...NOT_STRING_NON_NULL];

const manyKeys = (n: number, value: (i: number) => unknown = () => 'v') => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value(i)]));

export const BAD_METADATA: unknown[] = [
  'string', 1, true, [], ['a'], { a: 1 }, { a: true }, { a: {} }, { a: [] }, manyKeys(51), { [long(41)]: 'v' }, { a: long(501) },
  manyKeys(40, () => long(400)),
];

export const BAD_HEADERS: unknown[] = [
  'string', 1, [], ['X-A: b'], { Bcc: 'victim@example.org' }, { 'reply-to': 'a@example.com' }, { 'DKIM-Signature': 'v=1' },
  { 'X-A': 'v\r\nBcc: victim@example.org' }, { 'X-A': 'v\nX-B: w' }, { 'X-A': 1 }, { 'X-A': null }, { 'X-A': {} }, { 'X:A': 'v' },
  { 'X A': 'v' }, { 'X-\u00c4': 'v' }, { '': 'v' }, { 'X-A': long(999) }, { 'X-A': 'nul\u0000' },
  Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`X-H${i}`, 'v'])),
];

export const BAD_OPTIONS: unknown[] = [
  'string', 1, [], { transactional: 'yes' }, { open_tracking: 'no' }, { click_tracking: [] }, { inline_css: {} },
  { perform_substitutions: 'sometimes' },
];

export const BAD_ATTACHMENTS: unknown[] = [
  'string', 1, {}, [null], [1], ['a'], [{}], [{ name: 'a.txt', type: 'text/plain' }],
  [{ name: 'a.txt', type: 'text/plain', data: 'not base64!' }], [{ name: 'a.txt', type: 'text/plain', data: 'aGVs bG8=' }],
  [{ name: 'a.txt', type: 'text/plain', data: 'aGVsbG8=\r\naGVsbG8=' }], [{ name: 'a.txt', type: 'text/plain', data: '\u00e4\u00f6' }],
  [{ name: 'a.txt', type: 'text/plain', data: 'aGVsbG8=\u0000' }], [{ name: 1, type: 'text/plain', data: 'aGVsbG8=' }],
  [{ name: 'a.txt', type: [], data: 'aGVsbG8=' }], [{ name: long(256), type: 'text/plain', data: 'aGVsbG8=' }],
  [{ name: 'a.txt', type: 'text/plain', data: 12345 }],
];

export const BAD_SCHEDULED_AT: unknown[] = [
  1, true, [], {}, '', 'tomorrow', '2020-01-01T00:00:00Z', '2999-01-01T00:00:00Z', '2024-13-45T99:99:99Z', 'now', '\u0000',
];

export const BAD_IDEMPOTENCY_KEYS = [long(256), long(4000), '\u043a\u043b\u044e\u0447', 'caf\u00e9-key', '\u{1F600}'];

export const BAD_DOMAIN_NAMES: unknown[] = [
  '', 'a', 'localhost', '-bad-.com', 'exa mple.com', 'example', 'example.c', `${long(64)}.com`, `${long(300)}.com`,
  'example.com\r\n', 'exa\u200bmple.com', '\ud800.com', 'example.com/', 'http://example.com', '*.example.com', '..com',
  'example..com', null, 1, true, [], {}, ['example.com'],
];

/** Nested arrays `depth` deep: JSON.parse copes, a recursive walk over it would not. */
export const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
export const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
