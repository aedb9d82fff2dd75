// The campaign fan-out job (issue 15 point 4). Each run handles one batch in one transaction: the next contacts of the
// audience after the last one processed (streamed in id order from SQL, never the whole audience in memory), each
// suppressed address dropped, each other contact accepted through the ordinary send path as non-transactional mail
// (so its deliver jobs go to the bulk lane and never queue in front of transactional mail), and one
// campaign_recipients row per contact. A crash rolls the open batch back; the next run resumes after the last
// committed contact, so every contact gets exactly one message from the fan-out.
import { nextMembers, selectionPredicate } from '../audience/index.js';
import type { AuthContext } from '../http/credentials.js';
import { filterSuppressed, normalizeAddress } from '../delivery/index.js';
import { jsonParse, type Executor } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import { ApiError } from '../http/errors.js';
import type { JobHandler, JobOutcome } from '../queue/index.js';
import { acceptSend, DELIVER_QUEUE } from '../sending/index.js';
import type { CampaignRow } from './store.js';

export const FANOUT_QUEUE = 'campaign_fanout';
// Small enough that one batch holds the SQLite writer briefly (a transactional accept waits behind at most one batch).
export const FANOUT_BATCH = 100;

export interface FanoutPayload { campaignId: number }

/** The campaign acts for its team like a Full Access live key would, attributed to the system. */
function campaignAuth(teamId: number): AuthContext {
  return {
    credential: 'api_key', teamId, actor: { type: 'system', via: 'campaign' }, apiKeyId: null, userId: null, keyType: 'live',
    permission: 'full_access', scopes: [], createdByUserId: null, ownerEmail: null, ip: '127.0.0.1',
  };
}

function sendBody(c: CampaignRow, email: string, properties: Record<string, string>): Record<string, unknown> {
  return {
    from: c.from_email, from_name: c.from_name ?? undefined, reply_to: c.reply_to ?? undefined, subject: c.subject, to: [email],
    ...(c.template_slug ? { template_slug: c.template_slug, template_version: c.template_version ?? undefined } : { html: c.html }),
    // Contact fields and properties are the merge data; {{unsubscribe_link}} is added per recipient at delivery.
    substitution_data: { ...properties, email },
    tag: c.public_id,
    options: { transactional: false },
  };
}

async function lastProcessed(trx: Executor, campaignId: number): Promise<number> {
  const row = await trx.selectFrom('campaign_recipients').select((eb) => eb.fn.max('contact_id').as('m')).where('campaign_id', '=', campaignId).executeTakeFirst();
  return Number(row?.m ?? 0);
}

/** One contact through the send path. A validation refusal is this contact's (thrown before anything is written). */
async function acceptOne(ctx: AppContext, trx: Executor, c: CampaignRow, email: string, properties: Record<string, string>, now: number) {
  try {
    const out = await acceptSend(ctx, trx, { auth: campaignAuth(c.team_id), body: sendBody(c, email, properties), scheduled: false, now });
    return { accepted: out.accepted > 0, requestId: out.requestId as string | null };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'validation_error') return { accepted: false, requestId: null };
    throw err;
  }
}

type BatchResult = { kind: 'more' | 'finished' | 'stopped' };

export async function fanOutBatch(ctx: AppContext, campaignId: number, teamId: number): Promise<BatchResult> {
  const now = ctx.clock.now();
  const k = ctx.db.kysely;
  const campaign = await k.selectFrom('campaigns').selectAll().where('id', '=', campaignId).where('team_id', '=', teamId).executeTakeFirst();
  if (!campaign || !['scheduled', 'preparing', 'sending'].includes(campaign.status)) return { kind: 'stopped' };
  const predicate = await selectionPredicate(ctx.db, teamId, {
    listIds: jsonParse<number[]>(campaign.list_ids, []), segmentIds: jsonParse<number[]>(campaign.segment_ids, []), topicId: campaign.topic_id,
  });
  return k.transaction().execute(async (trx) => {
    // The status guard and the batch commit together: an unschedule racing this run leaves nothing half-sent.
    const current = await trx.selectFrom('campaigns').select('status').where('id', '=', campaignId).executeTakeFirstOrThrow();
    if (!['scheduled', 'preparing', 'sending'].includes(current.status)) return { kind: 'stopped' as const };
    const members = await nextMembers(trx, teamId, predicate, await lastProcessed(trx, campaignId), FANOUT_BATCH);
    if (members.length === 0) {
      const total = await trx.selectFrom('campaign_recipients').select((eb) => eb.fn.countAll().as('n')).where('campaign_id', '=', campaignId).executeTakeFirstOrThrow();
      await trx.updateTable('campaigns').set({ status: 'sent', sent_at: now, total_recipients: Number(total.n), updated_at: now }).where('id', '=', campaignId).execute();
      return { kind: 'finished' as const };
    }
    const { suppressed } = await filterSuppressed(trx, teamId, members.map((m) => m.email), { transactional: false });
    const blocked = new Set(suppressed.map(normalizeAddress));
    let queued = 0;
    const rows = [];
    for (const m of members) {
      if (blocked.has(m.email)) {
        rows.push({ campaign_id: campaignId, contact_id: m.id, team_id: teamId, email: m.email, outcome: 'suppressed' as const, request_id: null, created_at: now });
        continue;
      }
      const out = await acceptOne(ctx, trx, campaign, m.email, m.properties, now);
      if (out.accepted) queued++;
      rows.push({ campaign_id: campaignId, contact_id: m.id, team_id: teamId, email: m.email, outcome: out.accepted ? 'queued' as const : 'rejected' as const, request_id: out.requestId, created_at: now });
    }
    for (let i = 0; i < rows.length; i += 100) await trx.insertInto('campaign_recipients').values(rows.slice(i, i + 100)).execute();
    await trx.updateTable('campaigns').set((eb) => ({
      status: 'sending', updated_at: now,
      sent_count: eb('sent_count', '+', queued), skipped_count: eb('skipped_count', '+', rows.length - queued),
    })).where('id', '=', campaignId).execute();
    return { kind: 'more' as const };
  });
}

export const campaignFanout: JobHandler<FanoutPayload> = {
  queue: FANOUT_QUEUE,
  leaseMs: 60_000,
  async handle(job, ctx): Promise<JobOutcome> {
    try {
      const result = await fanOutBatch(ctx, job.data.campaignId, job.team_id!);
      if (result.kind === 'more') {
        ctx.wake(DELIVER_QUEUE);
        // The next batch as a fresh run: each batch is its own job claim, so a crash loses at most one open batch.
        return { kind: 'reschedule', at: ctx.clock.now() };
      }
      if (result.kind === 'finished') ctx.wake(DELIVER_QUEUE);
      return { kind: 'done' };
    } catch (err) {
      // A refusal by the send path (sender domain gone, template deleted) holds for every contact: the campaign fails
      // visibly with the reason instead of retrying forever.
      if (!(err instanceof ApiError)) throw err;
      const now = ctx.clock.now();
      await ctx.db.kysely.updateTable('campaigns').set({ status: 'failed', failure_reason: err.message, updated_at: now })
        .where('id', '=', job.data.campaignId).execute();
      return { kind: 'done' };
    }
  },
};
