// check_host() of RFC 7208 §4 for one of our sending addresses, minus what we cannot evaluate honestly:
// macros (§7) and `exists` never match, `ptr` (deprecated, §5.5) never matches. A result of `pass` means the
// domain's SPF authorises that address.
import { BlockList, isIPv4 } from 'node:net';
import { normaliseDomain } from './names.js';
import type { DnsLookup } from './resolver.js';
import { hasMacro, isSpfRecord, parseSpf, type SpfTerm } from './spf.js';

export type SpfResult = 'pass' | 'fail' | 'softfail' | 'neutral' | 'none' | 'permerror' | 'temperror';

const QUALIFIER_RESULT = { '+': 'pass', '-': 'fail', '~': 'softfail', '?': 'neutral' } as const;
const MAX_MX_HOSTS = 10; // §4.6.4: more than 10 MX names is a permerror
const MAX_EVALUATIONS = 20; // records visited per check; the lookup limit is audited separately in spf-check.ts

export async function checkHost(ip: string, domain: string, dns: DnsLookup): Promise<SpfResult> {
  const budget = { left: MAX_EVALUATIONS };
  return evaluate(ip, normaliseDomain(domain), dns, budget);
}

async function evaluate(ip: string, domain: string, dns: DnsLookup, budget: { left: number }): Promise<SpfResult> {
  if (budget.left-- <= 0) return 'permerror';
  const answer = await dns.txt(domain);
  if (answer.kind === 'failed') return 'temperror';
  const records = answer.kind === 'found' ? answer.records.filter(isSpfRecord) : [];
  if (records.length === 0) return 'none';
  if (records.length > 1) return 'permerror';
  const parsed = parseSpf(records[0]!);
  if (!parsed.ok) return 'permerror';
  for (const term of parsed.terms) {
    if (term.kind !== 'mechanism') continue;
    const matched = await matches(ip, domain, term, dns, budget);
    if (matched === 'temperror' || matched === 'permerror') return matched;
    if (matched) return QUALIFIER_RESULT[term.qualifier];
  }
  const redirect = parsed.terms.find((t) => t.kind === 'modifier' && t.name === 'redirect');
  if (redirect?.kind === 'modifier' && !hasMacro(redirect.value)) {
    const result = await evaluate(ip, normaliseDomain(redirect.value), dns, budget);
    return result === 'none' ? 'permerror' : result; // §6.1
  }
  return 'neutral';
}

type Match = boolean | 'temperror' | 'permerror';

async function matches(ip: string, domain: string, term: Extract<SpfTerm, { kind: 'mechanism' }>, dns: DnsLookup, budget: { left: number }): Promise<Match> {
  const target = term.target === null ? domain : term.target;
  if (hasMacro(target)) return false;
  switch (term.name) {
    case 'all':
      return true;
    case 'ip4':
    case 'ip6':
      return inNetwork(ip, [term.target!], term.cidr4, term.cidr6);
    case 'a':
      return addressesMatch(ip, normaliseDomain(target), term, dns);
    case 'mx': {
      const mx = await dns.mx(normaliseDomain(target));
      if (mx.kind === 'failed') return 'temperror';
      if (mx.kind === 'none') return false;
      if (mx.records.length > MAX_MX_HOSTS) return 'permerror';
      for (const record of mx.records) {
        const matched = await addressesMatch(ip, normaliseDomain(record.exchange), term, dns);
        if (matched !== false) return matched;
      }
      return false;
    }
    case 'include': {
      const result = await evaluate(ip, normaliseDomain(target), dns, budget);
      if (result === 'pass') return true;
      if (result === 'temperror') return 'temperror';
      if (result === 'permerror' || result === 'none') return 'permerror'; // §5.2 table
      return false;
    }
    default: // exists, ptr
      return false;
  }
}

async function addressesMatch(ip: string, name: string, term: { cidr4: number | null; cidr6: number | null }, dns: DnsLookup): Promise<Match> {
  const answer = isIPv4(ip) ? await dns.a(name) : await dns.aaaa(name);
  if (answer.kind === 'failed') return 'temperror';
  return answer.kind === 'found' && inNetwork(ip, answer.records, term.cidr4, term.cidr6);
}

function inNetwork(ip: string, networks: string[], cidr4: number | null, cidr6: number | null): boolean {
  const v4 = isIPv4(ip);
  const list = new BlockList();
  for (const network of networks) {
    if (isIPv4(network) !== v4) continue;
    list.addSubnet(network, v4 ? (cidr4 ?? 32) : (cidr6 ?? 128), v4 ? 'ipv4' : 'ipv6');
  }
  return list.check(ip, v4 ? 'ipv4' : 'ipv6');
}
