// lettr campaign create|update|list --team ID …: the operator's way to make and edit campaigns (the public API has
// no create). Sending, scheduling and reading go through the API (or the dashboard).
import { parseArgs } from 'node:util';
import { teamExists } from '../accounts/index.js';
import { campaignView, createCampaign, pageCampaigns, updateCampaign } from '../campaigns/index.js';
import { ApiError } from '../http/errors.js';
import { withContext } from './context.js';
import { UsageError, type Io } from './io.js';

const USAGE = `usage: lettr campaign create --team ID --name N --from EMAIL --subject S (--html H | --template SLUG [--template-version N]) [--from-name N] [--reply-to EMAIL] [--list LIST_ID]… [--segment SEGMENT_ID]… [--topic TOPIC_ID] [--json]
       lettr campaign update --team ID --id CAMPAIGN_ID [same fields] [--json]
       lettr campaign list --team ID [--json]`;

const OPTIONS = {
  json: { type: 'boolean' }, team: { type: 'string' }, id: { type: 'string' }, name: { type: 'string' }, from: { type: 'string' },
  'from-name': { type: 'string' }, 'reply-to': { type: 'string' }, subject: { type: 'string' }, html: { type: 'string' },
  template: { type: 'string' }, 'template-version': { type: 'string' }, list: { type: 'string', multiple: true },
  segment: { type: 'string', multiple: true }, topic: { type: 'string' },
} as const;

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

export async function campaignCommand(sub: string | undefined, argv: string[], io: Io): Promise<void> {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (!sub || !['create', 'update', 'list'].includes(sub)) throw new UsageError(USAGE);
  if (typeof values.team !== 'string' || !/^\d+$/.test(values.team)) throw new UsageError('--team must be a numeric id');
  const teamId = Number(values.team);
  await withContext(async (ctx) => {
    if (!(await teamExists(ctx.db.kysely, teamId))) throw new UsageError(`team ${teamId} does not exist`);
    const zero = { injections: 0, deliveries: 0, bounces: 0, spam_complaints: 0, opens: 0, unique_opens: 0, clicks: 0, unique_clicks: 0, unsubscribes: 0 };
    if (sub === 'list') {
      const { rows } = await pageCampaigns(ctx.db.kysely, teamId, null, { perPage: 1000, offset: 0 });
      io.out({ campaigns: rows.map((r) => campaignView(r, zero)) }, rows.map((r) => `${r.public_id}\t${r.status}\t${r.name}`).join('\n') || 'No campaigns.');
      return;
    }
    if (sub === 'create') {
      for (const f of ['name', 'from', 'subject']) if (values[f] === undefined) throw new UsageError(`--${f} is required\n${USAGE}`);
      if ((values.html === undefined) === (values.template === undefined)) throw new UsageError(`give exactly one of --html and --template\n${USAGE}`);
      const c = await createCampaign(ctx, teamId, body(values)).catch(asUsage);
      io.out({ id: c.public_id }, `Created campaign ${c.public_id} (draft).`);
      return;
    }
    if (typeof values.id !== 'string') throw new UsageError(`--id is required\n${USAGE}`);
    const c = await updateCampaign(ctx, teamId, values.id, body(values)).catch(asUsage);
    io.out({ id: c.public_id }, `Updated campaign ${c.public_id}.`);
  });
}
