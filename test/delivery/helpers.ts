// Shared steps of the delivery tests: a sending domain published on the loopback DNS server and verified through
// the API, a send through POST /api/emails, and reads of the rows delivery writes.
import assert from 'node:assert/strict';
import type { DnsTestServer } from '../helpers/dns-server.js';
import type { Harness } from '../helpers/harness.js';

/** Adds the domain, publishes every record the API asks for, verifies it: it can send in relay and mx mode. */
export async function verifiedDomain(h: Harness, key: string, dns: DnsTestServer, domain: string): Promise<void> {
  const created = await h.api.post('/api/domains', key, { domain });
  assert.equal(created.status, 201, created.text);
  const records = (await h.api.get(`/api/domains/${domain}`, key)).json.data.dns.records as Array<{ name: string; type: 'TXT' | 'CNAME'; value: string }>;
  for (const r of records) dns.set(r.name, r.type, r.value);
  const verified = await h.api.post(`/api/domains/${domain}/verify`, key, {});
  assert.equal(verified.json.data.dkim_status, 'valid', verified.text);
}

export async function send(h: Harness, key: string, body: Record<string, unknown>): Promise<{ requestId: string; accepted: number; rejected: number }> {
  const res = await h.api.post('/api/emails', key, { subject: 'Hello', text: 'Plain body', ...body });
  assert.equal(res.status, 200, res.text);
  return { requestId: res.json.data.request_id, accepted: res.json.data.accepted, rejected: res.json.data.rejected };
}

export interface EventRow { type: string; recipient: string | null; data: Record<string, any> }

export async function eventsOf(h: Harness, requestId: string): Promise<EventRow[]> {
  const rows = await h.ctx.db.kysely.selectFrom('events').select(['type', 'recipient', 'data'])
    .where('request_id', '=', requestId).orderBy('id').execute();
  return rows.map((r) => ({ type: r.type, recipient: r.recipient, data: JSON.parse(r.data) }));
}

export async function statusesOf(h: Harness, requestId: string): Promise<Record<string, { status: string; attempts: number }>> {
  const rows = await h.ctx.db.kysely.selectFrom('message_recipients')
    .innerJoin('messages', 'messages.id', 'message_recipients.message_id')
    .select(['message_recipients.email', 'message_recipients.status', 'message_recipients.attempts'])
    .where('messages.request_id', '=', requestId).execute();
  return Object.fromEntries(rows.map((r) => [r.email, { status: r.status, attempts: r.attempts }]));
}

/** Runs due deliver jobs, then moves the test clock past the next retry and runs again, `rounds` times. */
export async function runRetries(h: Harness, rounds: number, stepMs: number): Promise<void> {
  await h.runJobs();
  for (let i = 0; i < rounds; i++) {
    h.clock.advance(stepMs);
    await h.runJobs();
  }
}
