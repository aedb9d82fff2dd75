// The 15 API scopes (spec §1.6) grouped for the custom-permission picker, and the presets' meaning.
import type { Permission } from '../api/types';

export const SCOPE_GROUPS: Array<{ label: string; scopes: string[] }> = [
  { label: 'Emails', scopes: ['emails:send', 'emails:read'] },
  { label: 'Templates & projects', scopes: ['templates:read', 'templates:write', 'projects:read'] },
  { label: 'Domains', scopes: ['domains:read', 'domains:write'] },
  { label: 'Webhooks', scopes: ['webhooks:read', 'webhooks:write'] },
  { label: 'Audience & campaigns', scopes: ['audience:read', 'audience:write', 'campaigns:read', 'campaigns:write'] },
  { label: 'Other channels', scopes: ['sms:send', 'whatsapp:send'] },
];

export const PERMISSIONS: Array<{ value: Permission; label: string; description: string }> = [
  { value: 'sending_only', label: 'Sending only', description: 'Send email, SMS and WhatsApp; read nothing.' },
  { value: 'full_access', label: 'Full access', description: 'Everything, including keys, the audit log and the mailbox.' },
  { value: 'custom', label: 'Custom', description: 'Pick the scopes this key needs.' },
];

export const permissionLabel = (p: Permission) => PERMISSIONS.find((x) => x.value === p)?.label ?? p;

/** "10.0.0.1, 192.168.0.0/24" or one per line → list. */
export function parseIpList(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);
}
