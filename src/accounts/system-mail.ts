// Mail Lettr sends itself (team invitations) goes through Lettr's own send pipeline — the same accept command as
// POST /emails, in the caller's transaction — from a hidden system team whose only sending domain is the one of
// LETTR_SYSTEM_FROM. No user is a member of it and it has no keys, so invitation tokens in its messages are readable
// only by the operator (`lettr mailbox list`); in `local` delivery mode they land in the built-in mailbox.
import type { Executor } from '../db/index.js';
import { addDomainWithRecords, findSendingDomain } from '../domains/index.js';
import type { AppContext } from '../http/context.js';
import { acceptSend, DELIVER_QUEUE, emailDomain } from '../sending/index.js';
import { insertTeam } from './commands/team-setup.js';

const SYSTEM_ORIGIN = { actor: { type: 'system' as const, via: 'system-mail' } };
export const SYSTEM_TEAM_NAME = 'Lettr system mail';

export async function findSystemTeam(db: Executor): Promise<number | null> {
  const row = await db.selectFrom('teams').select('id').where('system', '=', 1).orderBy('id').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

/** The system team, created with its sending domain on first use. Run outside a transaction (key generation). */
export async function ensureSystemSender(ctx: AppContext): Promise<number> {
  const db = ctx.db.kysely;
  let teamId = await findSystemTeam(db);
  if (teamId === null) {
    teamId = await db.transaction().execute(async (trx) => {
      const id = await insertTeam(trx, SYSTEM_TEAM_NAME, ctx.clock.now());
      await trx.updateTable('teams').set({ system: 1 }).where('id', '=', id).execute();
      return id;
    });
    ctx.log.info({ team_id: teamId }, 'created the system team that sends Lettr\'s own mail');
  }
  const domain = emailDomain(ctx.config.accounts.systemFrom.email);
  if (domain && !(await findSendingDomain(db, teamId, domain))) await addDomainWithRecords(ctx, teamId, domain, SYSTEM_ORIGIN);
  return teamId;
}

export interface SystemMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Accepts the message in `trx` (it commits with the change that caused it). Call ctx.wake(DELIVER_QUEUE) after commit. */
export async function sendSystemMail(ctx: AppContext, trx: Executor, systemTeamId: number, m: SystemMessage, now: number): Promise<string> {
  const from = ctx.config.accounts.systemFrom;
  const out = await acceptSend(ctx, trx, {
    auth: {
      credential: 'api_key', teamId: systemTeamId, actor: { type: 'system', via: 'system-mail' }, apiKeyId: null, userId: null,
      keyType: 'live', permission: 'full_access', scopes: [], createdByUserId: null, ownerEmail: null, ip: '127.0.0.1',
    },
    body: { from: from.email, ...(from.name ? { from_name: from.name } : {}), to: [m.to], subject: m.subject, text: m.text, html: m.html, options: { transactional: true } },
    scheduled: false,
    now,
  });
  return out.requestId;
}

export { DELIVER_QUEUE };
