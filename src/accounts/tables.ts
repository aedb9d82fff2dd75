import type { ColumnType, Generated } from 'kysely';

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  /** Requests per second for this team's keys; null = the server default (LETTR_RATE_LIMIT), 0 = unlimited. */
  rate_limit_per_second: number | null;
  created_at: number;
  /** 1: members without 2FA are sent to set it up and reach nothing else of the team (spec §3.5). */
  require_two_factor: Generated<number>;
  /** 1: the hidden team that sends Lettr's own mail (invitations). No members, no keys. */
  system: Generated<number>;
  /** Set when the owner deleted the team; the purge job removes its data afterwards. */
  deleted_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  /** argon2id PHC string; null for a user added by the CLI who has not set a password (cannot sign in). */
  password_hash: string | null;
  created_at: number;
}

export type Role = 'owner' | 'admin' | 'member';

export interface MembershipsTable {
  id: Generated<number>;
  team_id: number;
  user_id: number;
  role: Role;
  invited_by: number | null;
  joined_at: number;
}

export type SessionStage = 'two_factor' | 'active';

export interface UserSessionsTable {
  id: Generated<number>;
  user_id: number;
  /** SHA-256 hex of the cookie value; the value itself is never stored. */
  token_digest: string;
  stage: SessionStage;
  ip: string | null;
  user_agent: string | null;
  created_at: number;
  last_seen_at: number;
  /** Absolute end (sign-in + LETTR_SESSION_LIFETIME; 10 minutes for a two_factor stage). */
  expires_at: number;
}

export interface UserTwoFactorTable {
  id: Generated<number>;
  user_id: number;
  /** The base32 TOTP seed, sealed with purpose `accounts.totp_secret`. */
  secret_sealed: string;
  confirmed_at: number | null;
  last_used_step: Generated<number>;
  created_at: number;
}

export interface UserRecoveryCodesTable {
  id: Generated<number>;
  user_id: number;
  code_digest: string;
  used_at: number | null;
  created_at: number;
}

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'cancelled' | 'replaced';

export interface TeamInvitationsTable {
  id: Generated<number>;
  team_id: number;
  email: string;
  role: Exclude<Role, 'owner'>;
  token_digest: string;
  invited_by: number | null;
  status: InvitationStatus;
  created_at: number;
  expires_at: number;
  responded_at: number | null;
}

export interface AccountTables {
  teams: TeamsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  user_sessions: UserSessionsTable;
  user_two_factor: UserTwoFactorTable;
  user_recovery_codes: UserRecoveryCodesTable;
  team_invitations: TeamInvitationsTable;
}
