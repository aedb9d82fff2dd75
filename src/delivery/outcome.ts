// What one delivery attempt came to, as data (ARCHITECTURE principle 3). Transports return it; the pipeline
// turns it into a recipient status, events and the job's next step.
import type { BounceClass } from './bounce-classes.js';

export interface FailureDetail {
  /** One-line reply as sent by the server (`550 5.1.1 User unknown`) or our description of a connection failure. */
  rawReason: string;
  /** The SMTP basic code as a string (`"550"`), null when no reply was received. */
  errorCode: string | null;
  bounceClass: BounceClass;
}

export type TransmitOutcome =
  | { kind: 'delivered'; reply: string; tls: boolean; remoteHost: string }
  | ({ kind: 'deferred'; retryAfterMs: number | null; tls: boolean } & FailureDetail)
  | ({ kind: 'bounced' } & FailureDetail);
