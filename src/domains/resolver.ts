// The one DNS shell for domain checks (and MX lookups, SSRF name checks elsewhere): a node Resolver pointed at
// LETTR_DNS_SERVERS (or the system's), with outcomes as data. Nothing here throws for a DNS answer.
import { Resolver } from 'node:dns/promises';

export type DnsFailure = 'timeout' | 'servfail' | 'refused' | 'error';
export type DnsAnswer<T> =
  | { kind: 'found'; records: T[] }
  | { kind: 'none'; nxdomain: boolean }
  | { kind: 'failed'; failure: DnsFailure; message: string };

export interface MxRecord { priority: number; exchange: string }

export interface DnsLookup {
  /** TXT records, each one's strings joined (RFC 7208 §3.3, RFC 6376 §3.6.2.2). */
  txt(name: string): Promise<DnsAnswer<string>>;
  cname(name: string): Promise<DnsAnswer<string>>;
  a(name: string): Promise<DnsAnswer<string>>;
  aaaa(name: string): Promise<DnsAnswer<string>>;
  mx(name: string): Promise<DnsAnswer<MxRecord>>;
}

export interface ResolverOptions {
  /** `host:port` entries; empty = the operating system's resolvers. */
  servers: readonly string[];
  /** Per-attempt timeout, milliseconds. */
  timeoutMs: number;
  tries: number;
}

export function createDnsLookup(options: ResolverOptions): DnsLookup {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: options.tries });
  if (options.servers.length > 0) resolver.setServers([...options.servers]);
  // c-ares doubles the timeout per retry round; this outer bound only guards against a query never settling.
  const deadlineMs = options.timeoutMs * 2 ** (options.tries + 1);
  const ask = <T>(name: string, query: (n: string) => Promise<T[]>): Promise<DnsAnswer<T>> =>
    withDeadline(query(name), deadlineMs).then(
      (records): DnsAnswer<T> => (records.length > 0 ? { kind: 'found', records } : { kind: 'none', nxdomain: false }),
      (error: NodeJS.ErrnoException) => classify(name, error),
    );
  return {
    txt: (name) => ask(name, async (n) => (await resolver.resolveTxt(n)).map((parts) => parts.join(''))),
    cname: (name) => ask(name, (n) => resolver.resolveCname(n)),
    a: (name) => ask(name, (n) => resolver.resolve4(n)),
    aaaa: (name) => ask(name, (n) => resolver.resolve6(n)),
    mx: (name) => ask(name, (n) => resolver.resolveMx(n)),
  };
}

function classify<T>(name: string, error: NodeJS.ErrnoException): DnsAnswer<T> {
  switch (error.code) {
    case 'ENODATA':
      return { kind: 'none', nxdomain: false };
    case 'ENOTFOUND':
      return { kind: 'none', nxdomain: true };
    case 'ETIMEOUT':
      return { kind: 'failed', failure: 'timeout', message: `dns lookup timed out for ${name}` };
    case 'ESERVFAIL':
      return { kind: 'failed', failure: 'servfail', message: `dns server failure (SERVFAIL) for ${name}` };
    case 'EREFUSED':
    case 'ECONNREFUSED':
      return { kind: 'failed', failure: 'refused', message: `dns query refused for ${name}` };
    default:
      return { kind: 'failed', failure: 'error', message: `dns lookup failed for ${name}: ${error.code ?? error.message}` };
  }
}

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { code: 'ETIMEOUT' })), ms);
    timer.unref();
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/** Memoises answers for the duration of one verification, so a name asked twice (SPF includes) costs one query. */
export function memoised(lookup: DnsLookup): DnsLookup {
  const cache = new Map<string, Promise<DnsAnswer<unknown>>>();
  const once = <T>(kind: keyof DnsLookup, name: string, run: () => Promise<DnsAnswer<T>>): Promise<DnsAnswer<T>> => {
    const key = `${kind} ${name.toLowerCase()}`;
    if (!cache.has(key)) cache.set(key, run());
    return cache.get(key) as Promise<DnsAnswer<T>>;
  };
  return {
    txt: (name) => once('txt', name, () => lookup.txt(name)),
    cname: (name) => once('cname', name, () => lookup.cname(name)),
    a: (name) => once('a', name, () => lookup.a(name)),
    aaaa: (name) => once('aaaa', name, () => lookup.aaaa(name)),
    mx: (name) => once('mx', name, () => lookup.mx(name)),
  };
}
