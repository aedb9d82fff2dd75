// The setting most fault scenarios share: a real `lettr start` child delivering to a real SMTP sink in this process
// (relay mode, or mx mode with the sink as every MX host), a loopback DNS server holding the sending domain's records,
// and a verified sending domain. Emails are counted by the `X-Fault-Seq` header they carry.
import { addVerifiedDomain } from '../../../bench/setup.js';
import type { TestDatabase } from '../../helpers/databases.js';
import type { DnsTestServer } from '../../helpers/dns-server.js';
import type { SinkMessage, SmtpSink } from '../../helpers/smtp-sink.js';
import { SEQ_HEADER } from './load.js';
import { startServer, type FaultServer } from './server.js';

export const FAULT_DOMAIN = 'faults.example.com';

export interface RelayOptions {
  db: TestDatabase;
  sink: SmtpSink;
  dns: DnsTestServer;
  /** `relay` (default): the sink is the smarthost; `mx`: the sink listens for every MX host the DNS server names. */
  mode?: 'relay' | 'mx';
  env?: Record<string, string>;
  /** A restart on the same data: the key from the first start, and the domain is already there. */
  key?: string;
}

export async function startRelayServer(o: RelayOptions): Promise<FaultServer> {
  const mode = o.mode ?? 'relay';
  const server = await startServer({
    databaseUrl: o.db.url,
    dataDir: o.db.dataDir,
    key: o.key,
    env: {
      LETTR_DELIVERY: mode,
      ...(mode === 'relay' ? { LETTR_RELAY_URL: `smtp://127.0.0.1:${o.sink.port}` } : { LETTR_MX_PORT: String(o.sink.port) }),
      LETTR_DNS_SERVERS: o.dns.address,
      LETTR_DNS_TIMEOUT: '500ms',
      ...o.env,
    },
  });
  if (!o.key) {
    try {
      await addVerifiedDomain(server.url, server.key, o.dns, FAULT_DOMAIN);
    } catch (err) {
      await server.kill('SIGKILL');
      throw err;
    }
  }
  return server;
}

/** The sequence number an email was sent with, read from its header section (null if absent). */
export function seqOf(message: SinkMessage): string | null {
  const raw = message.raw.toString('latin1');
  const end = raw.indexOf('\r\n\r\n');
  const m = (end < 0 ? raw : raw.slice(0, end)).match(new RegExp(`^${SEQ_HEADER}:\\s*(\\d+)`, 'mi'));
  return m ? m[1]! : null;
}

/** Every sequence number the sink received, repeats included (a repeat is a duplicate delivery). */
export const deliveredSeqs = (sink: SmtpSink): string[] => sink.messages.map(seqOf).filter((s): s is string => s !== null);

/** Polls `check` until it is true or `timeoutMs` passes; returns the last answer (tests assert on it). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number, intervalMs = 100): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
