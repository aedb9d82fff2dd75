// One delivery runtime per process (per AppContext): the transport chosen by LETTR_DELIVERY with its connection
// pool, the template and signing-key caches, and the port of the in-process mailbox for `local` delivery.
import os from 'node:os';
import type { AppContext } from '../http/context.js';
import { templatePool, type TemplateWork } from '../templates/index.js';
import type { SigningKey } from './dkim.js';
import { factoryPool, type FactoryPool } from './factory-pool.js';
import { defaultDeliveryConcurrency, type LaneConcurrency } from './sizing.js';
import { localTransport, MAILBOX_SMTP_PURPOSE, MAILBOX_SMTP_USER } from './transports/local.js';
import { createResolver } from './transports/mx-resolve.js';
import { mxTransport } from './transports/mx.js';
import { parseRelayUrl, relayTransport } from './transports/relay.js';
import type { SmtpClientSettings, Transport } from './transports/transport.js';

export interface DeliveryRuntime {
  transport: Transport;
  /** Renders on template threads (LETTR_TEMPLATE_THREADS), never on the event loop. */
  templates: TemplateWork;
  /** Opened DKIM keys per team+domain for a short while: opening means decrypting (secrets module). */
  signingKeys: Map<string, { keys: SigningKey[]; until: number }>;
  concurrency: LaneConcurrency;
  /** Composes and signs messages on build threads (LETTR_BUILD_THREADS). */
  factory: FactoryPool;
  /** Host for Message-IDs and our EHLO name. */
  hostname: string;
  /** Resolved by the mailbox service once it listens (LETTR_MAILBOX_SMTP_PORT=0 picks the port then). */
  setMailboxPort(port: number): void;
  mailboxPort(): number;
  close(): void;
}

const runtimes = new WeakMap<AppContext, DeliveryRuntime>();

/** How long opened DKIM keys are reused: short, so a rotated or deleted key stops signing within a minute. */
export const SIGNING_KEY_TTL_MS = 60_000;

export function deliveryRuntime(ctx: AppContext): DeliveryRuntime {
  let runtime = runtimes.get(ctx);
  if (!runtime) {
    runtime = createRuntime(ctx);
    runtimes.set(ctx, runtime);
  }
  return runtime;
}

function createRuntime(ctx: AppContext): DeliveryRuntime {
  const { config } = ctx;
  const hostname = new URL(config.publicUrl).hostname || os.hostname();
  const settings: SmtpClientSettings = {
    ehloName: hostname,
    connectMs: Math.min(config.smtpTimeoutMs, 30_000),
    socketMs: config.smtpTimeoutMs,
    maxConnectionsPerDestination: config.destinationConcurrency,
    maxMessagesPerConnection: 100,
    idleMs: 5_000,
  };
  let mailboxPort = config.mailboxSmtpPort;
  const transport = pickTransport(ctx, settings, () => mailboxPort);
  const auto = defaultDeliveryConcurrency(os.availableParallelism(), os.totalmem());
  const concurrency = config.deliveryConcurrency === 'auto'
    ? auto
    : { transactional: config.deliveryConcurrency, bulk: Math.max(1, Math.floor(config.deliveryConcurrency / 2)) };
  return {
    transport,
    templates: templatePool(config.templates),
    signingKeys: new Map(),
    concurrency,
    factory: factoryPool(config.buildThreads),
    hostname,
    setMailboxPort: (port) => { mailboxPort = port; },
    mailboxPort: () => mailboxPort,
    close: () => transport.close(),
  };
}

function pickTransport(ctx: AppContext, settings: SmtpClientSettings, mailboxPort: () => number): Transport {
  // Our own smarthost or mailbox takes more connections than the politeness cap for someone else's MX; with 10, the
  // pool was the bench's end-to-end bottleneck (100 → 145 delivered/s at 32 on the 2-core bench machine).
  const ownServer = { ...settings, maxConnectionsPerDestination: ctx.config.relayConcurrency };
  switch (ctx.config.delivery) {
    case 'local':
      return localTransport(ownServer, mailboxPort, { user: MAILBOX_SMTP_USER, pass: ctx.secrets.derive(MAILBOX_SMTP_PURPOSE) });
    case 'relay': {
      const target = parseRelayUrl(ctx.config.relayUrl);
      // Config validation already refused a missing or malformed URL; this is a bug if it fires.
      if (!target.ok) throw new Error(`LETTR_RELAY_URL ${target.problem}`);
      return relayTransport(ownServer, target.value);
    }
    case 'mx':
      return mxTransport(settings, createResolver(ctx.config.dnsServers, ctx.config.dnsTimeoutMs), ctx.config.mxPort);
  }
}
