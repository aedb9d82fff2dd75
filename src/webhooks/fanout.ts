// Durable fan-out (issue 6 §2, ARCHITECTURE principle 5): event rows → per-webhook pending rows → delivery batches with
// a dispatch job each. It reads the event log through a cursor in the database, so a crash at any point leaves either
// the old cursor (the scan is repeated) or the new cursor together with everything it produced (one transaction).
// Nothing is handed over in memory.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import { wants } from './event-types.js';
import { cutBatches } from './batches.js';
import type { WebhookSettings } from './settings.js';

export interface ScannedEvent {
  id: number;
  tx: string;
  team_id: number;
  type: string;
}

/** The next events after the cursor, in an order no later commit can insert behind (see migration 0500). */
async function scanEvents(trx: Transaction<DB>, dialect: 'sqlite' | 'postgres', cursor: { last_tx: string; last_event_row_id: number }, limit: number): Promise<ScannedEvent[]> {
  if (dialect === 'postgres') {
    const r = await sql<{ id: string | number; tx: string; team_id: string | number; type: string }>`
      SELECT id, webhook_tx::text AS tx, team_id, type FROM events
      WHERE webhook_tx < pg_snapshot_xmin(pg_current_snapshot())
        AND (webhook_tx, id) > (${cursor.last_tx}::xid8, ${cursor.last_event_row_id})
      ORDER BY webhook_tx, id
      LIMIT ${limit}`.execute(trx);
    return r.rows.map((e) => ({ id: Number(e.id), tx: e.tx, team_id: Number(e.team_id), type: e.type }));
  }
  const rows = await trx.selectFrom('events').select(['id', 'team_id', 'type'])
    .where('id', '>', cursor.last_event_row_id).orderBy('id').limit(limit).execute();
  return rows.map((e) => ({ id: e.id, tx: '0', team_id: e.team_id, type: e.type }));
}

/** Pure: which (webhook, event) pairs to queue. */
export function matchEvents(events: readonly ScannedEvent[], hooks: readonly { id: number; team_id: number; event_types: string | null }[]) {
  const byTeam = new Map<number, { id: number; types: string[] | null }[]>();
  for (const h of hooks) {
    const list = byTeam.get(h.team_id) ?? [];
    list.push({ id: h.id, types: h.event_types === null ? null : (JSON.parse(h.event_types) as string[]) });
    byTeam.set(h.team_id, list);
  }
  const out: { webhook_id: number; team_id: number; event_row_id: number }[] = [];
  for (const e of events) {
    for (const h of byTeam.get(e.team_id) ?? []) if (wants(h.types, e.type)) out.push({ webhook_id: h.id, team_id: e.team_id, event_row_id: e.id });
  }
  return out;
}

export interface FanoutResult {
  scanned: number;
  queued: number;
  deliveries: number;
}

/**
 * One round: under the cursor's row lock (so concurrent workers on PostgreSQL take turns), read up to `scanLimit`
 * events, queue them for every enabled matching webhook, advance the cursor, then cut due batches.
 */
export async function fanOut(ctx: AppContext, settings: WebhookSettings, scanLimit = 1000): Promise<FanoutResult> {
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    let cq = trx.selectFrom('webhook_fanout_cursor').selectAll().where('id', '=', 1);
    if (ctx.db.dialect === 'postgres') cq = cq.forUpdate().skipLocked();
    const cursor = await cq.executeTakeFirst();
    if (!cursor) return { scanned: 0, queued: 0, deliveries: 0 };

    const events = await scanEvents(trx, ctx.db.dialect, { last_tx: cursor.last_tx, last_event_row_id: Number(cursor.last_event_row_id) }, scanLimit);
    let queued = 0;
    if (events.length) {
      const teams = [...new Set(events.map((e) => e.team_id))];
      const hooks = await trx.selectFrom('webhooks').select(['id', 'team_id', 'event_types'])
        .where('enabled', '=', 1).where('team_id', 'in', teams).execute();
      const pairs = matchEvents(events, hooks);
      for (let i = 0; i < pairs.length; i += 200) {
        await trx.insertInto('webhook_pending').values(pairs.slice(i, i + 200).map((p) => ({ ...p, queued_at: now }))).execute();
      }
      queued = pairs.length;
      const last = events[events.length - 1]!;
      await trx.updateTable('webhook_fanout_cursor').set({ last_tx: last.tx, last_event_row_id: last.id }).where('id', '=', 1).execute();
    }
    const deliveries = await cutBatches(trx, ctx, settings, now);
    return { scanned: events.length, queued, deliveries };
  });
}
