// DELETE /emails/scheduled/{id}: one guarded UPDATE decides (state = scheduled and its time not come), the same guard
// the inject job uses to flip scheduled → queued, so a cancel racing the inject job has exactly one winner.
import type { Executor } from '../../db/index.js';
import { normalizedAddress } from '../email-address.js';

export interface CancelInput {
  teamId: number;
  requestId: string;
  now: number;
  /** Sandbox keys may cancel only transmissions addressed to their owner (spec §9). */
  onlyForRecipient: string | null;
}

export async function cancelScheduled(db: Executor, input: CancelInput): Promise<boolean> {
  let guard = db.updateTable('messages')
    .set({ state: 'cancelled', updated_at: input.now })
    .where('team_id', '=', input.teamId)
    .where('request_id', '=', input.requestId)
    .where('state', '=', 'scheduled')
    .where('scheduled_at', '>', input.now);
  if (input.onlyForRecipient !== null) {
    const owner = normalizedAddress(input.onlyForRecipient);
    guard = guard.where((eb) => eb.exists(eb.selectFrom('message_recipients').select('message_recipients.id')
      .whereRef('message_recipients.message_id', '=', 'messages.id')
      .where((e) => e(e.fn('lower', ['message_recipients.email']), '=', owner))));
  }
  const updated = await guard.returning(['id']).executeTakeFirst();
  if (!updated) return false;
  await db.updateTable('message_recipients').set({ status: 'cancelled', updated_at: input.now })
    .where('message_id', '=', updated.id).where('status', '=', 'queued').execute();
  // The inject job is now a no-op; drop it unless a worker holds it this instant (then it finds state = cancelled).
  await db.deleteFrom('jobs').where('dedupe_key', '=', `inject:${updated.id}`).where('locked_by', 'is', null).execute();
  return true;
}
