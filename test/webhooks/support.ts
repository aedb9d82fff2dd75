// Shared steps for webhook behaviour tests: record events the way the send pipeline does, and pump the queues.
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

/** Run fan-out and dispatch until nothing is due (the fan-out job row exists once a worker starts; tests make it). */
export async function pump(h: Harness): Promise<number> {
  await ensureRecurring(h.ctx, 'webhooks.fanout');
  return h.runJobs();
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
