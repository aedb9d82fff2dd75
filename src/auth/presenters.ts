import { jsonParse } from '../db/index.js';
import { scopesOf, type Permission } from './scopes.js';
import { keyUsable, type ApiKeyRow } from './store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function keyStatus(row: ApiKeyRow, now: number): 'active' | 'expiring' | 'expired' | 'revoked' {
  if (row.revoked_at !== null) return 'revoked';
  if (!keyUsable(row, now)) return 'expired';
  return row.expires_at !== null ? 'expiring' : 'active';
}

/** A key as lists show it: never the secret, only its first 12 and last 4 characters. */
export function apiKeyView(row: ApiKeyRow, now = Date.now()) {
  const custom = jsonParse<string[]>(row.scopes, []);
  const allowedIps = jsonParse<string[]>(row.allowed_ips, []);
  return {
    id: row.id,
    team_id: row.team_id,
    name: row.name,
    type: row.type,
    permission: row.permission,
    scopes: [...scopesOf(row.permission as Permission, custom)],
    allowed_ips: allowedIps,
    ip_restricted: allowedIps.length > 0,
    display: `${row.display_prefix}…${row.display_suffix}`,
    status: keyStatus(row, now),
    created_by: row.created_by,
    created_at: iso(row.created_at),
    last_used_at: iso(row.last_used_at),
    last_used_ip: row.last_used_ip,
    expires_at: iso(row.expires_at),
    revoked_at: iso(row.revoked_at),
    rotated_from_id: row.rotated_from_id,
  };
}
