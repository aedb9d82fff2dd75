// Background re-verification (spec §6.4 "propagation up to 48 h"): a recurring job takes the domains whose next check
// is due and verifies each, flipping statuses both ways and auditing every change (commands/verify-domain.ts).
import type { JobHandler } from '../queue/index.js';
import { verifyDomain } from './commands/verify-domain.js';
import { dueForVerification, postponeVerification } from './store.js';

const EVERY_MS = 60_000;
const BATCH = 10;
const CONCURRENCY = 4;
// A verification is bounded by DNS timeouts (LETTR_DNS_TIMEOUT × tries × the few sequential lookups of an SPF
// tree); a domain whose check crashes the process is retried after this long rather than at once.
const CLAIM_MS = 10 * 60_000;

export const domainReverification: JobHandler = {
  queue: 'domains.reverify',
  everyMs: EVERY_MS,
  leaseMs: 2 * CLAIM_MS,
  async handle(_job, ctx) {
    const now = ctx.clock.now();
    const due = await dueForVerification(ctx.db.kysely, now, BATCH);
    for (const domain of due) await postponeVerification(ctx.db.kysely, domain.team_id, domain.id, now + CLAIM_MS);
    const origin = { actor: { type: 'system' as const, via: 'domains.reverify' } };
    for (let i = 0; i < due.length; i += CONCURRENCY) {
      await Promise.all(due.slice(i, i + CONCURRENCY).map((domain) => verifyDomain(ctx, domain, origin)));
    }
    // A full batch means more are due: come back at once instead of after a minute.
    return { kind: 'reschedule', at: due.length === BATCH ? now : now + EVERY_MS };
  },
};
