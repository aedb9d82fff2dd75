// `mx`: direct delivery to the recipient domain's MX hosts, opportunistic STARTTLS (RFC 3207, without
// certificate checks as RFC 7435 allows), pooled connections capped per MX host.
import type { promises as dns } from 'node:dns';
import { classifyConnectionFailure } from '../classify.js';
import type { TransmitOutcome } from '../outcome.js';
import { SmtpPool } from '../smtp/pool.js';
import type { Destination } from '../smtp/smtp-client.js';
import { transmitOver, type Envelope } from '../smtp/transmit.js';
import { resolveMxRoute } from './mx-resolve.js';
import type { SmtpClientSettings, Transport } from './transport.js';

/** A failure that says nothing about the message: the next address or MX host may do better. */
function tryNext(outcome: TransmitOutcome): boolean {
  return outcome.kind === 'deferred' && (outcome.errorCode === null || outcome.rawReason.startsWith('421'));
}

export function mxTransport(settings: SmtpClientSettings, resolver: dns.Resolver, port: number): Transport {
  const pool = new SmtpPool(settings);

  async function sendToAddress(exchange: string, address: string, envelope: Envelope, message: Buffer): Promise<TransmitOutcome> {
    const dest: Destination = { host: address, port, servername: exchange, secure: false, verifyTls: false, ignoreTls: false };
    const outcome = await transmitOver(pool, dest, envelope, message);
    // A broken TLS handshake is common on small MX hosts; like other MTAs, fall back to plain SMTP once.
    if (outcome.kind === 'deferred' && outcome.rawReason.startsWith('ETLS')) {
      return transmitOver(pool, { ...dest, ignoreTls: true }, envelope, message);
    }
    return outcome;
  }

  return {
    mode: 'mx',
    async send(envelope, message) {
      const domain = envelope.to.slice(envelope.to.lastIndexOf('@') + 1).toLowerCase();
      const route = await resolveMxRoute(resolver, domain);
      switch (route.kind) {
        case 'null_mx':
          return { kind: 'bounced', rawReason: `556 5.1.10 Domain ${domain} does not accept mail (null MX)`, errorCode: '556', bounceClass: classifyConnectionFailure('null_mx') };
        case 'nxdomain':
          return { kind: 'bounced', rawReason: `550 5.1.2 ${route.reason}`, errorCode: null, bounceClass: classifyConnectionFailure('nxdomain') };
        case 'temporary':
          return { kind: 'deferred', rawReason: route.reason, errorCode: null, bounceClass: classifyConnectionFailure('dns_temporary'), retryAfterMs: null, tls: false };
      }
      let last: TransmitOutcome | null = null;
      for (const host of route.hosts) {
        for (const address of host.addresses) {
          last = await sendToAddress(host.exchange, address, envelope, message);
          if (!tryNext(last)) return last;
        }
      }
      return last!;
    },
    close: () => pool.close(),
  };
}
