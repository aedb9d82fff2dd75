// Shared steps for webhook behaviour tests: record events the way the send pipeline does, and pump the queues.
import { sql } from 'kysely';
import { recordEvents, type RecordedEvent } from '../../src/events/index.js';
import { ensureRecurring } from '../../src/queue/index.js';
import type { Harness } from '../helpers/harness.js';
import type { ReceivedRequest } from '../helpers/http-receiver.js';

let seq = 0;

/** `n` events of one type for a team, committed like the pipeline commits them (one transaction). */
export async function recordSample(h: Harness, teamId: number, n: number, type = 'delivery'): Promise<RecordedEvent[]> {
  return h.ctx.db.kysely.transaction().execute((trx) =>
    recordEvents(trx, Array.from({ length: n }, () => {
      const i = ++seq;
      return {
        teamId, type, requestId: String(7_000_000_000 + i), recipient: `r${i}@example.com`,
        fields: { rcpt_to: `r${i}@example.com`, raw_rcpt_to: `r${i}@example.com`, recipient_domain: 'example.com', mailbox_provider: 'Other', mailbox_provider_region: 'Global', rcpt_meta: [] },
      };
    })),
  );
}

/**
 * Run fan-out and dispatch until nothing is due. The fan-out job row exists once a worker starts (tests make it) and
 * polls every 200 ms of real time; tests make it due at once instead of waiting for that.
 */
export async function pump(h: Harness): Promise<number> {
  const k = h.ctx.db.kysely;
  await ensureRecurring(h.ctx, 'webhooks.fanout');
  let ran = 0;
  // On PostgreSQL fan-out reads only events older than every running write transaction in the cluster (see migration
  // 0500), and other test files write to their own databases meanwhile: repeat until the cursor has caught up.
  for (let round = 0; round < 500; round++) {
    await k.updateTable('jobs').set({ run_at: h.clock.now() }).where('queue', '=', 'webhooks.fanout').where('locked_by', 'is', null).execute();
    ran += await h.runJobs();
    const cursor = await k.selectFrom('webhook_fanout_cursor').selectAll().executeTakeFirstOrThrow();
    const behind = h.ctx.db.dialect === 'postgres'
      ? (await sql`SELECT 1 FROM events WHERE (webhook_tx, id) > (${cursor.last_tx}::xid8, ${cursor.last_event_row_id}) LIMIT 1`.execute(k)).rows.length > 0
      : !!(await k.selectFrom('events').select('id').where('id', '>', Number(cursor.last_event_row_id)).limit(1).executeTakeFirst());
    if (!behind) return ran;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('webhook fan-out did not catch up with the event log');
}

/** Pump, let the batch window pass, pump again: everything recorded so far is sent. */
export async function pumpPastWindow(h: Harness, windowMs = 1000): Promise<void> {
  await pump(h);
  h.clock.advance(windowMs);
  await pump(h);
}

/** Every `event_id` in the batches a receiver got, in order. */
export function eventIdsIn(requests: readonly ReceivedRequest[]): string[] {
  return requests.flatMap((r) => (JSON.parse(r.body.toString()) as Array<{ msys: Record<string, { event_id: string }> }>).map((e) => Object.values(e.msys)[0]!.event_id));
}

export async function createHook(h: Harness, key: string, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const res = await h.api.post('/api/webhooks', key, { name: 'hook', auth_type: 'none', events_mode: 'all', ...body });
  if (res.status !== 201) throw new Error(`create webhook: ${res.status} ${res.text}`);
  return res.json.data;
}
