// What other capabilities may use of sending domains (INTERFACES.md: Domains → Sending/Delivery).
import type { Executor } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import { DKIM_PURPOSE } from './commands/add-domain.js';
import type { DkimAlgorithm } from './dkim-keys.js';
import { normaliseDomain } from './names.js';
import { canSend } from './status.js';
import { activeKeys, findDomain } from './store.js';
import type { DomainStatus } from './tables.js';

export { domainRoutes } from './routes.js';
export { domainReverification } from './jobs.js';
export { DKIM_SIGNED_HEADERS } from './dkim-keys.js';
export { organisationalDomain, isApexDomain, normaliseDomain } from './names.js';
export { createDnsLookup, type DnsLookup, type DnsAnswer, type MxRecord } from './resolver.js';
export { dnsLookup } from './settings.js';
export type { DomainTables, DomainStatus } from './tables.js';
export { isValidDomainName, INVALID_DOMAIN_MESSAGE } from './names.js';
export { removeDomain } from './commands/manage-domain.js';
export type { DnsRecordToPublish } from './records.js';
export { listDomainViews, describeDomain, addDomainWithRecords, verifyDomainByName, setDomainApproval, rotateDomainKeys } from './service.js';

export interface SendingDomain {
  domain: string;
  status: DomainStatus;
  /** Approved and DKIM valid: relay/mx delivery may use it (local delivery accepts any domain the team added). */
  canSend: boolean;
  dkimValid: boolean;
}

export async function findSendingDomain(db: Executor, teamId: number, domainName: string): Promise<SendingDomain | null> {
  const row = await findDomain(db, teamId, normaliseDomain(domainName));
  if (!row) return null;
  return { domain: row.domain, status: row.status, canSend: canSend(row.status, row.dkim_status), dkimValid: row.dkim_status === 'valid' };
}

export interface SigningKey {
  selector: string;
  algorithm: DkimAlgorithm;
  privateKeyPem: string;
}

/** The team's active DKIM keys for a domain, RSA first, opened through the secrets module. Callers cache per selector. */
export async function loadSigningKeys(ctx: Pick<AppContext, 'db' | 'secrets'>, teamId: number, domainName: string): Promise<SigningKey[]> {
  const row = await findDomain(ctx.db.kysely, teamId, normaliseDomain(domainName));
  if (!row) return [];
  const keys = await activeKeys(ctx.db.kysely, teamId, row.id);
  return keys
    .sort((a, b) => Number(b.algorithm === 'rsa-sha256') - Number(a.algorithm === 'rsa-sha256'))
    .map((k) => ({ selector: k.selector, algorithm: k.algorithm, privateKeyPem: ctx.secrets.open(k.private_key, DKIM_PURPOSE) }));
}
