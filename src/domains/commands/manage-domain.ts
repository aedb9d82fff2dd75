// Remove a domain (sending from it stops at once), and the operator's approval decision (LETTR_DOMAIN_APPROVAL=review).
import { recordAudit } from '../../audit/index.js';
import type { Origin } from '../../auth/index.js';
import type { AppContext } from '../../http/context.js';
import { deleteDomain, findDomain, setDomainStatus } from '../store.js';
import type { DomainStatus, SendingDomainRow } from '../tables.js';

export async function removeDomain(ctx: AppContext, teamId: number, domain: string, origin: Origin): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await findDomain(trx, teamId, domain);
    if (!row) return false;
    await deleteDomain(trx, teamId, row.id);
    await recordAudit(trx, {
      teamId, actor: origin.actor, action: 'domain.deleted', target: { type: 'sending_domain', id: row.id },
      ip: origin.ip, userAgent: origin.userAgent, details: { domain },
    }, now);
    return true;
  });
}

export async function setApproval(ctx: AppContext, teamId: number, domain: string, status: DomainStatus, origin: Origin): Promise<SendingDomainRow | null> {
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await findDomain(trx, teamId, domain);
    if (!row) return null;
    if (row.status === status) return row;
    const updated = await setDomainStatus(trx, teamId, row.id, status, now);
    await recordAudit(trx, {
      teamId, actor: origin.actor, action: `domain.${status === 'approved' ? 'approved' : status === 'blocked' ? 'blocked' : 'sent_to_review'}`,
      target: { type: 'sending_domain', id: row.id }, ip: origin.ip, userAgent: origin.userAgent,
      details: { domain, before: row.status, after: status },
    }, now);
    return updated ?? null;
  });
}
