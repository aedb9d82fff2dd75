// Injection: the moment a message is "accepted and queued" (spec §11.2). Inside the caller's transaction it records
// one injection event and enqueues one deliver job per queued recipient, and marks the message injected. Runs in the
// accept transaction for POST /emails and in the inject job at scheduled_at for POST /emails/scheduled.
import type { Executor } from '../db/index.js';
import { injectionFields, recordEvents, type RecipientEventContext } from '../events/index.js';
import { enqueue } from '../queue/index.js';
import { normalizedAddress } from './email-address.js';
import { laneFor } from './plan.js';
import type { MessageRow, RecipientRow } from './store.js';

export const DELIVER_QUEUE = 'deliver';

/** What every event of this recipient shares, from the rows (delivery builds its events from the same context). */
export function eventContextFor(message: MessageRow, recipient: RecipientRow): RecipientEventContext {
  return {
    requestId: message.request_id,
    messageId: null,
    subject: message.subject,
    from: message.from_email,
    sendingDomain: message.sending_domain,
    rcptTo: recipient.email,
    rawRcptTo: recipient.raw_email,
    rcptType: recipient.rcpt_type,
    tag: message.tag,
    metadata: JSON.parse(message.metadata) as Record<string, string>,
    templateSlug: message.template_slug,
    templateVersion: message.template_version,
    transactional: message.transactional === 1,
    openTracking: message.open_tracking === 1,
    clickTracking: message.click_tracking === 1,
    ampEnabled: message.amp_html !== null,
    msgFrom: null,
    injectedAt: message.injected_at ?? message.created_at,
    scheduledAt: message.scheduled_at,
  };
}

/** The `recipient` column of events: case-folded so the `recipients` filter matches however it was typed. */
export const eventRecipient = (email: string) => normalizedAddress(email);

export async function injectMessage(db: Executor, message: MessageRow, recipients: RecipientRow[], now: number): Promise<number> {
  const injected = { ...message, injected_at: now, state: 'queued' as const };
  await db.updateTable('messages').set({ injected_at: now, state: 'queued', updated_at: now })
    .where('id', '=', message.id).where('team_id', '=', message.team_id).execute();
  const queued = recipients.filter((r) => r.status === 'queued');
  await recordEvents(db, queued.map((r) => ({
    teamId: message.team_id,
    type: 'injection',
    requestId: message.request_id,
    messageId: message.id,
    recipient: eventRecipient(r.email),
    at: now,
    fields: injectionFields(eventContextFor(injected, r)),
  })));
  const lane = laneFor(message.transactional === 1);
  await enqueue(db, queued.map((r) => ({
    queue: DELIVER_QUEUE,
    lane,
    payload: { recipientId: r.id },
    teamId: message.team_id,
    runAt: now,
    dedupeKey: `deliver:${r.id}`,
  })), now);
  return queued.length;
}
