// What one accepted request becomes, decided before anything is written: the envelope recipients (after the sandbox
// rewrite and the suppression list), which of them are dropped, and the counts the response reports. Pure.
import { normalizedAddress } from './email-address.js';
import type { RecipientType, SendRequest } from './request.js';

export type PlannedStatus = 'queued' | 'suppressed';

export interface PlannedRecipient {
  /** Envelope recipient (RCPT TO): the sandbox owner for sandbox keys. */
  email: string;
  /** As the caller gave it (events' raw_rcpt_to). */
  rawEmail: string;
  type: RecipientType;
  status: PlannedStatus;
}

export interface Plan {
  recipients: PlannedRecipient[];
  accepted: number;
  rejected: number;
}

export interface PlanInput {
  request: SendRequest;
  /** Sandbox keys: every recipient is replaced by the key creator's address (spec sending.md §9). */
  sandboxOwner: string | null;
  /** Normalized addresses on the team's suppression list (spec §8): dropped and counted in `rejected`. */
  suppressed: ReadonlySet<string>;
}

export function planRecipients(input: PlanInput): Plan {
  const candidates = input.sandboxOwner === null
    ? input.request.recipients.map((r) => ({ email: r.email, rawEmail: r.email, type: r.type }))
    // One copy to the owner (spec §9 REC), carrying the first original recipient as its raw address.
    : [{ email: input.sandboxOwner, rawEmail: input.request.recipients[0]!.email, type: 'to' as const }];
  const recipients = candidates.map((c): PlannedRecipient => ({
    ...c,
    status: input.suppressed.has(normalizedAddress(c.email)) ? 'suppressed' : 'queued',
  }));
  const accepted = recipients.filter((r) => r.status === 'queued').length;
  return { recipients, accepted, rejected: recipients.length - accepted };
}

/** The deliver lane (INTERFACES: `options.transactional`): bulk mail never delays a password reset. */
export function laneFor(transactional: boolean): 'transactional' | 'bulk' {
  return transactional ? 'transactional' : 'bulk';
}
