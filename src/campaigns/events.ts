// GET /campaigns/{id}/events: the event log of the campaign's messages, oldest first, keyset-paged by an opaque cursor.
import type { Executor } from '../db/index.js';
import { parseDateTime } from '../sending/index.js';
import type { Violations } from '../http/validation.js';

export const CAMPAIGN_EVENT_TYPES = ['injection', 'delivery', 'bounce', 'spam_complaint', 'open', 'click', 'list_unsubscribe'] as const;

export interface EventsQuery { type: string | null; email: string | null; from: number | null; to: number | null; limit: number; after: number }

const q = (query: unknown, name: string): string | null => {
  const v = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[name] : undefined;
  return typeof v === 'string' && v !== '' ? v : null;
};

/** Date-only values: start of the day for start_date, the whole day for end_date (contract). */
function dateParam(raw: string | null, name: string, endOfDay: boolean, bag: Violations): number | null {
  if (raw === null) return null;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(raw);
  const ms = dateOnly ? Date.parse(`${raw}T00:00:00Z`) : parseDateTime(raw);
  if (ms === null || Number.isNaN(ms)) { bag.add(name, `The ${name} field must be a valid ISO 8601 date.`); return null; }
  return dateOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

export function parseEventsQuery(query: unknown, bag: Violations): EventsQuery {
  const type = q(query, 'event_type');
  if (type !== null && !(CAMPAIGN_EVENT_TYPES as readonly string[]).includes(type)) bag.add('event_type', 'The selected event_type is invalid.');
  const email = q(query, 'email');
  if (email !== null && (email.length > 255 || !email.includes('@'))) bag.add('email', 'The email must be a valid email address.');
  const rawLimit = q(query, 'limit');
  const limit = rawLimit === null ? 25 : /^\d{1,3}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  if (!(limit >= 1 && limit <= 100)) bag.add('limit', 'The limit field must be between 1 and 100.');
  const cursor = q(query, 'cursor');
  let after = 0;
  if (cursor !== null) {
    const decoded = /^[A-Za-z0-9_-]{1,24}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString() : '';
    if (!/^e\d{1,15}$/.test(decoded)) bag.add('cursor', 'The cursor is invalid.');
    else after = Number(decoded.slice(1));
  }
  return { type, email: email?.toLowerCase() ?? null, from: dateParam(q(query, 'start_date'), 'start_date', false, bag), to: dateParam(q(query, 'end_date'), 'end_date', true, bag), limit, after };
}

export async function pageCampaignEvents(db: Executor, teamId: number, campaignId: number, p: EventsQuery) {
  let query = db.selectFrom('events as e')
    .innerJoin('campaign_recipients as r', (j) => j.onRef('r.request_id', '=', 'e.request_id').on('r.campaign_id', '=', campaignId))
    .select(['e.id', 'e.event_id', 'e.type', 'e.created_at', 'e.data', 'r.email'])
    .where('e.team_id', '=', teamId).where('e.id', '>', p.after)
    .where('e.type', 'in', p.type ? [p.type] : [...CAMPAIGN_EVENT_TYPES]);
  if (p.email) query = query.where('r.email', '=', p.email);
  if (p.from !== null) query = query.where('e.created_at', '>=', p.from);
  if (p.to !== null) query = query.where('e.created_at', '<=', p.to);
  const rows = await query.orderBy('e.id').limit(p.limit + 1).execute();
  const page = rows.slice(0, p.limit);
  const events = page.map((r) => {
    const d = JSON.parse(r.data) as Record<string, unknown>;
    const text = (k: string) => (typeof d[k] === 'string' ? d[k] as string : d[k] === undefined || d[k] === null ? null : String(d[k]));
    return {
      event_id: r.event_id, event_type: r.type, email: r.email, timestamp: new Date(r.created_at).toISOString(),
      bounce_class: text('bounce_class'), reason: text('reason') ?? text('raw_reason'), target_link_url: text('target_link_url'), user_agent: text('user_agent'),
    };
  });
  const next = rows.length > p.limit ? Buffer.from(`e${page[page.length - 1]!.id}`).toString('base64url') : null;
  return { events, next_cursor: next };
}
