// lettr team create|rate-limit, lettr user add, lettr audit list
import { addMember, createTeam, listTeams, resetPassword, resetTwoFactor, setTeamRateLimit, teamExists, type Role } from '../accounts/index.js';
import { listAudit } from '../audit/index.js';
import { cliOrigin, withContext } from './context.js';
import { parseFlags, requireId, requireString, UsageError, type Io } from './io.js';

export async function teamCommand(sub: string | undefined, argv: string[], io: Io): Promise<void> {
  const { flags } = parseFlags(argv, { name: 'string', team: 'string', 'per-second': 'string', 'rate-limit': 'string' });
  await withContext(async (ctx) => {
    if (sub === 'create') {
      const name = requireString(flags, 'name');
      const team = await createTeam(ctx.db.kysely, { name, rateLimitPerSecond: perSecond(flags['rate-limit']) }, cliOrigin);
      io.out({ id: team.id, name: team.name }, `Created team ${team.id} (${team.name}).`);
    } else if (sub === 'rate-limit') {
      const teamId = requireId(flags, 'team');
      const value = perSecond(requireString(flags, 'per-second'));
      if (!(await setTeamRateLimit(ctx.db.kysely, teamId, value, cliOrigin))) throw new UsageError(`team ${teamId} not found`);
      io.out({ id: teamId, rate_limit_per_second: value }, `Team ${teamId}: ${value === null ? 'server default' : value === 0 ? 'unlimited' : `${value} requests/s`}.`);
    } else if (sub === 'list') {
      const teams = await listTeams(ctx);
      io.out({ teams }, teams.map((t) => `${t.id}\t${t.name}\t${t.members} member(s)${t.system ? '\tsystem (sends Lettr\'s own mail)' : ''}${t.require_two_factor ? '\t2FA required' : ''}`).join('\n') || 'No teams.');
    } else {
      throw new UsageError('usage: lettr team create --name NAME | lettr team list | lettr team rate-limit --team ID --per-second N|default');
    }
  });
}

function perSecond(v: unknown): number | null {
  if (v === undefined || v === 'default') return null;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new UsageError('rate limit must be a whole number of requests per second, 0 (unlimited) or "default"');
  return Number(v);
}

export async function userCommand(sub: string | undefined, argv: string[], io: Io): Promise<void> {
  const { flags } = parseFlags(argv, { team: 'string', email: 'string', name: 'string', role: 'string' });
  if (sub === 'reset-2fa' || sub === 'reset-password') return operatorReset(sub, flags, io);
  if (sub !== 'add') throw new UsageError('usage: lettr user add --team ID --email EMAIL [--name NAME] [--role owner|admin|member] | lettr user reset-2fa --email EMAIL | lettr user reset-password --email EMAIL');
  const role = (flags.role ?? 'member') as Role;
  if (!['owner', 'admin', 'member'].includes(role)) throw new UsageError('--role must be owner, admin or member');
  const email = requireString(flags, 'email');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new UsageError('--email must be an email address');
  await withContext(async (ctx) => {
    const teamId = requireId(flags, 'team');
    if (!(await teamExists(ctx.db.kysely, teamId))) throw new UsageError(`team ${teamId} does not exist`);
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
      if (!r) throw new UsageError(`no user with email ${email}`);
      io.out({ user_id: r.userId, email, two_factor_was_enabled: r.hadTwoFactor },
        `Two-factor authentication is off for ${email}${r.hadTwoFactor ? '' : ' (it was not on)'}; their sessions were ended. They can sign in with their password and set it up again.`);
      return;
    }
    const r = await resetPassword(ctx, email);
    if (!r) throw new UsageError(`no user with email ${email}`);
    io.out({ user_id: r.userId, email, password: r.password },
      `New password for ${email} (shown once; hand it over safely and ask them to change it after signing in):\n\n  ${r.password}\n`);
  });
}

export async function auditCommand(sub: string | undefined, argv: string[], io: Io): Promise<void> {
  const { flags } = parseFlags(argv, { team: 'string', limit: 'string', action: 'string' });
  if (sub !== 'list') throw new UsageError('usage: lettr audit list --team ID [--limit N] [--action NAME]');
  await withContext(async (ctx) => {
    const events = await listAudit(ctx.db.kysely, requireId(flags, 'team'), {
      limit: flags.limit ? Number(flags.limit) : 100, action: flags.action as string | undefined,
    });
    io.out({ events }, events.map((e) => `${e.created_at}\t${e.action}\t${e.actor.type}${e.actor.id ? ':' + e.actor.id : ''}\t${e.target ? `${e.target.type}:${e.target.id}` : ''}`).join('\n') || 'No audit events.');
  });
}
