// Campaigns as the contract shows them.
import type { CampaignRow, CampaignStats } from './store.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const campaignView = (c: CampaignRow, stats: CampaignStats) => ({
  id: c.public_id,
  name: c.name,
  subject: c.subject,
  from_email: c.from_email,
  from_name: c.from_name,
  reply_to: c.reply_to,
  status: c.status,
  scheduled_at: iso(c.scheduled_at),
  total_recipients: c.total_recipients,
  sent_count: c.sent_count,
  sent_at: iso(c.sent_at),
  created_at: new Date(c.created_at).toISOString(),
  stats,
});
