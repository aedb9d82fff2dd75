// What a verification changes in stored state (spec §6.2, §6.4): conclusive checks replace the stored record status,
// inconclusive ones (DNS timeout, SERVFAIL) leave it as it was. `can_send` = approved ∧ DKIM valid (decision S22).
import type { DomainStatus } from './tables.js';
import type { DomainVerification } from './verify.js';

export interface RecordStatuses {
  dkim_status: string | null;
  cname_status: string | null;
  spf_status: string | null;
  dmarc_status: string | null;
}

export const STATUS_LABELS: Record<DomainStatus, string> = {
  pending: 'Pending Review',
  approved: 'Approved',
  blocked: 'Blocked',
};

export function canSend(status: DomainStatus, dkimStatus: string | null): boolean {
  return status === 'approved' && dkimStatus === 'valid';
}

export function statusesAfter(previous: RecordStatuses, verification: DomainVerification): RecordStatuses {
  const pick = (check: { conclusive: boolean; status: string }, before: string | null) => (check.conclusive ? check.status : before);
  return {
    dkim_status: pick(verification.dkim, previous.dkim_status),
    cname_status: pick(verification.cname, previous.cname_status),
    spf_status: pick(verification.spf, previous.spf_status),
    dmarc_status: pick(verification.dmarc, previous.dmarc_status),
  };
}

export function changedStatuses(before: RecordStatuses, after: RecordStatuses): Array<keyof RecordStatuses> {
  return (Object.keys(after) as Array<keyof RecordStatuses>).filter((key) => before[key] !== after[key]);
}

/** Records in place for sending with our return path: DKIM, and the bounce CNAME where one applies. */
export function isFullyVerified(statuses: RecordStatuses): boolean {
  return statuses.dkim_status === 'valid' && (statuses.cname_status === 'valid' || statuses.cname_status === 'not_applicable');
}

// Re-verification schedule (spec §6.4: propagation can take up to 48 h). Unverified domains are checked soon and then
// less often; verified ones once a day so a removed record is noticed. Any status change starts the ladder again.
const LADDER_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 4 * 60 * 60_000, 12 * 60 * 60_000];
const DAY_MS = 24 * 60 * 60_000;

/** `awaitingRotation`: new DKIM records are expected, so a verified domain is still checked on the ladder. */
export function nextVerifyDelayMs(statuses: RecordStatuses, attempts: number, awaitingRotation = false): number {
  if (isFullyVerified(statuses) && !awaitingRotation) return DAY_MS;
  return LADDER_MS[attempts] ?? DAY_MS;
}
