// The audience and campaign rows: bulk import of `contacts` contacts through POST /api/audience/contacts/bulk,
// the fan-out of one campaign to all of them (recipients queued per second, the process's peak RSS), and the
// accept→sink latency of transactional sends on an idle server versus while that campaign drains.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { REPO, type RunningLettr } from './lettr.js';
import { submitEmails } from './load.js';
import { BENCH_FROM } from './message.js';
import type { Sink } from './sink/client.js';

const TX_SAMPLES = 300;

async function api(l: RunningLettr, method: string, p: string, body?: unknown): Promise<any> {
  const res = await fetch(`${l.url}/api${p}`, {
    method,
    headers: { authorization: `Bearer ${l.key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (res.status >= 400) throw new Error(`${method} ${p} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function campaignRows(l: RunningLettr, sink: Sink, contacts: number, source: boolean) {
  const teamId = (await api(l, 'GET', '/auth/check')).data.team_id as number;
  const list = (await api(l, 'POST', '/audience/lists', { name: 'Bench audience' })).data.id as string;

  // Import: 1 000 per request (the contract's maximum), 4 requests in flight.
  const t0 = Date.now();
  let next = 0;
  const importer = async () => {
    while (next < contacts) {
      const from = next;
      next += 1000;
      const emails = Array.from({ length: Math.min(1000, contacts - from) }, (_, i) => `c${from + i}@sink.bench.test`);
      await api(l, 'POST', '/audience/contacts/bulk', { emails, list_id: list });
    }
  };
  await Promise.all(Array.from({ length: 4 }, importer));
  const importMs = Date.now() - t0;

  // Idle: transactional sends with nothing else going on.
  await sink.reset();
  let arrived = sink.waitFor(TX_SAMPLES, 300_000);
  await submitEmails({ url: l.url, key: l.key, n: TX_SAMPLES, connections: 2, first: 30_000_000 });
  await arrived;
  const idleLatenciesMs = (await sink.stats()).latencies;

  // The campaign, created by the CLI against the same database.
  const cli = source ? ['--import', 'tsx', path.join(REPO, 'src/cli/run.ts')] : [path.join(REPO, 'dist/cli/run.js')];
  const out = execFileSync(process.execPath, [...cli, 'campaign', 'create', '--team', String(teamId), '--name', 'Bench', '--from', BENCH_FROM,
    '--subject', 'Bench campaign', '--html', '<p>Hello {{email}}</p><p><a href="{{unsubscribe_link}}">Unsubscribe</a></p>', '--list', list, '--json'],
  { cwd: REPO, env: { ...process.env, LETTR_DATA_DIR: l.dataDir, LETTR_DATABASE_URL: l.databaseUrl, LETTR_LOG_LEVEL: 'warn' }, encoding: 'utf8' });
  const id = JSON.parse(out).id as string;

  // Send; transactional mail goes out alongside while the fan-out runs and the bulk lane drains.
  await sink.reset();
  arrived = sink.waitFor(TX_SAMPLES, 600_000);
  const f0 = Date.now();
  await api(l, 'POST', `/campaigns/${id}/send`);
  const tx = submitEmails({ url: l.url, key: l.key, n: TX_SAMPLES, connections: 2, first: 40_000_000 });
  let c: any;
  for (;;) {
    c = (await api(l, 'GET', `/campaigns/${id}`)).data;
    if (c.status === 'sent' || c.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const fanoutMs = Date.now() - f0;
  await tx;
  await arrived;
  const drainLatenciesMs = (await sink.stats()).latencies;
  return { contacts, importMs, fanoutMs, queued: c.sent_count as number, peakRssMb: l.peakRssMb(), idleLatenciesMs, drainLatenciesMs, status: c.status as string };
}
