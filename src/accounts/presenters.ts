// Account rows → the JSON shapes of docs/dashboard-api.md. Never a password hash, token, seed or code digest.
import { describeDevice, type SessionRow } from './sessions.js';
import type { MemberView, TeamOfUser, UserRow } from './store.js';
import type { TeamInvitationsTable } from './tables.js';
import type { Selectable } from 'kysely';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function userView(u: Pick<UserRow, 'id' | 'email' | 'name' | 'created_at'>, twoFactorEnabled: boolean) {
  return { id: u.id, email: u.email, name: u.name, two_factor_enabled: twoFactorEnabled, created_at: iso(u.created_at) };
}

export function teamMembershipView(t: TeamOfUser, userHasTwoFactor: boolean) {
  const required = t.require_two_factor === 1;
  return {
    id: t.id, name: t.name, role: t.role, require_two_factor: required,
    two_factor_setup_required: required && !userHasTwoFactor, joined_at: iso(t.joined_at),
  };
}

export function memberView(m: MemberView) {
  return {
    user: { id: m.user_id, email: m.email, name: m.name },
    role: m.role,
    two_factor_enabled: m.two_factor_confirmed_at !== null,
    joined_at: iso(m.joined_at),
    invited_by: m.invited_by === null ? null : { id: m.invited_by, email: m.inviter_email, name: m.inviter_name },
  };
}

export function sessionView(s: SessionRow, currentId: number | null) {
  return {
    id: s.id, current: s.id === currentId, ip: s.ip, user_agent: s.user_agent, device: describeDevice(s.user_agent),
    created_at: iso(s.created_at), last_seen_at: iso(s.last_seen_at),
  };
}

export type InvitationRow = Selectable<TeamInvitationsTable> & { team_name?: string; inviter_name?: string | null; inviter_email?: string | null };

export function invitationView(i: InvitationRow) {
  return {
    id: i.id, email: i.email, role: i.role,
    invited_by: i.invited_by === null ? null : { id: i.invited_by, email: i.inviter_email ?? null, name: i.inviter_name ?? null },
    created_at: iso(i.created_at), expires_at: iso(i.expires_at),
  };
}

export function myInvitationView(i: InvitationRow) {
  return {
    id: i.id, team: { id: i.team_id, name: i.team_name ?? null }, role: i.role,
    invited_by: i.invited_by === null ? null : { id: i.invited_by, name: i.inviter_name ?? null },
    created_at: iso(i.created_at), expires_at: iso(i.expires_at),
  };
}
