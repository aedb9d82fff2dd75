// The domain capability's view of configuration: who we are in DNS, and the resolver domain checks use.
import type { Config } from '../config/index.js';
import type { SenderIdentity } from './records.js';
import { createDnsLookup, type DnsLookup } from './resolver.js';

export function senderIdentity(config: Pick<Config, 'bounceDomain' | 'spfInclude' | 'sendingIps'>): SenderIdentity {
  return { bounceDomain: config.bounceDomain, spfInclude: config.spfInclude, sendingIps: config.sendingIps };
}

/** Two attempts per lookup: one lost UDP packet should not fail a check, a dead resolver should fail it quickly. */
const DNS_TRIES = 2;

export function dnsLookup(config: Pick<Config, 'dnsServers' | 'dnsTimeoutMs'>): DnsLookup {
  return createDnsLookup({ servers: config.dnsServers, timeoutMs: config.dnsTimeoutMs, tries: DNS_TRIES });
}
