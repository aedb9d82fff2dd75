// The DKIM, return-path CNAME and DMARC checks of spec §6.4: DNS in, verdicts out. Error texts follow the contract's
// examples where it has them. A check that DNS did not answer is `conclusive: false` and never changes stored state.
import { dkimRecordName, type DkimAlgorithm } from './dkim-keys.js';
import { compareDkimRecord, isDkimKeyRecord } from './dkim-record.js';
import { isDmarcRecord, parseDmarc, type DmarcPolicy } from './dmarc.js';
import { normaliseDomain, organisationalDomain } from './names.js';
import type { DnsLookup } from './resolver.js';

export interface RecordCheck<S extends string> { status: S; conclusive: boolean; record: string | null; error: string | null }

export type DkimStatus = 'valid' | 'invalid' | 'unverified';
export interface HeldKey { selector: string; algorithm: DkimAlgorithm; publicKey: string }

export async function checkDkimKey(domain: string, key: HeldKey, dns: DnsLookup): Promise<RecordCheck<DkimStatus> & { selector: string }> {
  const name = dkimRecordName(key.selector, domain);
  const answer = await dns.txt(name);
  const base = { selector: key.selector };
  if (answer.kind === 'failed') return { ...base, status: 'unverified', conclusive: false, record: null, error: `DNS DKIM query error: ${answer.message}` };
  const records = answer.kind === 'found' ? answer.records.filter(isDkimKeyRecord) : [];
  if (records.length === 0) {
    return { ...base, status: 'invalid', conclusive: true, record: null, error: `DNS DKIM query error: dns lookup failed for ${name}: no TXT records found` };
  }
  if (records.length > 1) {
    return { ...base, status: 'invalid', conclusive: true, record: records[0]!, error: `DKIM record at ${name}: ${records.length} key records found; publish exactly one.` };
  }
  const verdict = compareDkimRecord(records[0]!, key.algorithm, key.publicKey);
  return verdict.ok
    ? { ...base, status: 'valid', conclusive: true, record: records[0]!, error: null }
    : { ...base, status: 'invalid', conclusive: true, record: records[0]!, error: `DKIM record at ${name}: ${verdict.error}.` };
}

/** Every key we sign with must be published; the first key (the RSA one) is the record shown. */
export async function checkDkim(domain: string, keys: readonly HeldKey[], dns: DnsLookup): Promise<RecordCheck<DkimStatus>> {
  const checks = await Promise.all(keys.map((key) => checkDkimKey(domain, key, dns)));
  const record = checks[0]?.record ?? null;
  const invalid = checks.find((c) => c.conclusive && c.status === 'invalid');
  if (invalid) return { status: 'invalid', conclusive: true, record, error: invalid.error };
  const pending = checks.find((c) => !c.conclusive);
  if (pending) return { status: 'unverified', conclusive: false, record, error: pending.error };
  if (checks.length === 0) return { status: 'invalid', conclusive: true, record: null, error: 'This domain has no DKIM key.' };
  return { status: 'valid', conclusive: true, record, error: null };
}

export type CnameStatus = 'valid' | 'invalid' | 'unverified' | 'not_applicable';

export async function checkBounceCname(domain: string, bounceDomain: string | null, dns: DnsLookup): Promise<RecordCheck<CnameStatus>> {
  if (bounceDomain === null) return { status: 'not_applicable', conclusive: true, record: null, error: null };
  const answer = await dns.cname(domain);
  if (answer.kind === 'failed') return { status: 'unverified', conclusive: false, record: null, error: `DNS CNAME query error: ${answer.message}` };
  if (answer.kind === 'none') return { status: 'invalid', conclusive: true, record: null, error: 'DNS CNAME query error: No CNAME records retrieved' };
  const target = normaliseDomain(answer.records[0]!);
  if (target === normaliseDomain(bounceDomain)) return { status: 'valid', conclusive: true, record: target, error: null };
  return { status: 'invalid', conclusive: true, record: target, error: `CNAME for ${domain} points to ${target}; it must point to ${normaliseDomain(bounceDomain)}.` };
}

export type DmarcStatus = 'valid' | 'invalid' | 'missing' | 'unverified';
export interface DmarcCheck extends RecordCheck<DmarcStatus> {
  foundAtDomain: string | null;
  policy: DmarcPolicy | null;
  subdomainPolicy: DmarcPolicy | null;
  coveredByParentPolicy: boolean;
}

/** RFC 7489 §6.6.3: `_dmarc.<domain>`, then `_dmarc.<organisational domain>` when that differs. */
export async function checkDmarc(domainName: string, dns: DnsLookup): Promise<DmarcCheck> {
  const domain = normaliseDomain(domainName);
  const org = organisationalDomain(domain);
  const empty = { record: null, foundAtDomain: null, policy: null, subdomainPolicy: null, coveredByParentPolicy: false };
  for (const candidate of org === domain ? [domain] : [domain, org]) {
    const answer = await dns.txt(`_dmarc.${candidate}`);
    if (answer.kind === 'failed') return { ...empty, status: 'unverified', conclusive: false, error: `DNS DMARC query error: ${answer.message}` };
    const records = answer.kind === 'found' ? answer.records.filter(isDmarcRecord) : [];
    if (records.length === 0) continue;
    const found = { ...empty, record: records[0]!, foundAtDomain: candidate, coveredByParentPolicy: candidate !== domain };
    if (records.length > 1) return { ...found, status: 'invalid', conclusive: true, error: `_dmarc.${candidate} has ${records.length} DMARC records; publish exactly one.` };
    const parsed = parseDmarc(records[0]!);
    if (!parsed.ok) return { ...found, status: 'invalid', conclusive: true, error: `DMARC record at _dmarc.${candidate} is invalid: ${parsed.error}.` };
    return { ...found, status: 'valid', conclusive: true, error: null, policy: parsed.policy, subdomainPolicy: parsed.subdomainPolicy };
  }
  return { ...empty, status: 'missing', conclusive: true, error: `No DMARC record found for ${domain} or its parent domain.` };
}
