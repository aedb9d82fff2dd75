// Delivery's events: the common fields every event of a recipient shares (built by the events capability from
// the same context as the injection event) plus the type's own fields (spec sending.md §11.2).
import type { Executor } from '../db/index.js';
import { metrics } from '../http/metrics.js';
import { commonEventFields, recordEvents } from '../events/index.js';
import { eventContextFor, eventRecipient } from '../sending/index.js';
import type { DeliveryUnit } from './store.js';

export type DeliveryEventType = 'delivery' | 'delay' | 'bounce' | 'policy_rejection' | 'generation_failure';

export async function recordDeliveryEvent(
  db: Executor, { message, recipient }: DeliveryUnit, type: DeliveryEventType, fields: Record<string, unknown>,
  at: { messageId: string | null; msgFrom: string | null; now: number },
): Promise<void> {
  const context = { ...eventContextFor(message, recipient), messageId: at.messageId, msgFrom: at.msgFrom };
  if (type === 'delivery') metrics.deliveryLatency.observe(Math.max(0, at.now - (message.injected_at ?? message.created_at)) / 1000);
  await recordEvents(db, [{
    teamId: message.team_id,
    type,
    requestId: message.request_id,
    messageId: message.id,
    recipient: eventRecipient(recipient.email),
    at: at.now,
    fields: { ...commonEventFields(context), ...fields },
  }]);
}
