// The DNS records a user publishes for a sending domain on THIS deployment (spec §6.3, decision S13).
// Hostnames come from configuration, never from the hosted service, so an operator runs this on their own names.
import { isIP } from 'node:net';
import { dkimRecordName, dkimRecordValue, type DkimAlgorithm } from './dkim-keys.js';
import { isApexDomain } from './names.js';

export interface SenderIdentity {
  /** LETTR_BOUNCE_DOMAIN: the host subdomains CNAME to, which carries our SPF and receives bounces. */
  bounceDomain: string | null;
  /** LETTR_SPF_INCLUDE: the name apex domains `include:` in SPF. */
  spfInclude: string | null;
  /** LETTR_SENDING_IPS: the addresses we send from, used as ip4:/ip6: when no include is configured. */
  sendingIps: string[];
}

export type RecordPurpose = 'dkim' | 'return_path' | 'spf' | 'dmarc';

export interface DnsRecordToPublish {
  purpose: RecordPurpose;
  type: 'TXT' | 'CNAME';
  name: string;
  value: string;
  /** Why it is needed, as shown to the user in the CLI and dashboard. */
  note: string;
}

export interface PublishedKey { selector: string; algorithm: DkimAlgorithm; publicKey: string; pending?: boolean }

/** Which record carries the return path: a CNAME for subdomains when a bounce domain is configured, else SPF. */
export function usesBounceCname(domain: string, identity: SenderIdentity): boolean {
  return identity.bounceDomain !== null && !isApexDomain(domain);
}

/** The SPF mechanisms that authorise us: the include when configured, else our addresses. */
export function spfMechanisms(identity: SenderIdentity): string[] {
  if (identity.spfInclude) return [`include:${identity.spfInclude}`];
  return identity.sendingIps.map((ip) => (isIP(ip) === 6 ? `ip6:${ip}` : `ip4:${ip}`));
}

export function recordsToPublish(domain: string, keys: readonly PublishedKey[], identity: SenderIdentity): DnsRecordToPublish[] {
  const records: DnsRecordToPublish[] = keys.map((key) => ({
    purpose: 'dkim',
    type: 'TXT',
    name: dkimRecordName(key.selector, domain),
    value: dkimRecordValue(key.algorithm, key.publicKey),
    note: key.pending
      ? 'New DKIM key (rotation): publish it beside the current one; it takes over once it verifies.'
      : key.algorithm === 'rsa-sha256' ? 'DKIM public key (required to send).' : 'DKIM Ed25519 public key (RFC 8463).',
  }));
  if (usesBounceCname(domain, identity)) {
    records.push({
      purpose: 'return_path', type: 'CNAME', name: domain, value: identity.bounceDomain as string,
      note: 'Return path: bounces come back to us and SPF is inherited from the bounce domain.',
    });
  } else {
    const mechanisms = spfMechanisms(identity);
    if (mechanisms.length > 0) {
      records.push({
        purpose: 'spf', type: 'TXT', name: domain, value: ['v=spf1', ...mechanisms, '~all'].join(' '),
        note: 'SPF: merge into your existing v=spf1 record if you have one; one record, at most 10 DNS lookups.',
      });
    }
  }
  records.push({
    purpose: 'dmarc', type: 'TXT', name: `_dmarc.${domain}`, value: `v=DMARC1; p=none; rua=mailto:dmarc@${domain}`,
    note: 'DMARC: start with p=none, tighten to quarantine/reject once reports look clean.',
  });
  return records;
}
