// POST /emails and POST /emails/scheduled as one transaction: [claim Idempotency-Key] → accept (message, recipients,
// jobs, injection events) → [store the response under the key] → commit. The HTTP answer is sent only after the
// commit, so a 200/201 always means durable (ARCHITECTURE principle 5).
import type { AuthContext } from '../../auth/hook.js';
import type { AppContext } from '../../http/context.js';
import { validationFailed } from '../../http/errors.js';
import { keyMessages, scopedIdempotencyKey } from '../idempotency.js';
import { claimIdempotencyKey, storeIdempotentResponse, type KeyClaim } from '../idempotency-store.js';
import { presentAccepted } from '../presenters.js';
import { acceptSend } from './accept.js';

export interface SendCommand {
  auth: AuthContext;
  body: unknown;
  scheduled: boolean;
  /** Validated Idempotency-Key and the request's fingerprint, when the header was sent. */
  idempotency: { key: string; fingerprint: string } | null;
}

export interface SendResult {
  status: number;
  body: unknown;
  /** The stored response of an earlier request with the same key and body. */
  replayed: boolean;
  /** Deliver jobs enqueued now (0 for a replay or a scheduled send): the caller wakes the workers. */
  injected: number;
}

export async function sendEmail(ctx: AppContext, command: SendCommand): Promise<SendResult> {
  const now = ctx.clock.now();
  // Concurrent sends share one COMMIT on SQLite (group commit); each still commits or fails on its own.
  return ctx.db.groupTransaction(async (trx): Promise<SendResult> => {
    const claim: KeyClaim | null = command.idempotency
      ? { teamId: command.auth.teamId, key: scopedIdempotencyKey(command.idempotency.key, command.auth), fingerprint: command.idempotency.fingerprint, now }
      : null;
    if (claim) {
      const decision = await claimIdempotencyKey(trx, claim);
      if (decision.kind === 'replay') return { status: decision.status, body: decision.body, replayed: true, injected: 0 };
      if (decision.kind === 'mismatch') throw validationFailed({ 'Idempotency-Key': [keyMessages.reused] });
    }
    // A refusal throws: the transaction rolls back with the key's claim, so the key stays free for the fixed retry
    // (only successes are stored, see isStorable).
    const outcome = await acceptSend(ctx, trx, { auth: command.auth, body: command.body, scheduled: command.scheduled, now });
    const result: SendResult = { status: command.scheduled ? 201 : 200, body: presentAccepted(outcome, command.scheduled), replayed: false, injected: outcome.injected };
    if (claim) await storeIdempotentResponse(trx, claim, result.status, result.body);
    return result;
  });
}
