import type { Generated } from 'kysely';

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  /** Requests per second for this team's keys; null = the server default (LETTR_RATE_LIMIT), 0 = unlimited. */
  rate_limit_per_second: number | null;
  created_at: number;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
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

export interface AccountTables {
  teams: TeamsTable;
  users: UsersTable;
  memberships: MembershipsTable;
}
