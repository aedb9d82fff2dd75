// lettr campaign create|update|list --team ID …: the operator's way to make and edit campaigns (the public API has
// no create). Sending, scheduling and reading go through the API (or the dashboard).
import { campaignView, createCampaign, pageCampaigns, updateCampaign } from '../campaigns/index.js';
import { ApiError } from '../http/errors.js';
import { teamOf, withContext } from './context.js';
import { UsageError, type Io, type Parsed } from './io.js';

function body(v: Record<string, unknown>): Record<string, unknown> {
  const b: Record<string, unknown> = {};
  const map: Array<[string, string]> = [['name', 'name'], ['from', 'from_email'], ['from-name', 'from_name'], ['reply-to', 'reply_to'],
    ['subject', 'subject'], ['html', 'html'], ['template', 'template_slug'], ['topic', 'topic_id']];
  for (const [flag, field] of map) if (v[flag] !== undefined) b[field] = v[flag];
  if (v['template-version'] !== undefined) b.template_version = Number(v['template-version']);
  if (v.list !== undefined) b.list_ids = v.list;
  if (v.segment !== undefined) b.segment_ids = v.segment;
  return b;
}

/** A refusal (422 field errors, not found) reads as a usage error with the fields named. */
function asUsage(err: unknown): never {
  if (err instanceof ApiError) {
    const fields = err.extra.errors ? ': ' + Object.entries(err.extra.errors).map(([f, m]) => `${f}: ${m.join(' ')}`).join('; ') : '';
    throw new UsageError(`${err.message}${fields}`);
  }
  throw err;
}

export async function campaignCommand(sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  const values = flags as Record<string, unknown>;
  await withContext(async (ctx) => {
    const teamId = await teamOf(ctx.db.kysely, flags);
    const zero = { injections: 0, deliveries: 0, bounces: 0, spam_complaints: 0, opens: 0, unique_opens: 0, clicks: 0, unique_clicks: 0, unsubscribes: 0 };
    if (sub === 'list') {
      const { rows } = await pageCampaigns(ctx.db.kysely, teamId, null, { perPage: 1000, offset: 0 });
      io.out({ campaigns: rows.map((r) => campaignView(r, zero)) }, rows.map((r) => `${r.public_id}\t${r.status}\t${r.name}`).join('\n') || 'No campaigns.');
      return;
    }
    if (sub === 'create') {
      for (const f of ['name', 'from', 'subject']) if (values[f] === undefined) throw new UsageError(`--${f} is required`);
      if ((values.html === undefined) === (values.template === undefined)) throw new UsageError('give exactly one of --html and --template');
      const c = await createCampaign(ctx, teamId, body(values)).catch(asUsage);
      io.out({ id: c.public_id }, `Created campaign ${c.public_id} (draft).`);
      return;
    }
    if (typeof values.id !== 'string') throw new UsageError('--id is required');
    const c = await updateCampaign(ctx, teamId, values.id, body(values)).catch(asUsage);
    io.out({ id: c.public_id }, `Updated campaign ${c.public_id}.`);
  });
}
