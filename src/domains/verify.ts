// One verification of a sending domain: every check of spec §6.4 run against DNS, returned as data.
import { checkBounceCname, checkDkim, checkDmarc, type CnameStatus, type DkimStatus, type DmarcCheck, type HeldKey, type RecordCheck } from './checks.js';
import { isApexDomain, normaliseDomain } from './names.js';
import { usesBounceCname, type SenderIdentity } from './records.js';
import { memoised, type DnsLookup } from './resolver.js';
import { checkSpf, type SpfCheck } from './spf-check.js';

export interface DomainVerification {
  domain: string;
  isPrimaryDomain: boolean;
  dkim: RecordCheck<DkimStatus>;
  cname: RecordCheck<CnameStatus>;
  spf: SpfCheck;
  dmarc: DmarcCheck;
}

export async function verifyDomainDns(domainName: string, keys: readonly HeldKey[], identity: SenderIdentity, lookup: DnsLookup): Promise<DomainVerification> {
  const domain = normaliseDomain(domainName);
  const dns = memoised(lookup);
  const bounceDomain = usesBounceCname(domain, identity) ? identity.bounceDomain : null;
  const [dkim, cname, spf, dmarc] = await Promise.all([
    checkDkim(domain, keys, dns),
    checkBounceCname(domain, bounceDomain, dns),
    checkSpf(domain, identity, dns),
    checkDmarc(domain, dns),
  ]);
  return { domain, isPrimaryDomain: isApexDomain(domain), dkim, cname, spf, dmarc };
}
