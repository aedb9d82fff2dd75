// Creating and editing campaigns (dashboard editor and CLI; the public API has none). The audience is named by
// list/segment/topic UUIDs and stored as the team's internal ids; only drafts change.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../http/context.js';
import { ApiError, notFound } from '../../http/errors.js';
import { isPlainObject, says, Violations } from '../../http/validation.js';
import { isValidEmail } from '../../sending/index.js';
import { editable } from '../rules.js';
import { findCampaign, type CampaignRow } from '../store.js';
import { CAMPAIGN_NOT_FOUND } from './dispatch.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface CampaignInput {
  name?: string; subject?: string | null; from_email?: string | null; from_name?: string | null; reply_to?: string | null;
  html?: string | null; template_slug?: string | null; template_version?: number | null;
  list_ids?: string[]; segment_ids?: string[]; topic_id?: string | null;
}

type Set = Partial<Pick<CampaignRow, 'name' | 'subject' | 'from_email' | 'from_name' | 'reply_to' | 'html' | 'template_slug' | 'template_version' | 'list_ids' | 'segment_ids' | 'topic_id'>>;

async function resolve(ctx: AppContext, teamId: number, raw: unknown, partial: boolean): Promise<Set> {
  const bag = new Violations();
  if (!isPlainObject(raw)) bag.add('body', 'The request body must be a JSON object.').throwIfAny();
  const b = raw as Record<string, unknown>;
  const out: Set = {};
  const text = (name: keyof Set & string, max: number, required = false) => {
    const v = b[name];
    if (v === undefined) { if (required && !partial) bag.add(name, says.required(name)); return; }
    if (v === null || v === '') { if (required) bag.add(name, says.required(name)); else (out as Record<string, unknown>)[name] = null; return; }
    if (typeof v !== 'string') { bag.add(name, says.string(name)); return; }
    if (v.length > max) { bag.add(name, says.maxChars(name, max)); return; }
    (out as Record<string, unknown>)[name] = v;
  };
  text('name', 255, true);
  text('subject', 998);
  text('from_email', 255);
  text('from_name', 255);
  text('reply_to', 255);
  text('html', 512 * 1024);
  text('template_slug', 255);
  for (const f of ['from_email', 'reply_to'] as const) if (typeof out[f] === 'string' && !isValidEmail(out[f]!)) bag.add(f, says.email(f));
  if (b.template_version !== undefined) {
    if (b.template_version === null) out.template_version = null;
    else if (!Number.isSafeInteger(b.template_version) || (b.template_version as number) < 1) bag.add('template_version', says.integer('template_version'));
    else out.template_version = b.template_version as number;
  }
  if (typeof out.html === 'string' && typeof out.template_slug === 'string') bag.add('html', 'Give either html or template_slug, not both.');
  const k = ctx.db.kysely;
  const ids = async (field: 'list_ids' | 'segment_ids', table: 'audience_lists' | 'audience_segments') => {
    const v = b[field];
    if (v === undefined) return;
    if (!Array.isArray(v) || v.length > 50 || !v.every((x) => typeof x === 'string' && UUID.test(x))) { bag.add(field, `The ${field} field must be an array of at most 50 UUIDs.`); return; }
    const rows = v.length ? await k.selectFrom(table).select(['id', 'public_id']).where('team_id', '=', teamId).where('public_id', 'in', v as string[]).execute() : [];
    const found = new Map(rows.map((r) => [r.public_id, r.id]));
    (v as string[]).forEach((x, i) => { if (!found.has(x)) bag.add(`${field}.${i}`, `The selected ${field}.${i} is invalid.`); });
    out[field] = JSON.stringify([...new Set(found.values())].sort((a, c) => a - c));
  };
  await ids('list_ids', 'audience_lists');
  await ids('segment_ids', 'audience_segments');
  if (b.topic_id !== undefined) {
    if (b.topic_id === null) out.topic_id = null;
    else {
      const t = typeof b.topic_id === 'string' && UUID.test(b.topic_id)
        ? await k.selectFrom('audience_topics').select('id').where('team_id', '=', teamId).where('public_id', '=', b.topic_id).executeTakeFirst() : undefined;
      if (!t) bag.add('topic_id', 'The selected topic_id is invalid.');
      else out.topic_id = t.id;
    }
  }
  bag.throwIfAny();
  return out;
}

export async function createCampaign(ctx: AppContext, teamId: number, raw: unknown): Promise<CampaignRow> {
  const set = await resolve(ctx, teamId, raw, false);
  const now = ctx.clock.now();
  const publicId = randomUUID();
  await ctx.db.kysely.insertInto('campaigns').values({
    public_id: publicId, team_id: teamId, name: set.name!, subject: set.subject ?? null, from_email: set.from_email ?? null,
    from_name: set.from_name ?? null, reply_to: set.reply_to ?? null, html: set.html ?? null, template_slug: set.template_slug ?? null,
    template_version: set.template_version ?? null, list_ids: set.list_ids ?? '[]', segment_ids: set.segment_ids ?? '[]',
    topic_id: set.topic_id ?? null, status: 'draft', scheduled_at: null, total_recipients: null, sent_at: null, failure_reason: null,
    created_at: now, updated_at: now,
  }).execute();
  return (await findCampaign(ctx.db.kysely, teamId, publicId))!;
}

export async function updateCampaign(ctx: AppContext, teamId: number, publicId: string, raw: unknown): Promise<CampaignRow> {
  const c = UUID.test(publicId) ? await findCampaign(ctx.db.kysely, teamId, publicId) : null;
  if (!c) throw notFound(CAMPAIGN_NOT_FOUND);
  // The dashboard's conflict (409): the campaign's state, not the request, is what is wrong.
  if (!editable(c.status)) throw new ApiError(409, 'conflict', `A ${c.status} campaign cannot be edited${c.status === 'scheduled' ? '; unschedule it first' : ''}.`);
  const set = await resolve(ctx, teamId, raw, true);
  // Switching content kind clears the other one.
  if (typeof set.html === 'string') { set.template_slug = null; set.template_version = null; }
  if (typeof set.template_slug === 'string') set.html = null;
  await ctx.db.kysely.updateTable('campaigns').set({ ...set, updated_at: ctx.clock.now() })
    .where('team_id', '=', teamId).where('id', '=', c.id).where('status', '=', 'draft').execute();
  return (await findCampaign(ctx.db.kysely, teamId, publicId))!;
}
