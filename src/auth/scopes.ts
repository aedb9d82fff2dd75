// The 15 scopes and the two presets (spec security-and-events §1.6). Presets resolve at check time, so a Full Access
// key also holds any scope added later.
export const SCOPES = [
  'emails:send', 'emails:read',
  'templates:read', 'templates:write',
  'domains:read', 'domains:write',
  'webhooks:read', 'webhooks:write',
  'projects:read',
  'sms:send', 'whatsapp:send',
  'audience:read', 'audience:write',
  'campaigns:read', 'campaigns:write',
] as const;

export type Scope = (typeof SCOPES)[number];
export type Permission = 'full_access' | 'sending_only' | 'custom';

/**
 * What a route requires: a scope; just any valid key (`GET /auth/check`); or `full_access`, for administration that no
 * scope names (API keys, the audit trail, the local mailbox): only a Full Access live key may do it.
 */
export type RouteScope = Scope | 'any' | 'full_access';

const SENDING_ONLY: readonly Scope[] = ['emails:send', 'sms:send', 'whatsapp:send'];

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

export function scopesOf(permission: Permission, custom: readonly string[]): readonly Scope[] {
  if (permission === 'full_access') return SCOPES;
  if (permission === 'sending_only') return SENDING_ONLY;
  return custom.filter(isScope);
}

export function grants(permission: Permission, custom: readonly string[], required: RouteScope): boolean {
  if (required === 'any') return true;
  if (required === 'full_access') return permission === 'full_access';
  return scopesOf(permission, custom).includes(required);
}

/**
 * Sandbox keys may send email and read (spec §1.5/§9): every `*:read` scope and `emails:send`; never writes, SMS or
 * WhatsApp. The permission level still applies on top.
 */
export function sandboxAllows(required: RouteScope): boolean {
  return required === 'any' || required === 'emails:send' || (required !== 'full_access' && required.endsWith(':read'));
}
