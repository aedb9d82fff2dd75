// Background work of accounts: purge a deleted team's data (spec §4.3 REC "purge asynchronously"), and forget
// sessions and invitations that can no longer be used.
import type { JobHandler } from '../queue/index.js';
import { PURGE_TEAM_QUEUE } from './commands/teams.js';

const DAY = 86_400_000;

/**
 * Deleting the team row removes, by foreign-key cascade, its keys, domains and DKIM keys, messages and recipients,
 * templates and projects, webhooks and their deliveries, suppressions, mailbox copies, invitations and memberships.
 * Events and jobs carry a team id without a foreign key (they are written on hot paths), so they go first. The audit
 * trail stays: it is append-only and outlives the team.
 */
export const purgeDeletedTeam: JobHandler<{ teamId: number }> = {
  queue: PURGE_TEAM_QUEUE,
  async handle(job, ctx) {
    const teamId = job.data.teamId;
    await ctx.db.kysely.transaction().execute(async (trx) => {
      const team = await trx.selectFrom('teams').select('deleted_at').where('id', '=', teamId).executeTakeFirst();
      if (!team || team.deleted_at === null) return;
      await trx.deleteFrom('jobs').where('team_id', '=', teamId).execute();
      await trx.deleteFrom('events').where('team_id', '=', teamId).execute();
      await trx.deleteFrom('teams').where('id', '=', teamId).execute();
    });
    return { kind: 'done' };
  },
};

export const accountsHousekeeping: JobHandler = {
  queue: 'accounts.housekeeping',
  everyMs: 60 * 60_000,
  async handle(_job, ctx) {
    const now = ctx.clock.now();
    const k = ctx.db.kysely;
    await k.deleteFrom('user_sessions').where('expires_at', '<', now).execute();
    await k.deleteFrom('user_sessions').where('last_seen_at', '<', now - ctx.config.accounts.sessionIdleMs).execute();
    await k.deleteFrom('team_invitations').where('status', '!=', 'pending').where('responded_at', '<', now - 30 * DAY).execute();
    return { kind: 'reschedule', at: now + 60 * 60_000 };
  },
};
