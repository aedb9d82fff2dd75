// `npm run bench`: Lettr's API ingestion, end-to-end delivery and footprint, with a private Postfix relaying the same
// mail to the same sink as the peer. Every phase starts from a fresh data directory (or a fresh PostgreSQL database).
// See README "Performance" and bench/args.ts for the flags.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDnsServer, type DnsTestServer } from '../test/helpers/dns-server.js';
import { parseArgs, runs, type BenchOptions } from './args.js';
import { campaignRows } from './campaign.js';
import { hammer, submitEmails } from './load.js';
import { REPO, startLettr, type RunningLettr } from './lettr.js';
import { benchEmail } from './message.js';
import { composeSample } from './sample.js';
import { postfixAvailable, startPostfix, whyNoPostfix } from './postfix.js';
import { buildReport, formatReport, type Measurements } from './report.js';
import { addVerifiedDomain } from './setup.js';
import { startSink, type Sink } from './sink/client.js';

const progress = (o: BenchOptions, text: string) => {
  if (!o.json || process.stderr.isTTY) process.stderr.write(`bench: ${text}\n`);
};

function machine(): Measurements['machine'] {
  const cpus = os.cpus();
  return {
    cpus: cpus.length, model: (cpus[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.versions.node, kernel: os.release(),
  };
}

interface Env { sink: Sink; dns: DnsTestServer; delivery: boolean; o: BenchOptions; notes: string[]; peak: number }

/** A fresh Lettr relaying to the sink (or to `relayPort`), with the bench domain verified. */
async function lettr(env: Env, relayPort = env.sink.port): Promise<RunningLettr> {
  const deliveryEnv: Record<string, string> = env.delivery
    ? { LETTR_DELIVERY: 'relay', LETTR_RELAY_URL: `smtp://127.0.0.1:${relayPort}`, LETTR_DNS_SERVERS: env.dns.address }
    : { LETTR_DELIVERY: 'local', LETTR_DNS_SERVERS: env.dns.address };
  const l = await startLettr({ db: env.o.db, postgresUrl: env.o.postgresUrl, env: { ...deliveryEnv, ...env.o.lettrEnv }, source: env.o.source, cpuProfDir: env.o.cpuProf });
  try {
    await addVerifiedDomain(l.url, l.key, env.dns);
  } catch (err) {
    await l.stop();
    throw err;
  }
  return l;
}

async function stopAndRecord(env: Env, l: RunningLettr): Promise<void> {
  env.peak = Math.max(env.peak, l.peakRssMb() ?? 0);
  await l.stop();
}

async function ingestion(env: Env, m: Measurements): Promise<void> {
  const { o } = env;
  const l = await lettr(env);
  try {
    if (runs(o, 'baseline')) {
      progress(o, `baseline: GET /api/health, ${o.connections} connections, ${o.durationS} s`);
      m.baseline = await hammer({ url: `${l.url}/api/health`, method: 'GET', connections: o.connections, durationS: o.durationS });
    }
    if (!runs(o, 'ingest')) return;
    progress(o, `ingestion: POST /api/emails, ${o.connections} connections, ${o.durationS} s`);
    const r = await hammer({ url: `${l.url}/api/emails`, method: 'POST', key: l.key, emails: true, connections: o.connections, durationS: o.durationS });
    const refused = Object.fromEntries(Object.entries(r.statusCodes).filter(([c]) => !c.startsWith('2')));
    if (r.errors) refused.errors = r.errors;
    m.ingest = { okPerS: r.okPerS, p50Ms: r.p50Ms, p99Ms: r.p99Ms, refused };
    if (Object.keys(refused).length) env.notes.push(`ingestion refusals: ${JSON.stringify(refused)}`);
  } finally {
    await stopAndRecord(env, l);
  }
}

async function endToEnd(env: Env, m: Measurements, sampleFile: string): Promise<void> {
  const { o, sink } = env;
  const l = await lettr(env);
  try {
    await sink.reset();
    const before = await l.databaseBytes();
    progress(o, `end to end: ${o.n} emails over ${o.connections} connections until the sink has them all`);
    const arrived = sink.waitFor(o.n, Math.max(300_000, o.n * 50));
    const sent = await submitEmails({ url: l.url, key: l.key, n: o.n, connections: o.connections });
    if (sent.accepted < o.n) env.notes.push(`end to end: ${o.n - sent.accepted} submissions refused: ${JSON.stringify(sent.refused)}`);
    const lastAt = sent.accepted === o.n ? await arrived : await settle(sink, sent.accepted);
    const stats = await sink.stats();
    const received = new Set(stats.seqs);
    const lost = [...sent.requestIds.keys()].filter((seq) => !received.has(seq)).length;
    m.e2e = {
      accepted: sent.accepted, delivered: stats.unique, duplicates: stats.duplicates, lost,
      elapsedMs: lastAt - sent.startedAt, submitMs: sent.finishedAt - sent.startedAt,
      latenciesMs: stats.latencies, dbBytes: (await l.databaseBytes()) - before,
    };
    await sink.sample(sampleFile);
  } finally {
    await stopAndRecord(env, l);
  }
}

/** When some submissions were refused the target count is never reached: wait until arrivals stop. */
async function settle(sink: Sink, expected: number): Promise<number> {
  let last = -1;
  for (;;) {
    await new Promise((r) => setTimeout(r, 2000));
    const s = await sink.stats();
    if (s.messages >= expected || s.messages === last) return s.lastAt ?? Date.now();
    last = s.messages;
  }
}

async function postfixPeer(env: Env, m: Measurements, sampleFile: string): Promise<void> {
  const { o, sink } = env;
  if (!o.postfix) return void env.notes.push('Postfix row skipped (--no-postfix)');
  if (!postfixAvailable()) return void env.notes.push(`Postfix row skipped: ${whyNoPostfix()}`);
  // smtp-source -F sends the file's lines with CRLF appended: give it LF lines.
  const lfFile = `${sampleFile}.lf`;
  fs.writeFileSync(lfFile, fs.readFileSync(sampleFile, 'latin1').replace(/\r\n/g, '\n'), 'latin1');
  await sink.reset();
  const pf = await startPostfix(sink.port);
  try {
    progress(o, `Postfix peer: ${o.n} messages of ${fs.statSync(sampleFile).size} bytes through smtp-source → Postfix → sink`);
    const t0 = Date.now();
    const arrived = sink.waitFor(o.n, Math.max(300_000, o.n * 50));
    await pf.inject(lfFile, o.n, o.connections);
    const injectMs = Date.now() - t0;
    const lastAt = await arrived;
    m.postfix = { delivered: o.n, elapsedMs: lastAt - t0, injectMs };
  } finally {
    await pf.stop();
  }
}

/** RSS while `queued` emails wait in the queue: the relay is a port nobody listens on, so every attempt defers. */
async function backlog(env: Env, m: Measurements): Promise<void> {
  const { o } = env;
  if (o.queued === 0 || !runs(o, 'backlog')) return;
  const l = await lettr(env, 9 /* discard: nothing listens on 127.0.0.1:9 */);
  try {
    progress(o, `backlog: ${o.queued} emails queued behind an unreachable relay`);
    const sent = await submitEmails({ url: l.url, key: l.key, n: o.queued, connections: o.connections, first: 10_000_000 });
    // Let the worker chew through its first attempts on the backlog before reading the high-water mark.
    await new Promise((r) => setTimeout(r, 5000));
    m.queued = { count: sent.accepted, rssMb: l.peakRssMb() };
  } finally {
    await stopAndRecord(env, l);
  }
}

async function campaign(env: Env, m: Measurements): Promise<void> {
  const { o } = env;
  if (!env.delivery || !runs(o, 'campaign')) return;
  const l = await lettr(env);
  try {
    progress(o, `campaign: import ${o.contacts} contacts, fan one campaign out to them, transactional latency idle vs draining`);
    const r = await campaignRows(l, env.sink, o.contacts, o.source);
    if (r.status !== 'sent') env.notes.push(`campaign ended ${r.status}`);
    m.campaign = r;
  } finally {
    await stopAndRecord(env, l);
  }
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2), process.env);
  if (o.build) {
    progress(o, 'building dist/ (npm run build)');
    execFileSync(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, stdio: 'inherit' });
  }
  const delivery = fs.existsSync(path.join(REPO, o.source ? 'src' : 'dist', 'delivery'));
  const notes: string[] = [];
  if (!delivery) notes.push('this build has no delivery capability: end-to-end and Postfix rows skipped, ingestion ran in local mode');
  const m: Measurements = {
    db: o.db, n: o.n, connections: o.connections, durationS: o.durationS, baseline: null, ingest: null, e2e: null,
    postfix: null, peakRssMb: null, queued: null, machine: machine(), notes,
  };
  const sink = await startSink();
  const dns = await startDnsServer();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-bench-run-'));
  const env: Env = { sink, dns, delivery, o, notes, peak: 0 };
  try {
    if (runs(o, 'baseline') || runs(o, 'ingest')) await ingestion(env, m);
    const sampleFile = path.join(work, 'message.eml');
    if (delivery && runs(o, 'e2e')) await endToEnd(env, m, sampleFile);
    if (!fs.existsSync(sampleFile)) fs.writeFileSync(sampleFile, await composeSample(benchEmail(0, Date.now())));
    if (delivery && runs(o, 'postfix')) await postfixPeer(env, m, sampleFile);
    await backlog(env, m);
    await campaign(env, m);
  } finally {
    await sink.stop();
    await dns.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
  m.peakRssMb = env.peak || null;
  const report = buildReport(m);
  process.stdout.write(o.json ? `${JSON.stringify(report)}\n` : `${formatReport(report)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
