// Verify a domain's DNS now (API, CLI and the background job share this). DNS runs outside the transaction; the write
// re-reads the row, keeps statuses whose check did not complete, and audits every status that changed (both ways).
import { recordAudit, type Actor } from '../../audit/index.js';
import type { AppContext } from '../../server/context.js';
import { domainVerificationView } from '../presenters.js';
import { dnsLookup, senderIdentity } from '../settings.js';
import { canSend, changedStatuses, nextVerifyDelayMs, statusesAfter, type RecordStatuses } from '../status.js';
import { activeKeys, findDomainById, saveVerification } from '../store.js';
import type { SendingDomainRow } from '../tables.js';
import { verifyDomainDns } from '../verify.js';

export type VerificationView = ReturnType<typeof domainVerificationView>;

export interface VerifyOrigin { actor: Actor; ip?: string | null; userAgent?: string | null }

/** Returns null when the domain was deleted while DNS was being asked. */
export async function verifyDomain(ctx: AppContext, domain: SendingDomainRow, origin: VerifyOrigin): Promise<{ row: SendingDomainRow; view: VerificationView } | null> {
  const keys = await activeKeys(ctx.db.kysely, domain.team_id, domain.id);
  const held = keys.map((k) => ({ selector: k.selector, algorithm: k.algorithm, publicKey: k.public_key }));
  const result = await verifyDomainDns(domain.domain, held, senderIdentity(ctx.config), dnsLookup(ctx.config));
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const current = await findDomainById(trx, domain.team_id, domain.id);
    if (!current) return null;
    const after = statusesAfter(current, result);
    const changed = changedStatuses(current, after);
    const attempts = changed.length > 0 ? 0 : current.verify_attempts + 1;
    const view = domainVerificationView(result, after);
    const row = await saveVerification(trx, current.team_id, current.id, {
      ...after,
      verification: JSON.stringify(view),
      last_verified_at: now,
      next_verify_at: now + nextVerifyDelayMs(after, attempts),
      verify_attempts: attempts,
      updated_at: changed.length > 0 ? now : current.updated_at,
    });
    if (changed.length > 0) {
      await recordAudit(trx, {
        teamId: current.team_id, actor: origin.actor, action: 'domain.verification_changed',
        target: { type: 'sending_domain', id: current.id }, ip: origin.ip, userAgent: origin.userAgent,
        details: {
          domain: current.domain,
          changed,
          before: pickStatuses(current),
          after,
          can_send: { before: canSend(current.status, current.dkim_status), after: canSend(current.status, after.dkim_status) },
        },
      }, now);
    }
    return { row: row ?? current, view };
  });
}

function pickStatuses(row: RecordStatuses): RecordStatuses {
  return { dkim_status: row.dkim_status, cname_status: row.cname_status, spf_status: row.spf_status, dmarc_status: row.dmarc_status };
}
