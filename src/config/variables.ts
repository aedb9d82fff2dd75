// The one documented list of environment variables. README's configuration table mirrors it (a test keeps them equal).
import { boolean, dnsName, durationAtMost, durationList, hostPortList, integer, ipList, list, oneOf, optional, parseDuration, url, type Parsed } from './parse.js';

export interface Variable {
  name: string;
  /** Default as a user would write it; a function when it depends on other values. */
  default: string | ((env: Record<string, string | undefined>) => string) | undefined;
  doc: string;
  parse: (raw: string) => Parsed<unknown>;
}

const text = (raw: string): Parsed<string> => ({ ok: true, value: raw });

export const VARIABLES: Variable[] = [
  { name: 'LETTR_ENV', default: (e) => (e.NODE_ENV === 'production' ? 'production' : 'development'),
    doc: '`development` or `production` (production refuses plain-HTTP webhook targets and requires LETTR_SECRET_KEY). Defaults from NODE_ENV.',
    parse: oneOf('development', 'production', 'test') },
  { name: 'LETTR_DATA_DIR', default: './data', doc: 'Directory for the SQLite file, the generated master key and the local mailbox.', parse: text },
  { name: 'LETTR_DATABASE_URL', default: (e) => `sqlite:${e.LETTR_DATA_DIR ?? './data'}/lettr.db`,
    doc: '`sqlite:PATH` for an embedded SQLite file, or a `postgres://` URL for PostgreSQL. Default: `lettr.db` in LETTR_DATA_DIR.', parse: databaseUrl },
  { name: 'LETTR_HOST', default: '127.0.0.1', doc: 'Address the HTTP server binds (`0.0.0.0` to listen on every interface).', parse: text },
  { name: 'LETTR_PORT', default: '3000', doc: 'HTTP port.', parse: integer(0, 65535) },
  { name: 'LETTR_PUBLIC_URL', default: (e) => `http://localhost:${/^\d+$/.test(e.LETTR_PORT ?? '') ? e.LETTR_PORT : '3000'}`,
    doc: 'The URL users reach this server at (links, Message-ID host). Default: `http://localhost:` + LETTR_PORT.', parse: url('http:', 'https:') },
  { name: 'LETTR_TRUST_PROXY', default: '',
    doc: 'Comma-separated addresses/CIDRs of reverse proxies whose `X-Forwarded-For` is believed. Empty: the client IP is the socket peer.',
    parse: list },
  { name: 'LETTR_CORS_ORIGINS', default: '',
    doc: 'Comma-separated browser origins (`https://app.example.com`) allowed to call `/api` cross-origin. Empty: no CORS headers at all (the API is for servers holding a key).',
    parse: corsOrigins },
  { name: 'LETTR_METRICS_PORT', default: '',
    doc: 'Serve Prometheus metrics at `GET /metrics` on this separate port (every process role, API and worker; give each process on one host its own). Empty: no metrics port.',
    parse: optional(integer(0, 65535)) },
  { name: 'LETTR_METRICS_HOST', default: '127.0.0.1', doc: 'Address the metrics port binds.', parse: text },
  { name: 'LETTR_METRICS_TOKEN', default: '',
    doc: 'Serve `GET /metrics` on the main HTTP port to requests carrying `Authorization: Bearer <token>` (compared in constant time). Empty: not on the main port.',
    parse: text },
  { name: 'LETTR_SECRET_KEY', default: undefined,
    doc: 'Master key(s) sealing secrets at rest: 32 bytes as base64 or hex; comma-separated, first = current, the rest only open older values. Unset: generated into `LETTR_DATA_DIR/master.key` (mode 0600). Production must set it.',
    parse: list },
  { name: 'LETTR_LOG_LEVEL', default: 'info', doc: 'pino log level.', parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent') },
  { name: 'LETTR_RATE_LIMIT', default: '100', doc: 'Default API requests per second per team (a team row may override); `0` = unlimited.', parse: integer(0, 1_000_000) },
  { name: 'LETTR_KEY_ROTATION_GRACE', default: '24h', doc: 'How long the old key keeps working after `lettr key rotate` (`0` = expires now; at most 30 days).', parse: durationAtMost(30 * 86_400_000, '30d') },
  { name: 'LETTR_DELIVERY', default: 'local', doc: '`local` (built-in mailbox), `relay` (smarthost at LETTR_RELAY_URL) or `mx` (direct to recipients\' MX).', parse: oneOf('local', 'relay', 'mx') },
  { name: 'LETTR_DNS_SERVERS', default: '', doc: 'Resolvers as `host:port,...` for DNS checks and MX lookups. Empty: the system resolver.', parse: hostPortList },
  { name: 'LETTR_DNS_TIMEOUT', default: '5s', doc: 'Timeout of one DNS attempt (domain checks, MX lookups); each lookup tries twice.', parse: parseDuration },
  { name: 'LETTR_BOUNCE_DOMAIN', default: '',
    doc: 'Host sending subdomains point a CNAME at for the return path (`bounces+…@`); publish our SPF and an MX to this server on it. Empty: no CNAME, every domain publishes SPF.',
    parse: optional(dnsName) },
  { name: 'LETTR_SANDBOX_DOMAIN', default: 'sandbox.lettr.localhost',
    doc: 'Domain of the From address of sandbox-key mail (the local part is kept): a sandbox key can never send as the caller\'s own domain. The default, under the reserved `.localhost`, suits the built-in mailbox; set a domain you control for sandbox mail to reach owners through `relay`/`mx`.',
    parse: dnsName },
  { name: 'LETTR_SPF_INCLUDE', default: '',
    doc: 'Name users `include:` in their SPF record (e.g. `_spf.mail.example.net`, a TXT you publish listing your sending IPs). Empty: SPF lists LETTR_SENDING_IPS.',
    parse: optional(dnsName) },
  { name: 'LETTR_SENDING_IPS', default: '', doc: 'Comma-separated public IPv4/IPv6 addresses mail leaves from, for SPF `ip4:`/`ip6:` terms and checks.', parse: ipList },
  { name: 'LETTR_DOMAIN_APPROVAL', default: 'auto',
    doc: '`auto`: new sending domains are approved unless the name heuristics flag them for review; `review`: every new domain waits for `lettr domain approve`.',
    parse: oneOf('auto', 'review') },
  { name: 'LETTR_DKIM_ED25519', default: 'false', doc: 'Give new domains an Ed25519 DKIM key (RFC 8463) beside the RSA-2048 key, and sign with both.', parse: boolean },
  { name: 'LETTR_RELAY_URL', default: '',
    doc: 'Smarthost for `relay` delivery: `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`; `?verify=false` accepts a self-signed relay certificate.',
    parse: relayUrl },
  { name: 'LETTR_MAILBOX_SMTP_PORT', default: '1025', doc: 'Port of the built-in catch-all mailbox (SMTP on 127.0.0.1) that `local` delivery sends to; `0` picks a free port.', parse: integer(0, 65535) },
  { name: 'LETTR_RETRY_SCHEDULE', default: '5m,30m,2h',
    doc: 'Waits before each retry of a temporary delivery failure (4xx, connection or DNS trouble); after the last one the recipient bounces. `none`: never retry.',
    parse: durationList },
  { name: 'LETTR_SMTP_TIMEOUT', default: '60s', doc: 'Outbound SMTP: how long to wait for a connection, the greeting and each reply before deferring.', parse: parseDuration },
  { name: 'LETTR_MX_PORT', default: '25', doc: 'Port `mx` delivery connects to on the recipients\' MX hosts.', parse: integer(1, 65535) },
  { name: 'LETTR_DELIVERY_CONCURRENCY', default: 'auto',
    doc: 'Messages a worker process delivers at once in the transactional lane (bulk gets half, in its own lane). `auto`: sized to CPU cores and memory.',
    parse: autoOrInteger(1, 10_000) },
  { name: 'LETTR_BUILD_THREADS', default: 'auto',
    doc: 'Threads a worker process composes and DKIM-signs messages on, off its event loop. `auto`: one per CPU core beyond the first, at most 4; `0`: on the event loop.',
    parse: autoOrInteger(0, 64) },
  { name: 'LETTR_TEMPLATE_THREADS', default: 'auto',
    doc: 'Threads a process compiles and renders templates on, never on its event loop. `auto`: one per CPU core, at least 2, at most 4.',
    parse: autoOrInteger(1, 64) },
  { name: 'LETTR_TEMPLATE_BUDGET', default: '2s',
    doc: 'Time one message may spend in template work on a template thread (compile and render of every part together; also the compile bound of one `POST`/`PUT /templates`). Over it: `generation_failure`, or a 422 for a template.',
    parse: durationBetween(10, 600_000) },
  { name: 'LETTR_TEMPLATE_MEMORY_MB', default: '256', doc: 'Heap limit of each template thread; work that needs more fails like work over the time budget.', parse: integer(32, 16_384) },
  { name: 'LETTR_DESTINATION_CONCURRENCY', default: '10', doc: 'Most SMTP connections a worker process opens to one MX host in `mx` mode (reused across messages).', parse: integer(1, 1000) },
  { name: 'LETTR_RELAY_CONCURRENCY', default: '32',
    doc: 'Most SMTP connections a worker process opens to the smarthost (`relay`) or the built-in mailbox (`local`): servers you run, so more than the per-MX cap.',
    parse: integer(1, 1000) },
  { name: 'LETTR_RETENTION_DAYS', default: '30', doc: 'Days message bodies and events are kept.', parse: integer(1, 3650) },
  { name: 'LETTR_SHUTDOWN_TIMEOUT', default: '10s', doc: 'How long SIGTERM waits for in-flight requests and jobs before closing.', parse: parseDuration },
  { name: 'LETTR_BOOTSTRAP', default: 'true', doc: 'On first start with an empty database, create a team and a Full Access key and print the key once.', parse: boolean },
  ...WEBHOOK_VARIABLES(),
  ...ACCOUNT_VARIABLES(),
];

function corsOrigins(raw: string): Parsed<string[]> {
  const origins = list(raw);
  if (!origins.ok) return origins;
  for (const o of origins.value) {
    let u: URL | null = null;
    try { u = new URL(o); } catch { /* reported below */ }
    if (!u || (u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== o) return { ok: false, problem: `"${o}" is not an origin such as https://app.example.com (scheme and host, no path or trailing slash).` };
  }
  return origins;
}

function relayUrl(raw: string): Parsed<string> {
  if (raw === '') return { ok: true, value: raw };
  return url('smtp:', 'smtps:')(raw);
}

/** A duration in [min, max] milliseconds. */
function durationBetween(min: number, max: number): (raw: string) => Parsed<number> {
  return (raw) => {
    const d = parseDuration(raw);
    if (!d.ok || (d.value >= min && d.value <= max)) return d;
    return { ok: false, problem: `must be between ${min}ms and ${max / 1000}s, got "${raw}"` };
  };
}

function autoOrInteger(min: number, max: number): (raw: string) => Parsed<number | 'auto'> {
  return (raw) => (raw === 'auto' ? { ok: true, value: 'auto' } : integer(min, max)(raw));
}

function WEBHOOK_VARIABLES(): Variable[] {
  return [
    { name: 'LETTR_WEBHOOK_ALLOW_PRIVATE', default: 'false',
      doc: 'Allow webhook targets on loopback, private, link-local, CGNAT and metadata addresses. Development and tests only; webhook API responses then carry `Lettr-Webhook-Allow-Private: true`. Refused with `LETTR_ENV=production`.',
      parse: boolean },
    { name: 'LETTR_WEBHOOK_CA_FILE', default: '', doc: 'PEM file of extra CA certificates trusted for webhook receivers (added to the public roots).', parse: text },
    { name: 'LETTR_WEBHOOK_BATCH', default: '100', doc: 'Most events in one webhook request.', parse: integer(1, 10_000) },
    { name: 'LETTR_WEBHOOK_BATCH_WINDOW', default: '1s', doc: 'Longest an event waits for its webhook batch to fill.', parse: parseDuration },
    { name: 'LETTR_WEBHOOK_TIMEOUT', default: '30s', doc: 'A webhook receiver must answer 2xx within this.', parse: parseDuration },
    { name: 'LETTR_WEBHOOK_RETRY_SCHEDULE', default: '0,1m,5m,30m,2h,8h,24h',
      doc: 'Wait before each webhook attempt, counted from the previous one; after the last the delivery is permanently failed.', parse: durationList },
    { name: 'LETTR_WEBHOOK_DISABLE_AFTER', default: '3',
      doc: 'Permanently failed webhook deliveries in a row (no success between) that disable the webhook; `0` = never.', parse: integer(0, 1000) },
    { name: 'LETTR_WEBHOOK_SECRET_OVERLAP', default: '24h', doc: 'How long the previous webhook signing secret keeps signing after a rotation.', parse: parseDuration },
    { name: 'LETTR_WEBHOOK_CONCURRENCY', default: '16', doc: 'Webhook requests in flight per worker process.', parse: integer(1, 1000) },
  ];
}

function ACCOUNT_VARIABLES(): Variable[] {
  return [
    { name: 'LETTR_SIGNUP', default: 'invite',
      doc: 'Who may create a dashboard account after the first one: `invite` (only with an invitation to that email) or `open` (anyone; they get a personal team).',
      parse: oneOf('invite', 'open') },
    { name: 'LETTR_SESSION_IDLE_TIMEOUT', default: '12h', doc: 'A dashboard session unused for this long is over.', parse: positiveDuration },
    { name: 'LETTR_SESSION_LIFETIME', default: '7d', doc: 'A dashboard session is over this long after sign-in, however active.', parse: positiveDuration },
    { name: 'LETTR_SYSTEM_FROM', default: (e) => `Lettr <no-reply@${systemHost(e.LETTR_PUBLIC_URL)}>`,
      doc: 'Sender of the mail Lettr itself sends (team invitations), through its own sending from a hidden system team. Default: `no-reply@` the LETTR_PUBLIC_URL host (`lettr.localhost` when that host is not a domain name). In `relay`/`mx` mode verify this domain for the system team (`lettr team list` shows it).',
      parse: systemFrom },
  ];
}

function positiveDuration(raw: string): Parsed<number> {
  const d = parseDuration(raw);
  return d.ok && d.value <= 0 ? { ok: false, problem: 'must be longer than 0' } : d;
}

/** The host of the public URL when it is a domain name (has a dot, not an IP address), else `lettr.localhost`. */
function systemHost(publicUrl: string | undefined): string {
  try {
    const host = new URL(publicUrl ?? '').hostname;
    if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(host)) return host.toLowerCase();
  } catch {
    // fall through: no usable public URL
  }
  return 'lettr.localhost';
}

/** `Name <address@domain>` or a bare address; the domain part is checked by the sending pipeline when mail goes out. */
function systemFrom(raw: string): Parsed<{ name: string | null; email: string }> {
  const m = /^\s*(?:(.*?)\s*<([^<>\s]+@[^<>\s]+)>|([^<>\s]+@[^<>\s]+))\s*$/.exec(raw);
  if (!m) return { ok: false, problem: `must be an address or "Name <address>", got "${raw}"` };
  return { ok: true, value: { name: m[1] ? m[1].replace(/^"|"$/g, '') : null, email: (m[2] ?? m[3])! } };
}

function databaseUrl(raw: string): Parsed<string> {
  if (raw.startsWith('sqlite:') && raw.length > 'sqlite:'.length) return { ok: true, value: raw };
  if (/^postgres(ql)?:\/\//.test(raw)) return url('postgres:', 'postgresql:')(raw);
  return { ok: false, problem: `must be sqlite:PATH or a postgres:// URL, got "${raw}"` };
}
