// What an attempt's outcome means for the recipient: its new status, the one event that records it (with the
// type's fields of spec sending.md §11.2) and the job's next step. Pure; the pipeline applies it in one transaction.
import { isHardBounce, type BounceClass } from './bounce-classes.js';
import type { FailureDetail, TransmitOutcome } from './outcome.js';
import { decideRetry } from './retry-policy.js';

export interface AttemptFacts {
  /** Attempts made, counting this one (≥ 1). */
  attemptsMade: number;
  now: number;
  /** When the request was accepted (epoch ms): queue_time is measured from here. */
  injectedAt: number;
  retrySchedule: readonly number[];
  /** Size of the signed message in bytes. */
  msgSize: number;
}

export type Verdict =
  | { status: 'delivered'; type: 'delivery'; fields: Record<string, unknown>; retryAt: null; suppress: false }
  | { status: 'deferred'; type: 'delay'; fields: Record<string, unknown>; retryAt: number; suppress: false }
  | { status: 'bounced'; type: 'bounce'; fields: Record<string, unknown>; retryAt: null; suppress: boolean; bounceClass: BounceClass };

const tlsFlag = (tls: boolean): string => (tls ? '1' : '0');

function failureFields(f: FailureDetail): Record<string, unknown> {
  return { reason: f.rawReason, raw_reason: f.rawReason, error_code: f.errorCode, bounce_class: f.bounceClass };
}

function bounce(f: FailureDetail, facts: AttemptFacts): Verdict {
  return {
    status: 'bounced', type: 'bounce', retryAt: null, bounceClass: f.bounceClass,
    suppress: isHardBounce(f.bounceClass),
    fields: { ...failureFields(f), num_retries: facts.attemptsMade - 1, device_token: null },
  };
}

export function judge(outcome: TransmitOutcome, facts: AttemptFacts): Verdict {
  const queueTime = Math.max(0, facts.now - facts.injectedAt);
  switch (outcome.kind) {
    case 'delivered':
      return {
        status: 'delivered', type: 'delivery', retryAt: null, suppress: false,
        fields: { queue_time: queueTime, outbound_tls: tlsFlag(outcome.tls), delv_method: 'esmtp', msg_size: facts.msgSize },
      };
    case 'bounced':
      return bounce(outcome, facts);
    case 'deferred': {
      const next = decideRetry(facts.retrySchedule, facts.attemptsMade, facts.now, outcome.retryAfterMs);
      // Out of retries: the last temporary failure becomes the bounce, with its class (spec §11.4).
      if (next.kind === 'give_up') return bounce(outcome, facts);
      return {
        status: 'deferred', type: 'delay', retryAt: next.at, suppress: false,
        fields: { ...failureFields(outcome), num_retries: facts.attemptsMade - 1, queue_time: queueTime, outbound_tls: tlsFlag(outcome.tls) },
      };
    }
  }
}

/** Fields of a policy_rejection: mail we refuse to send (suppressed address, domain no longer allowed to send). */
export function policyRejectionFields(reason: string, bounceClass: BounceClass = 25): Record<string, unknown> {
  return { remote_addr: null, reason, raw_reason: `554 5.7.1 ${reason}`, error_code: '554', bounce_class: bounceClass };
}

/** Fields of a generation_failure: the message could not be built (template bound exceeded, signing failed). */
export function generationFailureFields(reason: string): Record<string, unknown> {
  return { reason, raw_reason: reason, error_code: '554' };
}
