import type { Generated } from 'kysely';

export interface ApiKeysTable {
  id: Generated<number>;
  team_id: number;
  name: string;
  type: 'live' | 'sandbox';
  permission: 'full_access' | 'sending_only' | 'custom';
  /** JSON array of scopes; only meaningful for `custom` (presets are resolved at check time). */
  scopes: string;
  /** JSON array of normalised IP/CIDR entries; [] = any address. */
  allowed_ips: string;
  /** SHA-256 hex of the whole key. The key itself is never stored. */
  secret_digest: string;
  /** First 12 characters, for display. */
  display_prefix: string;
  /** Last 4 characters, for display (sandbox prefixes are all alike). */
  display_suffix: string;
  created_by: number | null;
  created_at: number;
  last_used_at: number | null;
  last_used_ip: string | null;
  expires_at: number | null;
  revoked_at: number | null;
  /** The key this one replaced by rotation. */
  rotated_from_id: number | null;
}

export interface AuthFailuresTable {
  id: Generated<number>;
  ip: string;
  /** What the failure is counted under: the IPv4 address or the IPv6 /64 (null only on rows from before 0010). */
  network: string | null;
  key_prefix: string | null;
  reason: string;
  created_at: number;
}

export interface AuthBlocksTable {
  /** What is blocked: an IPv4 address, an IPv6 /64 (`2001:db8::/64`), or `key:<prefix>` of a failing key. */
  ip: string;
  blocked_until: number;
}

export interface RateLimitWindowsTable {
  bucket: string;
  window_start: number;
  count: number;
}

export interface AuthTables {
  api_keys: ApiKeysTable;
  auth_failures: AuthFailuresTable;
  auth_blocks: AuthBlocksTable;
  rate_limit_windows: RateLimitWindowsTable;
}
