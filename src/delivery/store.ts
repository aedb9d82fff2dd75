// Delivery's queries over sending's tables (INTERFACES: sending owns messages/message_recipients; delivery reads
// them and updates a recipient's status). Every statement names the team.
import type { Executor } from '../db/index.js';
import type { MessageRow, RecipientRow, RecipientStatus } from '../sending/index.js';

export interface DeliveryUnit {
  message: MessageRow;
  recipient: RecipientRow;
}

/** Recipients in these states still wait for an attempt; anything else is final (or cancelled). */
export const PENDING: readonly RecipientStatus[] = ['queued', 'deferred'];

export async function loadUnit(db: Executor, teamId: number, recipientId: number): Promise<DeliveryUnit | null> {
  const recipient = await db.selectFrom('message_recipients').selectAll()
    .where('id', '=', recipientId).where('team_id', '=', teamId).executeTakeFirst();
  if (!recipient) return null;
  const message = await db.selectFrom('messages').selectAll()
    .where('id', '=', recipient.message_id).where('team_id', '=', teamId).executeTakeFirst();
  return message ? { message, recipient } : null;
}

/**
 * Moves a pending recipient to its new status. Guarded on the status it had, so a re-run after a crash (or a
 * duplicate job) that finds the recipient already final changes nothing; returns whether it applied.
 */
export async function updateRecipient(
  db: Executor, unit: DeliveryUnit,
  change: { status: RecipientStatus; attempted: boolean; lastReply: string | null; now: number },
): Promise<boolean> {
  const result = await db.updateTable('message_recipients')
    .set((eb) => ({
      status: change.status,
      attempts: change.attempted ? eb('attempts', '+', 1) : eb.ref('attempts'),
      last_reply: change.lastReply?.slice(0, 1000) ?? null,
      updated_at: change.now,
    }))
    .where('id', '=', unit.recipient.id)
    .where('team_id', '=', unit.recipient.team_id)
    .where('status', '=', unit.recipient.status)
    .where('attempts', '=', unit.recipient.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The recipient a VERP token names (mailbox tenancy, bounce mapping). */
export async function recipientByVerpToken(db: Executor, token: string): Promise<{ recipientId: number; teamId: number; requestId: string } | null> {
  const row = await db.selectFrom('message_recipients')
    .innerJoin('messages', 'messages.id', 'message_recipients.message_id')
    .select(['message_recipients.id as recipientId', 'message_recipients.team_id as teamId', 'messages.request_id as requestId'])
    .whereRef('messages.team_id', '=', 'message_recipients.team_id')
    .where('message_recipients.verp_token', '=', token)
    .executeTakeFirst();
  return row ?? null;
}
