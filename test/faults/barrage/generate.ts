// The bad-input barrage: a seeded, reproducible list of invalid requests across every route family. Every request is
// invalid on its own (a refused value, a broken body, a bad path or bad credentials), so the only right answers are
// 4xx. Pure: the same seed gives the same list.
import * as v from './values.js';

export interface BarrageRequest {
  family: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /** Bytes written to a fresh socket as-is (HTTP-level garbage no client library would send). */
  raw?: Buffer;
  /** Bad credentials: sent from another loopback address so the failed-auth block does not shadow the rest. */
  badAuth?: boolean;
  /** A valid request with a hostile template: accepted (2xx) or refused over a template limit (422), never a 5xx. */
  hostile?: boolean;
  /**
   * A body over the limit: the server answers 413 on the headers and closes without reading the rest, so a client
   * still writing may see its connection reset (EPIPE/ECONNRESET) before it reads the 413. Either is a refusal.
   */
  refusedUnread?: boolean;
}

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BarrageContext {
  key: string;
  /** A sender on the team's own domain, so the other fields decide. */
  from: string;
}

type Maker = (r: () => number, c: BarrageContext) => BarrageRequest;
const pick = <T>(r: () => number, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const json = (c: BarrageContext, extra: Record<string, string> = {}) => ({ authorization: `Bearer ${c.key}`, 'content-type': 'application/json', ...extra });

/** Header values travel as bytes: UTF-8 text goes out as its bytes (what a client sending UTF-8 headers does). */
const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

const validEmail = (c: BarrageContext) => ({ from: c.from, to: ['someone@example.com'], subject: 'Hello', html: '<p>Hi</p>', text: 'Hi' });

const nonEmpty = (x: unknown) => x !== null && x !== '' && !(Array.isArray(x) && x.length === 0);

// Each mutation alone makes a send request invalid.
const EMAIL_MUTATIONS: Array<(r: () => number, b: Record<string, unknown>) => void> = [
  (r, b) => { b.from = pick(r, v.BAD_FROM); },
  (_r, b) => { delete b.from; },
  (r, b) => { b.to = pick(r, v.BAD_RECIPIENT_LISTS); },
  (_r, b) => { delete b.to; },
  // cc/bcc may be empty or null, and an empty reply_to means none (empty strings are null, as in Laravel).
  (r, b) => { b.cc = pick(r, v.BAD_RECIPIENT_LISTS.filter(nonEmpty)); },
  (r, b) => { b.bcc = pick(r, v.BAD_RECIPIENT_LISTS.filter(nonEmpty)); },
  (r, b) => { b.reply_to = pick(r, v.BAD_EMAILS.filter(nonEmpty)); },
  (r, b) => { b.subject = pick(r, v.BAD_SUBJECTS); },
  (r, b) => { b.from_name = pick(r, v.BAD_DISPLAY_NAMES); },
  (r, b) => { b.reply_to_name = pick(r, v.BAD_DISPLAY_NAMES); },
  (r, b) => { b.html = pick(r, v.BAD_CONTENT); },
  (r, b) => { b.text = pick(r, v.BAD_CONTENT); },
  (_r, b) => { delete b.html; delete b.text; },
  (r, b) => { b.amp_html = pick(r, v.BAD_CONTENT); },
  (r, b) => { b.tag = pick(r, v.BAD_TAGS); },
  (r, b) => { b.metadata = pick(r, v.BAD_METADATA); },
  (r, b) => { b.headers = pick(r, v.BAD_HEADERS); },
  (r, b) => { b.options = pick(r, v.BAD_OPTIONS); },
  (r, b) => { b.attachments = pick(r, v.BAD_ATTACHMENTS); },
  (r, b) => { b.substitution_data = pick(r, ['string', 1, true, [1, 2]]); },
  (r, b) => { b.template_slug = pick(r, [1, [], {}, 'x'.repeat(256), 'does-not-exist-anywhere']); },
  // Numeric strings ('1') are integers to the contract's validator, as in Laravel: not listed here.
  (r, b) => { b.template_version = pick(r, ['one', 0, -1, 1.5, [], {}]); },
  (r, b) => { b.project_id = pick(r, ['one', -1, 1.5, [], {}]); },
  (r, b) => { b.to = Array.from({ length: 20 }, (_, i) => `r${i}@example.com`); b.cc = Array.from({ length: 20 }, (_, i) => `c${i}@example.com`); b.bcc = Array.from({ length: 20 }, (_, i) => `b${Math.floor(r() * 1000)}x${i}@example.com`); },
];

const sendPath = (r: () => number) => (r() < 0.8 ? '/api/emails' : '/api/emails/scheduled');

const emails: Maker = (r, c) => {
  const body: Record<string, unknown> = validEmail(c);
  const path = sendPath(r);
  if (path.endsWith('scheduled') && r() < 0.5) body.scheduled_at = pick(r, v.BAD_SCHEDULED_AT);
  else for (let i = 0, n = 1 + Math.floor(r() * 3); i < n; i++) pick(r, EMAIL_MUTATIONS)(r, body);
  const headers = json(c, r() < 0.1 ? { 'idempotency-key': latin1(pick(r, v.BAD_IDEMPOTENCY_KEYS)) } : {});
  return { family: 'emails', method: 'POST', path, headers, body: JSON.stringify(body) };
};

const idempotencyKey: Maker = (r, c) =>
  ({ family: 'idempotency-key', method: 'POST', path: sendPath(r), headers: json(c, { 'idempotency-key': latin1(pick(r, v.BAD_IDEMPOTENCY_KEYS)) }), body: JSON.stringify(validEmail(c)) });

const malformedJson: Maker = (r, c) => {
  const text = JSON.stringify({ ...validEmail(c), metadata: { order: '1234' } });
  const breakers: Array<() => string | Buffer> = [
    () => text.slice(0, 1 + Math.floor(r() * (text.length - 2))),
    () => text.replace('"from"', "'from'"),
    () => text.replace('"from"', 'from'),
    () => text.replace('}}', '},}'),
    () => text.replace('"Hello"', 'NaN'),
    () => text.replace('"Hello"', 'undefined'),
    () => text.replace('"Hello"', 'Infinity'),
    () => `${text}garbage`,
    () => `${text}${text}`,
    () => `// comment\n${text}`,
    () => text.replace('Hello', 'Hel\u0001lo'),
    () => text.replace('Hello', 'tab\there'),
    () => text.replace('Hello', 'bad \\x escape'),
    () => text.replace('Hello', '\\ud83d\\u'),
    () => `\ufeff${text.slice(0, -1)}`,
    () => Buffer.concat([Buffer.from(text.slice(0, 20)), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe]), Buffer.from(text.slice(20, -1))]),
    () => '{"__proto__": {"polluted": true}, "from": 1}',
    () => '{"constructor": {"prototype": {"polluted": true}}, "to": 1}',
    () => '',
    () => ' ',
    () => 'null',
    () => '[]',
    () => '"a string"',
    () => '12345',
    () => '1e400',
    () => 'true',
    () => '{',
    () => '}',
    () => '{"from": "a@example.com", "from": 1, "to": "x"}',
  ];
  return { family: 'malformed-json', method: 'POST', path: pick(r, ['/api/emails', '/api/emails/scheduled', '/api/domains', '/api/templates', '/api/api-keys']), headers: json(c), body: pick(r, breakers)() };
};

const deepNesting: Maker = (r, c) => {
  const depth = pick(r, [1_000, 10_000, 100_000]);
  const nested = r() < 0.5 ? v.nestedArrays(depth) : v.nestedObjects(depth);
  const where = pick(r, ['root', 'substitution_data', 'metadata', 'to', 'headers', 'attachments']);
  const head = JSON.stringify({ from: c.from, subject: 'x', html: 'x' }).slice(0, -1);
  // The recipient list is missing, so even a parser and validator that coped with the depth must refuse it.
  const body = where === 'root' ? nested : `${head},"${where}":${nested}}`;
  return { family: 'deep-nesting', method: 'POST', path: pick(r, ['/api/emails', '/api/domains', '/api/templates', '/api/api-keys']), headers: json(c), body };
};

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) goes out as its raw UTF-8 bytes. */
const encodeSegment = (text: string) => text.replace(/[\ud800-\udfff]/g, '\u0000').split('\u0000').map(encodeURIComponent).join('%ED%A0%80');

const domains: Maker = (r, c) => {
  const bad = pick(r, v.BAD_DOMAIN_NAMES);
  const segment = typeof bad === 'string' && bad !== '' ? encodeSegment(bad) : 'no-such-domain.example';
  const choices: BarrageRequest[] = [
    { family: 'domains', method: 'POST', path: '/api/domains', headers: json(c), body: JSON.stringify({ domain: bad }) },
    { family: 'domains', method: 'POST', path: '/api/domains', headers: json(c), body: JSON.stringify({}) },
    { family: 'domains', method: 'GET', path: `/api/domains/${segment}`, headers: json(c) },
    { family: 'domains', method: 'DELETE', path: `/api/domains/${segment}`, headers: json(c) },
    { family: 'domains', method: 'POST', path: `/api/domains/${segment}/verify`, headers: json(c), body: '{}' },
  ];
  return pick(r, choices);
};

const templates: Maker = (r, c) => {
  const bodies = [
    {}, { name: 1 }, { name: '' }, { name: 'x'.repeat(256) }, { name: [] }, { name: null, html: '<p>x</p>' }, { name: {}, html: 1 },
    { html: '<p>no name</p>' }, { name: 'ok', html: 1 }, { name: 'ok', project_id: 'abc' }, { name: 'ok', project_id: 999999999 },
    { name: 'bad\u0000name' },
  ];
  const slug = pick(r, ['no-such-template', 'x'.repeat(300), '%00', '..%2f..%2fetc', '%E2%80%AE']);
  const choices: BarrageRequest[] = [
    { family: 'templates', method: 'POST', path: '/api/templates', headers: json(c), body: JSON.stringify(pick(r, bodies)) },
    { family: 'templates', method: 'GET', path: `/api/templates/${slug}`, headers: json(c) },
    { family: 'templates', method: 'PUT', path: `/api/templates/${slug}`, headers: json(c), body: JSON.stringify(pick(r, bodies)) },
    { family: 'templates', method: 'DELETE', path: `/api/templates/${slug}`, headers: json(c) },
    { family: 'templates', method: 'GET', path: `/api/templates/${slug}/merge-tags`, headers: json(c) },
  ];
  return pick(r, choices);
};

const apiKeys: Maker = (r, c) => {
  const bodies = [
    {}, { name: 1 }, { name: '' }, { name: 'x'.repeat(300) }, { name: 'k', permission: 'root' }, { name: 'k', permission: 'custom', scopes: 'emails:send' },
    { name: 'k', permission: 'custom', scopes: ['nope:scope'] }, { name: 'k', permission: 1 },
    { name: 'k', permission: 'full_access', allowed_ips: ['not-an-ip'] }, { name: 'k', permission: 'full_access', allowed_ips: '10.0.0.0/99' },
    { name: 'k', permission: 'full_access', allowed_ips: ['10.0.0.0/99'] },
  ];
  const id = pick(r, ['999999', 'abc', '-1', '1.5', '99999999999999999999999', '%00']);
  const choices: BarrageRequest[] = [
    { family: 'api-keys', method: 'POST', path: '/api/api-keys', headers: json(c), body: JSON.stringify(pick(r, bodies)) },
    { family: 'api-keys', method: 'GET', path: `/api/api-keys/${id}`, headers: json(c) },
    { family: 'api-keys', method: 'PATCH', path: `/api/api-keys/${id}`, headers: json(c), body: JSON.stringify(pick(r, bodies)) },
    { family: 'api-keys', method: 'POST', path: `/api/api-keys/${id}/rotate`, headers: json(c), body: '{}' },
    { family: 'api-keys', method: 'DELETE', path: `/api/api-keys/${id}`, headers: json(c) },
  ];
  return pick(r, choices);
};

const reads: Maker = (r, c) => {
  const date = pick(r, ['notadate', '2024-13-01', '99999-01-01', '%00', '2024-02-30', '']);
  const choices = [
    `/api/emails?from=${date === '' ? 'x' : date}`, `/api/emails?to=${date === '' ? 'y' : date}`, '/api/emails?per_page=0',
    '/api/emails?per_page=-1', '/api/emails?per_page=100000', '/api/emails?per_page=abc', '/api/emails?cursor=%%%%',
    '/api/emails?cursor=not-a-cursor', '/api/emails/events?events=not_an_event', '/api/emails/events?bounce_classes=abc',
    '/api/emails/events?from=yesterday', '/api/emails/events?per_page=-5', '/api/emails/12345678901234567890',
    '/api/emails/not-a-request-id', `/api/emails/${'9'.repeat(400)}`, '/api/emails/scheduled/12345678901234567890',
    '/api/emails/scheduled/abc',
  ];
  if (r() < 0.15) return { family: 'reads', method: 'DELETE', path: pick(r, ['/api/emails/scheduled/12345678901234567890', '/api/emails/scheduled/abc']), headers: json(c) };
  return { family: 'reads', method: 'GET', path: pick(r, choices), headers: json(c) };
};

const paths: Maker = (r, c) => {
  const choices = [
    '/api/%', '/api/%zz', '/api/domains/%E0%A4%A', `/api/${'a'.repeat(5000)}`, '/api/emails/../../etc/passwd', '/api/domains/..%2f..%2fetc',
    '/api//emails', '/API/EMAILS', '/api/emails%00', '/api/nope', '/api/emails/scheduled/../../domains', `/api/nope?${'a=1&'.repeat(3000)}x`,
    '/api/%F0%9F%98%80', '/api/domains/%C0%AE%C0%AE', '/api/emails;jsessionid=1',
  ];
  const method = pick(r, ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
  return { family: 'paths', method, path: pick(r, choices), headers: json(c), body: method === 'GET' || method === 'DELETE' ? undefined : '{}' };
};

const wrongMethod: Maker = (r, c) =>
  ({ family: 'methods', method: pick(r, ['PUT', 'PATCH', 'DELETE']), path: pick(r, ['/api/emails', '/api/domains', '/api/health', '/api/auth/check', '/api/emails/events']), headers: json(c), body: '{}' });

const contentType: Maker = (r, c) => {
  const type = pick(r, ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'image/png']);
  const body = pick(r, [JSON.stringify(validEmail(c)), 'from=a%40b.com&to=c%40d.com', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--', '<a/>']);
  return { family: 'content-type', method: 'POST', path: pick(r, ['/api/emails', '/api/domains', '/api/templates']), headers: { authorization: `Bearer ${c.key}`, 'content-type': type }, body };
};

const badAuth: Maker = (r, c) => {
  const auth = pick(r, [
    undefined, 'Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', `Bearer lttr_${'A'.repeat(64)}`, `Bearer ${'x'.repeat(8000)}`, `Bearer lttr_${'\u00e9'.repeat(10)}`,
    `Token ${c.key}`, `Bearer ${c.key.slice(0, -1)}`, `Bearer ${c.key}x`, `Bearer lttr_sandbox_${'B'.repeat(64)}`, `Bearer ${c.key.toUpperCase()}`,
  ]);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (auth !== undefined) headers.authorization = latin1(auth);
  const method = pick(r, ['GET', 'POST']);
  const path = method === 'GET' ? pick(r, ['/api/auth/check', '/api/domains', '/api/emails', '/api/templates']) : pick(r, ['/api/emails', '/api/domains']);
  return { family: 'bad-auth', method, path, headers, body: method === 'POST' ? JSON.stringify(validEmail(c)) : undefined, badAuth: true };
};

const rawHttp: Maker = (r, c) => {
  const body = '{"from":1}';
  const lines = pick(r, [
    `POST /api/emails HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${c.key}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n${body}`,
    `POST /api/emails HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nContent-Length: 11\r\n\r\n${body}`,
    `GET /api/auth/check HTTP/1.1\r\nHost: x\r\nX-Bad\u0000Header: v\r\n\r\n`,
    `GET /api/auth/check HTTP/1.1\r\nHost: x\r\nX Bad: v\r\n\r\n`,
    `GET /api/auth/check HTTP/1.1\r\nHost: x\r\nX-A: a\r\n folded\r\n\r\n`,
    `GET /api/auth/check HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    `GET /api/auth/check HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${c.key}\r\nX-Inject: a\rb\r\n\r\n`,
    `FOO /api/emails HTTP/1.1\r\nHost: x\r\n\r\n`,
    `GET /api/emails HTTP/1.1 extra\r\nHost: x\r\n\r\n`,
    `GET /api/ emails HTTP/1.1\r\nHost: x\r\n\r\n`,
    `POST /api/emails HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n${body}\r\n0\r\n\r\n`,
    `POST /api/emails HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n`,
    `POST /api/emails HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n`,
    `GET\r\n\r\n`,
  ]);
  return { family: 'raw-http', method: 'RAW', path: '', headers: {}, raw: Buffer.from(lines, 'latin1') };
};

const FAMILIES: Array<[Maker, number]> = [
  [emails, 40], [idempotencyKey, 2], [malformedJson, 10], [deepNesting, 3], [domains, 8], [templates, 7], [apiKeys, 5],
  [reads, 9], [paths, 4], [wrongMethod, 2], [contentType, 3], [badAuth, 4], [rawHttp, 3],
];

/**
 * Bodies over the 10 MB limit, and attachments over the 5 MB rule inside it: a few, they are expensive. The
 * over-limit body goes over a raw socket: the server answers 413 and closes while the client is still writing, which
 * an HTTP client library reports as EPIPE instead of the status.
 */
function hugeBodies(c: BarrageContext): BarrageRequest[] {
  const overLimit = `{"from":"${c.from}","html":"${'x'.repeat(11 * 1024 * 1024)}"}`;
  const overLimitRaw = Buffer.from(`POST /api/emails HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${c.key}\r\nContent-Type: application/json\r\nContent-Length: ${overLimit.length}\r\n\r\n${overLimit}`);
  const bigAttachment = JSON.stringify({ ...validEmail(c), attachments: [{ name: 'big.bin', type: 'application/octet-stream', data: 'A'.repeat(6 * 1024 * 1024) }] });
  const manyRecipients = JSON.stringify({ ...validEmail(c), to: Array.from({ length: 100_000 }, (_, i) => `r${i}@example.com`) });
  const long = JSON.stringify({ ...validEmail(c), subject: 'x'.repeat(2 * 1024 * 1024) });
  const twice = (r: BarrageRequest) => [r, r];
  return [
    ...twice({ family: 'body-over-limit', method: 'RAW', path: '', headers: {}, raw: overLimitRaw, refusedUnread: true }),
    ...twice({ family: 'attachment-over-5mb', method: 'POST', path: '/api/emails', headers: json(c), body: bigAttachment }),
    ...twice({ family: 'recipients-100k', method: 'POST', path: '/api/emails', headers: json(c), body: manyRecipients }),
    ...twice({ family: 'subject-2mb', method: 'POST', path: '/api/emails', headers: json(c), body: long }),
  ];
}

/**
 * Hostile templates (issue 11): deep nesting, long `or` chains, huge whitespace runs, statements packed on one line and
 * huge loops, each as a template (compile at POST /templates) and as a send (compile and render on delivery).
 */
function hostileTemplates(c: BarrageContext): BarrageRequest[] {
  const orChain = `{{ ${Array.from({ length: 120 }, (_, i) => `loop_var.k${i}`).join(' or ')} }}`;
  const list = Array.from({ length: 300 }, (_, i) => ({ n: i }));
  const shapes: Array<{ name: string; html: string; data?: Record<string, unknown> }> = [
    { name: 'deep-nesting', html: `${'{{if a}}'.repeat(50_000)}x${'{{end}}'.repeat(50_000)}`, data: { a: true } },
    { name: 'or-chains', html: `{{each l}}{{each l}}${orChain}{{end}}{{end}}`, data: { l: list } },
    { name: 'whitespace-run', html: `a${' '.repeat(1_000_000)}x\n{{if a}}\nb\n{{end}}\n`, data: { a: true } },
    { name: 'statements-one-line', html: `${'{{if a}} '.repeat(100_000)}\n${'{{end}}'.repeat(100_000)}`, data: { a: true } },
    { name: 'huge-loop', html: '{{each l}}{{each l}}{{each l}}{{loop_var.n}}{{end}}{{end}}{{end}}', data: { l: list } },
  ];
  return shapes.flatMap(({ name, html, data }, i) => [
    { family: `hostile-template-${name}`, method: 'POST', path: '/api/templates', headers: json(c), body: JSON.stringify({ name: `Hostile ${name}`, html }), hostile: true },
    { family: `hostile-send-${name}`, method: 'POST', path: '/api/emails', headers: json(c), hostile: true,
      body: JSON.stringify({ from: c.from, to: [`hostile${i}@example.com`], subject: 'x', html, text: html, substitution_data: data }) },
  ]);
}

export function generateBarrage(seed: number, count: number, c: BarrageContext): BarrageRequest[] {
  const r = prng(seed);
  const total = FAMILIES.reduce((s, [, w]) => s + w, 0);
  const hostile = hostileTemplates(c);
  const out = hugeBodies(c);
  while (out.length < count - hostile.length) {
    let x = r() * total;
    const maker = FAMILIES.find(([, w]) => (x -= w) < 0)![0];
    out.push(maker(r, c));
  }
  // Spread the expensive ones through the run instead of front-loading them.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  // Hostile templates first: their template threads grow to their working size during the memory warm-up.
  return [...hostile, ...out];
}
