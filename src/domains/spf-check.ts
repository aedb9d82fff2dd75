// The SPF verdict for a sending domain (spec §6.4): one record, valid syntax, at most 10 DNS lookups across the
// whole include tree (RFC 7208 §4.6.4, counted statically as linting tools do), and it authorises us.
import { normaliseDomain } from './names.js';
import type { DnsLookup } from './resolver.js';
import { spfMechanisms, type SenderIdentity } from './records.js';
import { checkHost } from './spf-eval.js';
import { costsLookup, hasMacro, isSpfRecord, LOOKUP_LIMIT, parseSpf } from './spf.js';

export type SpfStatus = 'valid' | 'invalid' | 'missing' | 'unverified';

export interface SpfCheck {
  status: SpfStatus;
  /** false when DNS did not answer (timeout, SERVFAIL): the stored status must stay as it was. */
  conclusive: boolean;
  record: string | null;
  error: string | null;
  includesUs: boolean;
  lookups: number;
}

type Fetched = { kind: 'record'; record: string } | { kind: 'problem'; error: string } | { kind: 'transient'; error: string };

async function fetchSpf(domain: string, dns: DnsLookup): Promise<Fetched | { kind: 'missing' }> {
  const answer = await dns.txt(domain);
  if (answer.kind === 'failed') return { kind: 'transient', error: `DNS SPF query error: ${answer.message}` };
  const records = answer.kind === 'found' ? answer.records.filter(isSpfRecord) : [];
  if (records.length === 0) return { kind: 'missing' };
  if (records.length > 1) return { kind: 'problem', error: `${domain} publishes ${records.length} SPF records; only one is allowed (RFC 7208 §4.5).` };
  return { kind: 'record', record: records[0]! };
}

interface Walk { lookups: number; includes: Set<string>; problems: string[]; transient: string[]; visited: number }

// Visits every include/redirect target once per path, counting lookup terms; stops descending past the limit.
async function walk(domain: string, record: string, dns: DnsLookup, state: Walk, top: boolean): Promise<void> {
  if (++state.visited > LOOKUP_LIMIT * 2) return;
  const parsed = parseSpf(record);
  if (!parsed.ok) {
    state.problems.push(top ? `SPF syntax error: ${parsed.error}.` : `SPF syntax error in ${domain}: ${parsed.error}.`);
    return;
  }
  const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');
  for (const term of parsed.terms) {
    if (state.transient.length > 0) return; // the verdict is already inconclusive; don't wait on more timeouts
    if (term.kind === 'mechanism' && term.name === 'all') break; // §5.1: later mechanisms are never tested
    if (!costsLookup(term) || (term.kind === 'modifier' && hasAll)) continue; // §6.1: redirect ignored beside "all"
    state.lookups++;
    const target = term.kind === 'mechanism' ? term.target : term.value;
    const descends = term.kind === 'modifier' || term.name === 'include';
    if (!descends || target === null || hasMacro(target)) continue;
    const name = normaliseDomain(target);
    if (term.kind === 'modifier' || term.qualifier === '+') state.includes.add(name);
    if (state.lookups > LOOKUP_LIMIT) continue;
    const fetched = await fetchSpf(name, dns);
    if (fetched.kind === 'missing') state.problems.push(`${term.kind === 'mechanism' ? 'include' : 'redirect'}:${name} has no SPF record.`);
    else if (fetched.kind === 'problem') state.problems.push(fetched.error);
    else if (fetched.kind === 'transient') state.transient.push(fetched.error);
    else await walk(name, fetched.record, dns, state, false);
  }
}

export async function checkSpf(domainName: string, identity: SenderIdentity, dns: DnsLookup): Promise<SpfCheck> {
  const domain = normaliseDomain(domainName);
  const fetched = await fetchSpf(domain, dns);
  const result = (status: SpfStatus, error: string | null, extra: Partial<SpfCheck> = {}): SpfCheck =>
    ({ status, conclusive: true, record: null, error, includesUs: false, lookups: 0, ...extra });
  if (fetched.kind === 'transient') return result('unverified', fetched.error, { conclusive: false });
  if (fetched.kind === 'missing') return result('missing', `No SPF record found for ${domain}.`);
  if (fetched.kind === 'problem') return result('invalid', fetched.error);

  const state: Walk = { lookups: 0, includes: new Set(), problems: [], transient: [], visited: 0 };
  await walk(domain, fetched.record, dns, state, true);
  const includesUs = await authorisesUs(domain, identity, state, dns);
  const found = { record: fetched.record, includesUs, lookups: state.lookups };
  if (state.transient.length > 0 || includesUs === 'temperror') {
    return result('unverified', state.transient[0] ?? `DNS SPF query error: a lookup for ${domain} did not complete.`, { ...found, includesUs: false, conclusive: false });
  }
  const usFound = { ...found, includesUs: includesUs === true };
  if (state.problems.length > 0) return result('invalid', state.problems[0]!, usFound);
  if (state.lookups > LOOKUP_LIMIT) {
    return result('invalid', `SPF record needs ${state.lookups} DNS lookups; at most ${LOOKUP_LIMIT} are allowed (RFC 7208 §4.6.4).`, usFound);
  }
  const mechanisms = spfMechanisms(identity);
  if (mechanisms.length === 0) return result('unverified', 'This server has no LETTR_SPF_INCLUDE or LETTR_SENDING_IPS configured, so SPF cannot be checked.', usFound);
  if (includesUs !== true) return result('invalid', `SPF record does not authorise this server; add ${mechanisms.join(' ')}.`, usFound);
  return result('valid', null, usFound);
}

/** Our include anywhere in the tree, or every configured sending address passing check_host. */
async function authorisesUs(domain: string, identity: SenderIdentity, state: Walk, dns: DnsLookup): Promise<boolean | 'temperror'> {
  if (identity.spfInclude && state.includes.has(normaliseDomain(identity.spfInclude))) return true;
  if (identity.sendingIps.length === 0) return false;
  const results = await Promise.all(identity.sendingIps.map((ip) => checkHost(ip, domain, dns)));
  if (results.includes('temperror')) return 'temperror';
  return results.every((r) => r === 'pass');
}
