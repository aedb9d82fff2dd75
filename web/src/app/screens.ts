// The sidebar and the command palette read this list. A capability that lands later (audience, campaigns, inbound,
// suppressions…) adds its screen here and its route in App.tsx; screens that do not exist yet are absent.
import { IconGauge, IconInbox, IconKey, IconMail, IconWebhook, IconWorldWww, type Icon } from '@tabler/icons-react';

export interface Screen {
  /** Path under /t/:teamId. */
  path: string;
  label: string;
  description: string;
  icon: Icon;
  /** Only owners and admins (Full Access administration, docs/dashboard-api.md). */
  adminOnly?: boolean;
}

export const SCREENS: Screen[] = [
  { path: '/overview', label: 'Overview', description: 'Security overview: spikes, new domains, failed auth, keys, members', icon: IconGauge, adminOnly: true },
  { path: '/emails', label: 'Emails', description: 'Search sent email and follow each delivery', icon: IconMail },
  { path: '/domains', label: 'Domains', description: 'Add sending domains and publish their DNS records', icon: IconWorldWww },
  { path: '/webhooks', label: 'Webhooks', description: 'Endpoints that receive delivery and engagement events', icon: IconWebhook },
  { path: '/api-keys', label: 'API keys', description: 'Create, rotate and revoke keys', icon: IconKey, adminOnly: true },
  { path: '/mailbox', label: 'Local mailbox', description: 'Mail delivered locally (LETTR_DELIVERY=local)', icon: IconInbox, adminOnly: true },
];
