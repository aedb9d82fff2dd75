// The role matrix (spec security-and-events §4.1) as data, and what a role means on the per-team mounts of the public
// API. Pure: routes declare a team action or a scope; the session verifier asks these functions.
import type { Role } from './tables.js';

/** Team administration rows of §4.1 (billing does not exist in Lettr). */
export type TeamAction =
  | 'team.view'
  | 'team.rename'
  | 'members.invite'
  | 'members.change_role'
  | 'members.remove'
  | 'team.require_two_factor'
  | 'team.delete';

const MATRIX: Record<TeamAction, readonly Role[]> = {
  'team.view': ['owner', 'admin', 'member'],
  'team.rename': ['owner', 'admin'],
  'members.invite': ['owner', 'admin'],
  'members.change_role': ['owner', 'admin'],
  'members.remove': ['owner', 'admin'],
  'team.require_two_factor': ['owner'],
  'team.delete': ['owner'],
};

export function roleAllows(role: Role, action: TeamAction): boolean {
  return MATRIX[action].includes(role);
}

/**
 * What a member's role is worth on the team's API routes, in API-key terms. Every role may send, read logs and
 * manage domains, templates and webhooks (§4.1 rows 1–3; webhooks INFERRED for all roles); the Full Access
 * administration routes (API keys, audit log, local mailbox) are owner/admin only (§4.1 REC: a member able to mint a
 * Full Access key would hold an admin's reach through it).
 */
export function permissionOfRole(role: Role): 'full_access' | 'custom' {
  return role === 'member' ? 'custom' : 'full_access';
}

/**
 * Who may change or remove whom (§4.1 ▶ A14): never the owner; an admin only members; the owner anyone else.
 * Nobody can be made owner (assignable roles are admin and member).
 */
export function mayManageMember(actor: Role, target: Role): boolean {
  if (target === 'owner') return false;
  if (actor === 'owner') return true;
  return actor === 'admin' && target === 'member';
}

export const ASSIGNABLE_ROLES = ['admin', 'member'] as const;
