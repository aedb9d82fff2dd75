// lettr team create|rate-limit, lettr user add, lettr audit list
import { addMember, createTeam, listTeams, resetPassword, resetTwoFactor, setTeamRateLimit, type Role } from '../accounts/index.js';
import { listAudit } from '../audit/index.js';
import { cliOrigin, teamOf, withContext } from './context.js';
import { requireString, UsageError, type Io, type Parsed } from './io.js';

export async function teamCommand(sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  await withContext(async (ctx) => {
    if (sub === 'create') {
      const name = requireString(flags, 'name');
      const team = await createTeam(ctx.db.kysely, { name, rateLimitPerSecond: perSecond(flags['rate-limit']) }, cliOrigin);
      io.out({ id: team.id, name: team.name }, `Created team ${team.id} (${team.name}).`);
    } else if (sub === 'rate-limit') {
      const teamId = await teamOf(ctx.db.kysely, flags);
      const value = perSecond(requireString(flags, 'per-second'));
      if (!(await setTeamRateLimit(ctx.db.kysely, teamId, value, cliOrigin))) throw new UsageError(`--team ${teamId}: no such team`);
      io.out({ id: teamId, rate_limit_per_second: value }, `Team ${teamId}: ${value === null ? 'server default' : value === 0 ? 'unlimited' : `${value} requests/s`}.`);
    } else if (sub === 'list') {
      const teams = await listTeams(ctx);
      io.out({ teams }, teams.map((t) => `${t.id}\t${t.name}\t${t.members} member(s)${t.system ? '\tsystem (sends Lettr\'s own mail)' : ''}${t.require_two_factor ? '\t2FA required' : ''}`).join('\n') || 'No teams.');
    }
  });
}

function perSecond(v: unknown): number | null {
  if (v === undefined || v === 'default') return null;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError('--per-second / --rate-limit must be a whole number of requests per second, 0 (unlimited) or "default"');
  return Number(v);
}

export async function userCommand(sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  if (sub === 'reset-2fa' || sub === 'reset-password') return operatorReset(sub, flags, io);
  const role = (flags.role ?? 'member') as Role;
  if (!['owner', 'admin', 'member'].includes(role)) throw new UsageError('--role must be owner, admin or member');
  const email = requireString(flags, 'email');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError('--email must be an email address');
  await withContext(async (ctx) => {
    const teamId = await teamOf(ctx.db.kysely, flags);
    const r = await addMember(ctx.db.kysely, { teamId, email, name: flags.name as string | undefined, role }, cliOrigin);
    io.out({ user_id: r.userId, email: r.email, team_id: teamId, role }, `User ${r.userId} (${r.email}) is ${role} of team ${teamId}.`);
  });
}

/** For someone locked out of the dashboard: both end the user's sessions and are audited (README "Accounts"). */
async function operatorReset(sub: 'reset-2fa' | 'reset-password', flags: Record<string, unknown>, io: Io): Promise<void> {
  const email = requireString(flags as Parameters<typeof requireString>[0], 'email');
  await withContext(async (ctx) => {
    if (sub === 'reset-2fa') {
      const r = await resetTwoFactor(ctx, email);
      if (!r) throw new UsageError(`--email ${email}: no user with that email`);
      io.out({ user_id: r.userId, email, two_factor_was_enabled: r.hadTwoFactor },
        `Two-factor authentication is off for ${email}${r.hadTwoFactor ? '' : ' (it was not on)'}; their sessions were ended. They can sign in with their password and set it up again.`);
      return;
    }
    const r = await resetPassword(ctx, email);
    if (!r) throw new UsageError(`--email ${email}: no user with that email`);
    io.out({ user_id: r.userId, email, password: r.password },
      `New password for ${email} (shown once; hand it over safely and ask them to change it after signing in):\n\n  ${r.password}\n`);
  });
}

export async function auditCommand(_sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  if (flags.limit !== undefined && !/^\d+$/.test(String(flags.limit))) throw new UsageError('--limit must be a number');
  await withContext(async (ctx) => {
    const events = await listAudit(ctx.db.kysely, await teamOf(ctx.db.kysely, flags), {
      limit: flags.limit ? Number(flags.limit) : 100, action: flags.action as string | undefined,
    });
    io.out({ events }, events.map((e) => `${e.created_at}\t${e.action}\t${e.actor.type}${e.actor.id ? ':' + e.actor.id : ''}\t${e.target ? `${e.target.type}:${e.target.id}` : ''}`).join('\n') || 'No audit events.');
  });
}
