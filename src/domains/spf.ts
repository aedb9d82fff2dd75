// SPF record syntax (RFC 7208 §4.6, §5, §6) as data. Evaluation with DNS lives in spf-check.ts.
import { isIPv4, isIPv6 } from 'node:net';

export type Qualifier = '+' | '-' | '~' | '?';
export type MechanismName = 'all' | 'include' | 'a' | 'mx' | 'ptr' | 'ip4' | 'ip6' | 'exists';

export type SpfTerm =
  | { kind: 'mechanism'; qualifier: Qualifier; name: MechanismName; target: string | null; cidr4: number | null; cidr6: number | null }
  | { kind: 'modifier'; name: string; value: string };

export type SpfParse = { ok: true; terms: SpfTerm[] } | { ok: false; error: string };

/** Mechanisms and modifiers that cost a DNS lookup against the limit of 10 (RFC 7208 §4.6.4). */
export const LOOKUP_LIMIT = 10;
const LOOKUP_MECHANISMS = new Set<MechanismName>(['include', 'a', 'mx', 'ptr', 'exists']);

export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt);
}

export function costsLookup(term: SpfTerm): boolean {
  return term.kind === 'mechanism' ? LOOKUP_MECHANISMS.has(term.name) : term.name === 'redirect';
}

export function parseSpf(record: string): SpfParse {
  if (!isSpfRecord(record)) return { ok: false, error: 'the record does not start with "v=spf1"' };
  const terms: SpfTerm[] = [];
  const seen = new Set<string>();
  for (const token of record.trim().split(/\s+/).slice(1)) {
    const term = parseTerm(token);
    if (typeof term === 'string') return { ok: false, error: term };
    if (term.kind === 'modifier' && (term.name === 'redirect' || term.name === 'exp')) {
      if (seen.has(term.name)) return { ok: false, error: `"${term.name}=" appears more than once` }; // §6
      seen.add(term.name);
    }
    terms.push(term);
  }
  return { ok: true, terms };
}

const MECHANISM = /^([+\-~?]?)(all|include|a|mx|ptr|ip4|ip6|exists)(?::([^/]*))?((?:\/\d+)?(?:\/\/\d+)?)$/i;
const MODIFIER = /^([a-z][a-z0-9_.-]*)=(.*)$/i;

function parseTerm(token: string): SpfTerm | string {
  const mechanism = MECHANISM.exec(token);
  if (mechanism) {
    const qualifier = (mechanism[1] || '+') as Qualifier;
    const name = mechanism[2]!.toLowerCase() as MechanismName;
    const target = mechanism[3] ?? null;
    const cidr = mechanism[4] ?? '';
    return checkMechanism(token, qualifier, name, target, cidr);
  }
  const modifier = MODIFIER.exec(token);
  if (modifier) {
    const name = modifier[1]!.toLowerCase();
    if ((name === 'redirect' || name === 'exp') && !isDomainSpec(modifier[2]!)) return `"${token}" has no valid domain`;
    return { kind: 'modifier', name, value: modifier[2]! };
  }
  return `unknown term "${token}"`;
}

function checkMechanism(token: string, qualifier: Qualifier, name: MechanismName, target: string | null, cidr: string): SpfTerm | string {
  const [, c4, c6] = /^(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(cidr) ?? [];
  const term = { kind: 'mechanism' as const, qualifier, name, target, cidr4: c4 ? Number(c4) : null, cidr6: c6 ? Number(c6) : null };
  switch (name) {
    case 'all':
      return target === null && cidr === '' ? term : `"${token}" takes no argument`;
    case 'ip4':
      if (!target || !isIPv4(target) || term.cidr6 !== null) return `"${token}" is not an IPv4 address`;
      return (term.cidr4 ?? 32) <= 32 ? term : `"${token}" has a prefix longer than 32`;
    case 'ip6':
      // ip6:addr/len parses as cidr4 by the shared pattern; move it over.
      if (!target || !isIPv6(target) || term.cidr6 !== null) return `"${token}" is not an IPv6 address`;
      return (term.cidr4 ?? 128) <= 128 ? { ...term, cidr4: null, cidr6: term.cidr4 } : `"${token}" has a prefix longer than 128`;
    case 'a':
    case 'mx':
      if (target !== null && !isDomainSpec(target)) return `"${token}" has no valid domain`;
      if ((term.cidr4 ?? 32) > 32 || (term.cidr6 ?? 128) > 128) return `"${token}" has an invalid prefix length`;
      return term;
    default: // include, exists, ptr
      if (cidr !== '') return `"${token}" takes no prefix length`;
      if (name !== 'ptr' && (target === null || !isDomainSpec(target))) return `"${token}" needs a domain`;
      if (name === 'ptr' && target !== null && !isDomainSpec(target)) return `"${token}" has no valid domain`;
      return term;
  }
}

/** A domain-spec (§7.1): a name, possibly with %{…} macros, ending in a label that is not all digits. */
function isDomainSpec(value: string): boolean {
  if (value.length === 0 || /\s/.test(value)) return false;
  if (value.includes('%')) return /^(?:[^%]|%[{][slodiphcrtv]\d*r?[-.+,/_=]*[}]|%%|%_|%-)+$/i.test(value);
  return /^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$/i.test(value) && value.replace(/\.$/, '').includes('.');
}

export function hasMacro(target: string): boolean {
  return target.includes('%');
}
