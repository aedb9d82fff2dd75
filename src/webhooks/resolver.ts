// Name → addresses for webhook targets. With LETTR_DNS_SERVERS set (tests point it at the loopback DNS server) this
// asks the project's one DNS shell (domains' createDnsLookup) for A and AAAA; otherwise it uses the operating system's
// lookup, i.e. exactly what a connect() would use, /etc/hosts included. A definitive "no such name / no records" is an
// empty list; a resolver failure (timeout, SERVFAIL) is an error the caller records, as it may pass on a later attempt.
import { promises as dns } from 'node:dns';
import type { Config } from '../config/index.js';
import { dnsLookup, type DnsAnswer } from '../domains/index.js';

export type Resolution = { ok: true; addresses: string[] } | { ok: false; code: string };
export type ResolveAddresses = (host: string) => Promise<Resolution>;

const DEFINITIVE = new Set(['ENOTFOUND', 'ENODATA']);

function systemResolver(): ResolveAddresses {
  return async (host) => {
    try {
      const found = await dns.lookup(host, { all: true, verbatim: true });
      return { ok: true, addresses: found.map((a) => a.address) };
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'EDNS';
      return DEFINITIVE.has(code) ? { ok: true, addresses: [] } : { ok: false, code };
    }
  };
}

/** Pure: A and AAAA answers → the addresses, or the failure when neither answered definitively. */
export function combineAnswers(a: DnsAnswer<string>, aaaa: DnsAnswer<string>): Resolution {
  const addresses = [...(a.kind === 'found' ? a.records : []), ...(aaaa.kind === 'found' ? aaaa.records : [])];
  if (addresses.length) return { ok: true, addresses };
  const failed = [a, aaaa].find((x) => x.kind === 'failed');
  return failed && failed.kind === 'failed' ? { ok: false, code: failed.failure } : { ok: true, addresses: [] };
}

export function makeResolver(config: Pick<Config, 'dnsServers' | 'dnsTimeoutMs'>): ResolveAddresses {
  if (config.dnsServers.length === 0) return systemResolver();
  const lookup = dnsLookup(config);
  return async (host) => {
    const [a, aaaa] = await Promise.all([lookup.a(host), lookup.aaaa(host)]);
    return combineAnswers(a, aaaa);
  };
}
