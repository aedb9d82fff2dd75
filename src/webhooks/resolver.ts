// Name → addresses for webhook targets, through LETTR_DNS_SERVERS when set (tests point it at the loopback DNS
// server) and the system resolver otherwise. A definitive "no such name/no records" is an empty list; a resolver
// failure (timeout, SERVFAIL) is an error the caller records, since it may pass on the next attempt.
import { promises as dns } from 'node:dns';

export type Resolution = { ok: true; addresses: string[] } | { ok: false; code: string };
export type ResolveAddresses = (host: string) => Promise<Resolution>;

const DEFINITIVE = new Set(['ENOTFOUND', 'ENODATA', 'NOTFOUND', 'NODATA']);

function codeOf(err: unknown): string {
  return (err as { code?: string }).code ?? 'EDNS';
}

export function makeResolver(servers: readonly string[], timeoutMs = 2000): ResolveAddresses {
  if (servers.length === 0) {
    return async (host) => {
      try {
        const found = await dns.lookup(host, { all: true, verbatim: true });
        return { ok: true, addresses: found.map((a) => a.address) };
      } catch (err) {
        return DEFINITIVE.has(codeOf(err)) ? { ok: true, addresses: [] } : { ok: false, code: codeOf(err) };
      }
    };
  }
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 });
  resolver.setServers([...servers]);
  return async (host) => {
    const [a, aaaa] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    const addresses = [
      ...(a.status === 'fulfilled' ? a.value : []),
      ...(aaaa.status === 'fulfilled' ? aaaa.value : []),
    ];
    if (addresses.length) return { ok: true, addresses };
    const failures = [a, aaaa].filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => codeOf(r.reason));
    const transient = failures.find((c) => !DEFINITIVE.has(c));
    return transient ? { ok: false, code: transient } : { ok: true, addresses: [] };
  };
}
