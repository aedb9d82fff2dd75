// The one HTTP dispatcher webhook requests (and OAuth2 token fetches) go through. The target rule is enforced on the
// address the socket actually connects to, not on an earlier lookup: names resolve inside connect() and refused
// addresses are filtered there, and every connected socket's remote address is checked again, so a DNS answer that
// changes between validation and delivery (rebinding) cannot reach an internal address.
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector } from 'undici';
import { classifyAddress } from './address-class.js';
import type { ResolveAddresses } from './resolver.js';
import { permittedAddresses, refusalMessage } from './target-rules.js';

export class TargetRefusedError extends Error {
  readonly code = 'ETARGETREFUSED';
}

export interface AgentOptions {
  resolve: ResolveAddresses;
  allowPrivate: boolean;
  /** PEM file with extra trust anchors (LETTR_WEBHOOK_CA_FILE), added to the public roots. */
  caFile?: string | undefined;
  connectTimeoutMs?: number;
}

function guardedLookup(resolve: ResolveAddresses, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (r) => {
        if (!r.ok) return callback(Object.assign(new Error(`DNS lookup of ${hostname} failed (${r.code})`), { code: r.code }), '', 0);
        const verdict = permittedAddresses(r.addresses, allowPrivate);
        if (!verdict.ok) return callback(new TargetRefusedError(refusalMessage(verdict.classes)), '', 0);
        const family = (a: string) => isIP(a);
        const wanted = verdict.addresses.filter((a) => !options.family || family(a) === options.family);
        if (!wanted.length) return callback(Object.assign(new Error(`no address of the requested family for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all) return (callback as (e: null, a: { address: string; family: number }[]) => void)(null, wanted.map((a) => ({ address: a, family: family(a) })));
        callback(null, wanted[0]!, family(wanted[0]!));
      },
      (err: Error) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };
}

export function createWebhookAgent(opts: AgentOptions): Agent {
  const ca = opts.caFile ? [...rootCertificates, readFileSync(opts.caFile, 'utf8')] : undefined;
  const base = buildConnector({
    timeout: opts.connectTimeoutMs ?? 10_000,
    lookup: guardedLookup(opts.resolve, opts.allowPrivate),
    minVersion: 'TLSv1.2', // spec §6.5: receivers need TLS 1.2 or newer
    ...(ca ? { ca } : {}),
  } as buildConnector.BuildOptions);

  const connect: buildConnector.connector = (options, callback) => {
    const host = options.hostname.startsWith('[') ? options.hostname.slice(1, -1) : options.hostname;
    // An IP literal never goes through lookup, so judge it before any packet is sent.
    if (isIP(host) && !opts.allowPrivate && classifyAddress(host) !== 'public') {
      return callback(new TargetRefusedError(refusalMessage([classifyAddress(host)])), null);
    }
    base(options, (err, socket) => {
      if (err || !socket) return callback(err ?? new Error('connect failed'), null);
      const remote = socket.remoteAddress ?? '';
      if (!opts.allowPrivate && classifyAddress(remote) !== 'public') {
        socket.destroy();
        return callback(new TargetRefusedError(refusalMessage([classifyAddress(remote)])), null);
      }
      callback(null, socket);
    });
  };

  // Pooled keep-alive sockets are fine: each was checked when it connected, and a new name lookup only happens on a
  // new connection, which goes through the same check.
  return new Agent({ connect });
}
