// Wire shapes of the dashboard API (docs/dashboard-api.md) and of the public API capabilities mounted per team.
export interface User { id: number; email: string; name: string; two_factor_enabled: boolean; created_at: string }
export type Role = 'owner' | 'admin' | 'member';
export interface TeamMembership {
  id: number; name: string; role: Role; require_two_factor: boolean; two_factor_setup_required: boolean; joined_at: string;
}
export interface Me { user: User; teams: TeamMembership[]; csrf_token: string }
export type SignInAnswer = { status: 'signed_in'; user: User; teams: TeamMembership[] } | { status: 'two_factor_required' };
export interface Member {
  user: { id: number; email: string; name: string }; role: Role; two_factor_enabled: boolean; joined_at: string;
  invited_by: { id: number; email: string; name: string } | null;
}
export type Permission = 'full_access' | 'sending_only' | 'custom';
export interface ApiKey {
  id: number; team_id: number; name: string; type: 'live' | 'sandbox'; permission: Permission; scopes: string[];
  allowed_ips: string[]; ip_restricted: boolean; display: string; status: 'active' | 'expiring' | 'expired' | 'revoked';
  created_by: number | null; created_at: string; last_used_at: string | null; last_used_ip: string | null;
  expires_at: string | null; revoked_at: string | null; rotated_from_id: number | null;
}
export interface Session {
  id: number; current: boolean; ip: string; user_agent: string; device: string; created_at: string; last_seen_at: string;
}
