// Environment → one typed, validated Config, read once at boot. Every problem is reported at once, naming the variable.
import path from 'node:path';
import { VARIABLES } from './variables.js';

export type DatabaseConfig = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

export interface Config {
  env: 'development' | 'production' | 'test';
  dataDir: string;
  database: DatabaseConfig;
  host: string;
  port: number;
  publicUrl: string;
  trustProxy: string[];
  /** Browser origins allowed to call /api cross-origin (LETTR_CORS_ORIGINS); empty: no CORS. */
  corsOrigins: string[];
  /** Prometheus metrics: a separate port (null: none) and/or a bearer token for /metrics on the main port. */
  metrics: { port: number | null; host: string; token: string | null };
  secretKeys: string[];
  logLevel: string;
  rateLimitPerSecond: number;
  keyRotationGraceMs: number;
  delivery: 'local' | 'relay' | 'mx';
  dnsServers: string[];
  dnsTimeoutMs: number;
  /** Sending domains (spec §6.3): return-path CNAME target, SPF include, sending addresses, approval, key types. */
  bounceDomain: string | null;
  sandboxDomain: string;
  spfInclude: string | null;
  sendingIps: string[];
  domainApproval: 'auto' | 'review';
  dkimEd25519: boolean;
  relayUrl: string;
  mailboxSmtpPort: number;
  retryScheduleMs: number[];
  smtpTimeoutMs: number;
  mxPort: number;
  deliveryConcurrency: number | 'auto';
  buildThreads: number | 'auto';
  /** Template threads (LETTR_TEMPLATE_*): how many, the time budget per message in ms, the heap limit per thread. */
  templates: { threads: number | 'auto'; budgetMs: number; memoryMb: number };
  destinationConcurrency: number;
  relayConcurrency: number;
  retentionDays: number;
  shutdownTimeoutMs: number;
  bootstrap: boolean;
  webhooks: WebhookConfig;
  accounts: AccountsConfig;
}

/** Dashboard accounts (LETTR_SIGNUP, LETTR_SESSION_*, LETTR_SYSTEM_FROM); times in ms. */
export interface AccountsConfig {
  signup: 'invite' | 'open';
  sessionIdleMs: number;
  sessionLifetimeMs: number;
  systemFrom: { name: string | null; email: string };
}

/** Webhook delivery settings (LETTR_WEBHOOK_*); times in ms. */
export interface WebhookConfig {
  allowPrivate: boolean;
  caFile: string | undefined;
  batchSize: number;
  batchWindowMs: number;
  timeoutMs: number;
  retrySchedule: number[];
  disableAfter: number;
  secretOverlapMs: number;
  concurrency: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const v of VARIABLES) {
    const given = env[v.name];
    const raw = given !== undefined && given !== '' ? given : typeof v.default === 'function' ? v.default(env) : v.default;
    if (raw === undefined) continue;
    const parsed = v.parse(raw);
    if (parsed.ok) values[v.name] = parsed.value;
    else problems.push(`${v.name} ${parsed.problem}`);
  }
  const env_ = values.LETTR_ENV as Config['env'];
  const secretKeys = (values.LETTR_SECRET_KEY as string[] | undefined) ?? [];
  if (env_ === 'production' && secretKeys.length === 0) {
    problems.push('LETTR_SECRET_KEY must be set in production (32 random bytes, base64 or hex)');
  }
  // The private-target escape hatch is for development; in production it would reopen SSRF to the internal network.
  if (env_ === 'production' && values.LETTR_WEBHOOK_ALLOW_PRIVATE === true) {
    problems.push('LETTR_WEBHOOK_ALLOW_PRIVATE=true is refused when LETTR_ENV=production (it lets webhooks reach private networks); unset one of them');
  }
  if (values.LETTR_DELIVERY === 'relay' && !values.LETTR_RELAY_URL) {
    problems.push('LETTR_RELAY_URL must be set when LETTR_DELIVERY is relay');
  }
  if (values.LETTR_WEBHOOK_TIMEOUT === 0) problems.push('LETTR_WEBHOOK_TIMEOUT must be more than 0');
  if ((values.LETTR_WEBHOOK_RETRY_SCHEDULE as number[] | undefined)?.length === 0) problems.push('LETTR_WEBHOOK_RETRY_SCHEDULE must list at least one attempt');
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(values.LETTR_DATA_DIR as string);
  const dbUrl = values.LETTR_DATABASE_URL as string;
  const database: DatabaseConfig = dbUrl.startsWith('sqlite:')
    ? { dialect: 'sqlite', path: dbUrl.slice('sqlite:'.length) === ':memory:' ? ':memory:' : path.resolve(dbUrl.slice('sqlite:'.length)) }
    : { dialect: 'postgres', url: dbUrl };

  return {
    env: env_,
    dataDir,
    database,
    host: values.LETTR_HOST as string,
    port: values.LETTR_PORT as number,
    publicUrl: (values.LETTR_PUBLIC_URL as string).replace(/\/$/, ''),
    trustProxy: values.LETTR_TRUST_PROXY as string[],
    corsOrigins: values.LETTR_CORS_ORIGINS as string[],
    metrics: {
      port: (values.LETTR_METRICS_PORT as number | null) ?? null,
      host: values.LETTR_METRICS_HOST as string,
      token: (values.LETTR_METRICS_TOKEN as string) || null,
    },
    secretKeys,
    logLevel: values.LETTR_LOG_LEVEL as string,
    rateLimitPerSecond: values.LETTR_RATE_LIMIT as number,
    keyRotationGraceMs: values.LETTR_KEY_ROTATION_GRACE as number,
    delivery: values.LETTR_DELIVERY as Config['delivery'],
    dnsServers: values.LETTR_DNS_SERVERS as string[],
    dnsTimeoutMs: values.LETTR_DNS_TIMEOUT as number,
    bounceDomain: values.LETTR_BOUNCE_DOMAIN as string | null,
    sandboxDomain: values.LETTR_SANDBOX_DOMAIN as string,
    spfInclude: values.LETTR_SPF_INCLUDE as string | null,
    sendingIps: values.LETTR_SENDING_IPS as string[],
    domainApproval: values.LETTR_DOMAIN_APPROVAL as Config['domainApproval'],
    dkimEd25519: values.LETTR_DKIM_ED25519 as boolean,
    relayUrl: values.LETTR_RELAY_URL as string,
    mailboxSmtpPort: values.LETTR_MAILBOX_SMTP_PORT as number,
    retryScheduleMs: values.LETTR_RETRY_SCHEDULE as number[],
    smtpTimeoutMs: values.LETTR_SMTP_TIMEOUT as number,
    mxPort: values.LETTR_MX_PORT as number,
    deliveryConcurrency: values.LETTR_DELIVERY_CONCURRENCY as number | 'auto',
    buildThreads: values.LETTR_BUILD_THREADS as number | 'auto',
    templates: {
      threads: values.LETTR_TEMPLATE_THREADS as number | 'auto',
      budgetMs: values.LETTR_TEMPLATE_BUDGET as number,
      memoryMb: values.LETTR_TEMPLATE_MEMORY_MB as number,
    },
    destinationConcurrency: values.LETTR_DESTINATION_CONCURRENCY as number,
    relayConcurrency: values.LETTR_RELAY_CONCURRENCY as number,
    retentionDays: values.LETTR_RETENTION_DAYS as number,
    shutdownTimeoutMs: values.LETTR_SHUTDOWN_TIMEOUT as number,
    bootstrap: values.LETTR_BOOTSTRAP as boolean,
    webhooks: {
      allowPrivate: values.LETTR_WEBHOOK_ALLOW_PRIVATE as boolean,
      caFile: (values.LETTR_WEBHOOK_CA_FILE as string) || undefined,
      batchSize: values.LETTR_WEBHOOK_BATCH as number,
      batchWindowMs: values.LETTR_WEBHOOK_BATCH_WINDOW as number,
      timeoutMs: values.LETTR_WEBHOOK_TIMEOUT as number,
      retrySchedule: values.LETTR_WEBHOOK_RETRY_SCHEDULE as number[],
      disableAfter: values.LETTR_WEBHOOK_DISABLE_AFTER as number,
      secretOverlapMs: values.LETTR_WEBHOOK_SECRET_OVERLAP as number,
      concurrency: values.LETTR_WEBHOOK_CONCURRENCY as number,
    },
    accounts: {
      signup: values.LETTR_SIGNUP as AccountsConfig['signup'],
      sessionIdleMs: values.LETTR_SESSION_IDLE_TIMEOUT as number,
      sessionLifetimeMs: values.LETTR_SESSION_LIFETIME as number,
      systemFrom: values.LETTR_SYSTEM_FROM as AccountsConfig['systemFrom'],
    },
  };
}

export { VARIABLES } from './variables.js';
