import type { Generated } from 'kysely';

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'preparing', 'in_review', 'sending', 'sent', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignsTable {
  id: Generated<number>;
  public_id: string;
  team_id: number;
  name: string;
  subject: string | null;
  from_email: string | null;
  from_name: string | null;
  reply_to: string | null;
  /** Inline content; or a template by slug (and version, else the active one). */
  html: string | null;
  template_slug: string | null;
  template_version: number | null;
  /** JSON number[] (internal ids). */
  list_ids: string;
  segment_ids: string;
  topic_id: number | null;
  status: CampaignStatus;
  scheduled_at: number | null;
  total_recipients: number | null;
  /** Messages queued for delivery. */
  sent_count: Generated<number>;
  /** Contacts dropped at fan-out (suppressed, or refused by sending). */
  skipped_count: Generated<number>;
  sent_at: number | null;
  failure_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface CampaignRecipientsTable {
  campaign_id: number;
  contact_id: number;
  team_id: number;
  email: string;
  outcome: 'queued' | 'suppressed' | 'rejected';
  request_id: string | null;
  created_at: number;
}

export interface CampaignTables {
  campaigns: CampaignsTable;
  campaign_recipients: CampaignRecipientsTable;
}
