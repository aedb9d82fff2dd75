// GET /emails/scheduled/{id}: the transmission as the contract's ShowScheduledTransmissionResponse. Before injection
// there are no events (state submitted, then generating once due); afterwards state and recipients come from events.
import type { AuthContext } from '../auth/index.js';
import { deriveScheduledState, eventsOfRequest, presentTransmission } from '../events/index.js';
import type { AppContext } from '../http/context.js';
import { normalizedAddress } from './email-address.js';
import { findMessageByRequestId, recipientsOf } from './store.js';

/** The retention window bounds the events read for one transmission. */
const DAY_MS = 86_400_000;

export async function scheduledTransmissionView(ctx: AppContext, auth: AuthContext, requestId: string) {
  const now = ctx.clock.now();
  const message = await findMessageByRequestId(ctx.db.kysely, auth.teamId, requestId);
  if (!message || message.state === 'cancelled') return null;
  const recipients = await recipientsOf(ctx.db.kysely, auth.teamId, message.id);
  if (auth.keyType === 'sandbox') {
    const owner = auth.ownerEmail ? normalizedAddress(auth.ownerEmail) : null;
    if (!owner || !recipients.some((r) => normalizedAddress(r.email) === owner)) return null;
  }
  const injected = message.injected_at !== null;
  const events = injected
    ? await eventsOfRequest(ctx.db, { teamId: auth.teamId, requestId, from: now - ctx.config.retentionDays * DAY_MS, to: now })
    : [];
  return presentTransmission({
    requestId,
    state: deriveScheduledState({ now, scheduledAt: message.scheduled_at, injected, types: events.map((e) => e.type) }),
    header: { from: message.from_email, fromName: message.from_name, subject: message.subject ?? '', scheduledAt: injected ? null : message.scheduled_at },
    events,
    pendingRecipients: injected ? [] : recipients.filter((r) => r.status !== 'suppressed').map((r) => r.email),
  });
}
