// The team's suppression list (spec sending.md §8). Hard bounces add to it here; the sending side asks it before
// accepting a recipient and the deliver job asks again just before sending (an address may bounce in between).
import type { Executor } from '../db/index.js';
import { normalizedAddress } from '../sending/index.js';

export type SuppressionReason = 'hard_bounce' | 'spam_complaint' | 'unsubscribe' | 'manual';

export interface NewSuppression {
  teamId: number;
  email: string;
  reason: SuppressionReason;
  bounceClass?: number | null;
  requestId?: string | null;
  rawReason?: string | null;
  /** Which mail it blocks; a hard bounce blocks both (default). */
  transactional?: boolean;
  nonTransactional?: boolean;
  now: number;
}

/** The same identity sending uses for de-duplication: case-insensitive, ASCII domain. */
export const normalizeAddress = (email: string): string => normalizedAddress(email.trim());

/** Adds the address unless it is already listed (the first reason is kept). */
export async function addSuppression(db: Executor, s: NewSuppression): Promise<void> {
  await db
    .insertInto('suppressions')
    .values({
      team_id: s.teamId,
      email: normalizeAddress(s.email),
      reason: s.reason,
      bounce_class: s.bounceClass ?? null,
      request_id: s.requestId ?? null,
      raw_reason: s.rawReason?.slice(0, 1000) ?? null,
      transactional: s.transactional === false ? 0 : 1,
      non_transactional: s.nonTransactional === false ? 0 : 1,
      created_at: s.now,
    })
    .onConflict((oc) => oc.columns(['team_id', 'email']).doNothing())
    .execute();
}

/**
 * Splits addresses into those that may be sent to and those the team's list blocks for this kind of mail.
 * Order and spelling of the input are kept; matching ignores case.
 */
export async function filterSuppressed(
  db: Executor, teamId: number, emails: readonly string[], opts: { transactional?: boolean } = {},
): Promise<{ allowed: string[]; suppressed: string[] }> {
  if (emails.length === 0) return { allowed: [], suppressed: [] };
  const column = opts.transactional === false ? 'non_transactional' : 'transactional';
  const rows = await db
    .selectFrom('suppressions')
    .select('email')
    .where('team_id', '=', teamId)
    .where('email', 'in', [...new Set(emails.map(normalizeAddress))])
    .where(column, '=', 1)
    .execute();
  const blocked = new Set(rows.map((r) => r.email));
  const allowed: string[] = [];
  const suppressed: string[] = [];
  for (const e of emails) (blocked.has(normalizeAddress(e)) ? suppressed : allowed).push(e);
  return { allowed, suppressed };
}

export async function isSuppressed(db: Executor, teamId: number, email: string, opts: { transactional?: boolean } = {}): Promise<boolean> {
  return (await filterSuppressed(db, teamId, [email], opts)).suppressed.length > 0;
}

/** Removes the address from the list (only when listed for `reason`, if given); returns whether a row went. */
export async function removeSuppression(db: Executor, teamId: number, email: string, opts: { reason?: SuppressionReason } = {}): Promise<boolean> {
  let q = db.deleteFrom('suppressions').where('team_id', '=', teamId).where('email', '=', normalizeAddress(email));
  if (opts.reason) q = q.where('reason', '=', opts.reason);
  return Number((await q.executeTakeFirst()).numDeletedRows) > 0;
}

export async function listSuppressions(db: Executor, teamId: number) {
  return db.selectFrom('suppressions').selectAll().where('team_id', '=', teamId).orderBy('id', 'desc').execute();
}
