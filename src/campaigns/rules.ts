// Which campaign operations are allowed in which state (pure). Contract errors: campaign_not_sendable,
// campaign_has_pending_schedule, campaign_not_scheduled (all 422).
import type { CampaignStatus } from './tables.js';

export interface CampaignShape {
  status: CampaignStatus;
  subject: string | null;
  from_email: string | null;
  html: string | null;
  template_slug: string | null;
  list_ids: string;
  segment_ids: string;
}

export type Refusal = { code: 'campaign_not_sendable' | 'campaign_has_pending_schedule' | 'campaign_not_scheduled'; message: string };

const hasAudience = (c: CampaignShape) => c.list_ids !== '[]' || c.segment_ids !== '[]';

/** What is missing before the campaign can go out, or null when it has everything. */
export function missingForSend(c: CampaignShape): string | null {
  const missing = [
    !c.subject ? 'a subject' : null,
    !c.from_email ? 'a sender' : null,
    !c.html && !c.template_slug ? 'content' : null,
    !hasAudience(c) ? 'an audience (a list or a segment)' : null,
  ].filter((m): m is string => m !== null);
  return missing.length ? `The campaign needs ${missing.join(', ')} before it can be sent.` : null;
}

export function refuseSend(c: CampaignShape): Refusal | null {
  if (c.status === 'scheduled') return { code: 'campaign_has_pending_schedule', message: 'The campaign has a pending schedule; unschedule it first or use the schedule endpoint.' };
  if (c.status !== 'draft') return { code: 'campaign_not_sendable', message: `A ${c.status} campaign cannot be sent; only drafts can.` };
  const missing = missingForSend(c);
  return missing ? { code: 'campaign_not_sendable', message: missing } : null;
}

export function refuseSchedule(c: CampaignShape): Refusal | null {
  if (c.status !== 'draft' && c.status !== 'scheduled') return { code: 'campaign_not_sendable', message: `A ${c.status} campaign cannot be scheduled.` };
  const missing = missingForSend(c);
  return missing ? { code: 'campaign_not_sendable', message: missing } : null;
}

export function refuseUnschedule(c: CampaignShape): Refusal | null {
  return c.status === 'scheduled' ? null : { code: 'campaign_not_scheduled', message: 'The campaign is not scheduled.' };
}

/** Drafts (and scheduled campaigns, which unschedule first) may be edited; anything on its way out may not. */
export const editable = (status: CampaignStatus) => status === 'draft';
