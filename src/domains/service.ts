// Name-based entry points for the CLI (and a future dashboard): the same commands the routes use, returning views.
import type { Origin } from '../auth/index.js';
import type { Executor } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import { addDomain } from './commands/add-domain.js';
import { setApproval } from './commands/manage-domain.js';
import { rotateDkimKeys } from './commands/rotate-keys.js';
import { verifyDomain, type VerificationView } from './commands/verify-domain.js';
import { domainCreatedView, domainListItemView, publishedKey } from './presenters.js';
import { recordsToPublish, type DnsRecordToPublish } from './records.js';
import { senderIdentity } from './settings.js';
import { findDomain, listDomains, publishedKeys } from './store.js';
import type { DomainStatus, SendingDomainRow } from './tables.js';

export type DomainSummary = ReturnType<typeof domainListItemView> & { spf_status: string | null; dmarc_status: string | null; records: DnsRecordToPublish[] };

export async function listDomainViews(db: Executor, teamId: number) {
  return (await listDomains(db, teamId)).map(domainListItemView);
}

async function recordsFor(ctx: AppContext, row: SendingDomainRow): Promise<DnsRecordToPublish[]> {
  const keys = await publishedKeys(ctx.db.kysely, row.team_id, row.id);
  return recordsToPublish(row.domain, keys.map(publishedKey), senderIdentity(ctx.config));
}

export async function describeDomain(ctx: AppContext, teamId: number, domain: string): Promise<DomainSummary | null> {
  const row = await findDomain(ctx.db.kysely, teamId, domain);
  if (!row) return null;
  return { ...domainListItemView(row), spf_status: row.spf_status, dmarc_status: row.dmarc_status, records: await recordsFor(ctx, row) };
}

export async function addDomainWithRecords(ctx: AppContext, teamId: number, domain: string, origin: Origin) {
  const { row, keys } = await addDomain(ctx, teamId, domain, origin);
  return { ...domainCreatedView(row, keys), records: await recordsFor(ctx, row) };
}

export async function verifyDomainByName(ctx: AppContext, teamId: number, domain: string, origin: Origin): Promise<VerificationView | null> {
  const row = await findDomain(ctx.db.kysely, teamId, domain);
  return row ? ((await verifyDomain(ctx, row, origin))?.view ?? null) : null;
}

export async function setDomainApproval(ctx: AppContext, teamId: number, domain: string, status: DomainStatus, origin: Origin) {
  const row = await setApproval(ctx, teamId, domain, status, origin);
  return row ? domainListItemView(row) : null;
}

/** Starts a DKIM rotation; returns the domain's records with the new (pending) keys among them. */
export async function rotateDomainKeys(ctx: AppContext, teamId: number, domain: string, origin: Origin): Promise<DomainSummary | null> {
  const keys = await rotateDkimKeys(ctx, teamId, domain, origin);
  return keys ? describeDomain(ctx, teamId, domain) : null;
}
