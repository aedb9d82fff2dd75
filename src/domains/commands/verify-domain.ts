// Verify a domain's DNS now (API, CLI and the background job share this). DNS runs outside the transaction; the write
// re-reads the row, keeps statuses whose check did not complete, and audits every status that changed (both ways).
// A pending DKIM rotation completes here: once every new key's record verifies, the new keys sign and the old retire.
import { recordAudit, type Actor } from '../../audit/index.js';
import type { AppContext } from '../../http/context.js';
import { checkDkim } from '../checks.js';
import { domainVerificationView, publishedKey } from '../presenters.js';
import { memoised } from '../resolver.js';
import { dnsLookup, senderIdentity } from '../settings.js';
import { canSend, changedStatuses, nextVerifyDelayMs, statusesAfter, type RecordStatuses } from '../status.js';
import { findDomainById, promotePendingKeys, publishedKeys, saveVerification } from '../store.js';
import type { SendingDomainRow } from '../tables.js';
import { verifyDomainDns } from '../verify.js';

export type VerificationView = ReturnType<typeof domainVerificationView>;

export interface VerifyOrigin { actor: Actor; ip?: string | null; userAgent?: string | null }

/** Returns null when the domain was deleted while DNS was being asked. */
export async function verifyDomain(ctx: AppContext, domain: SendingDomainRow, origin: VerifyOrigin): Promise<{ row: SendingDomainRow; view: VerificationView } | null> {
  const keys = await publishedKeys(ctx.db.kysely, domain.team_id, domain.id);
  const active = keys.filter((k) => k.state === 'active').map(publishedKey);
  const pending = keys.filter((k) => k.state === 'pending').map(publishedKey);
  const lookup = memoised(dnsLookup(ctx.config));
  const result = await verifyDomainDns(domain.domain, active, senderIdentity(ctx.config), lookup);
  const rotation = pending.length > 0 ? await checkDkim(domain.domain, pending, lookup) : null;
  const rotates = rotation !== null && rotation.conclusive && rotation.status === 'valid';
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const current = await findDomainById(trx, domain.team_id, domain.id);
    if (!current) return null;
    const audit = (action: string, details: Record<string, unknown>) => recordAudit(trx, {
      teamId: current.team_id, actor: origin.actor, action, target: { type: 'sending_domain', id: current.id },
      ip: origin.ip, userAgent: origin.userAgent, details: { domain: current.domain, ...details },
    }, now);
    if (rotates) {
      await promotePendingKeys(trx, current.team_id, current.id, now);
      await audit('domain.dkim_rotated', { retired: active.map((k) => k.selector), active: pending.map((k) => k.selector) });
    }
    // After a rotation the keys that sign are the new ones, and their records just verified.
    const after = rotates ? { ...statusesAfter(current, result), dkim_status: 'valid' } : statusesAfter(current, result);
    const changed = changedStatuses(current, after);
    const attempts = changed.length > 0 ? 0 : current.verify_attempts + 1;
    const view = domainVerificationView(result, after);
    const row = await saveVerification(trx, current.team_id, current.id, {
      ...after,
      verification: JSON.stringify(view),
      last_verified_at: now,
      next_verify_at: now + nextVerifyDelayMs(after, attempts, pending.length > 0 && !rotates),
      verify_attempts: attempts,
      updated_at: changed.length > 0 || rotates ? now : current.updated_at,
    });
    if (changed.length > 0) {
      await audit('domain.verification_changed', {
        changed,
        before: pickStatuses(current),
        after,
        can_send: { before: canSend(current.status, current.dkim_status), after: canSend(current.status, after.dkim_status) },
      });
    }
    return { row: row ?? current, view };
  });
}

function pickStatuses(row: RecordStatuses): RecordStatuses {
  return { dkim_status: row.dkim_status, cname_status: row.cname_status, spf_status: row.spf_status, dmarc_status: row.dmarc_status };
}
