// Measurements → the one result object `--json` prints, and the human-readable table. Pure.
import { percentile, ratio, round } from './stats.js';

export interface Measurements {
  db: 'sqlite' | 'postgres';
  n: number;
  connections: number;
  durationS: number;
  baseline: { okPerS: number; p99Ms: number } | null;
  ingest: { okPerS: number; p50Ms: number; p99Ms: number; refused: Record<string, number> } | null;
  e2e: {
    accepted: number; delivered: number; duplicates: number; lost: number; elapsedMs: number; submitMs: number;
    latenciesMs: number[]; dbBytes: number;
  } | null;
  postfix: { delivered: number; elapsedMs: number; injectMs: number } | null;
  peakRssMb: number | null;
  queued: { count: number; rssMb: number | null } | null;
  /** Audience import, campaign fan-out, and transactional latency idle vs while the campaign drains. */
  campaign?: {
    contacts: number; importMs: number; fanoutMs: number; queued: number; peakRssMb: number | null;
    idleLatenciesMs: number[]; drainLatenciesMs: number[];
  } | null;
  machine: { cpus: number; model: string; memoryGb: number; node: string; kernel: string };
  notes: string[];
}

export function buildReport(m: Measurements) {
  const apiAccept = m.ingest ? m.ingest.okPerS : null;
  const e2eRate = m.e2e && m.e2e.delivered > 0 ? (m.e2e.delivered * 1000) / m.e2e.elapsedMs : null;
  const postfixRate = m.postfix ? (m.postfix.delivered * 1000) / m.postfix.elapsedMs : null;
  return {
    db: m.db,
    n: m.n,
    connections: m.connections,
    duration_s: m.durationS,
    api_accept_per_s: round(apiAccept),
    api_p50_ms: m.ingest ? round(m.ingest.p50Ms) : null,
    api_p99_ms: m.ingest ? round(m.ingest.p99Ms) : null,
    baseline_rps: m.baseline ? round(m.baseline.okPerS) : null,
    api_ratio: round(ratio(apiAccept, m.baseline?.okPerS ?? null), 3),
    e2e_delivered_per_s: round(e2eRate),
    e2e_submit_per_s: m.e2e ? round((m.e2e.accepted * 1000) / m.e2e.submitMs) : null,
    e2e_p50_ms: m.e2e ? round(percentile(m.e2e.latenciesMs, 50)) : null,
    e2e_p99_ms: m.e2e ? round(percentile(m.e2e.latenciesMs, 99)) : null,
    e2e_accepted: m.e2e?.accepted ?? null,
    e2e_delivered: m.e2e?.delivered ?? null,
    e2e_duplicates: m.e2e?.duplicates ?? null,
    e2e_lost: m.e2e?.lost ?? null,
    postfix_delivered_per_s: round(postfixRate),
    vs_postfix: round(ratio(e2eRate, postfixRate), 3),
    peak_rss_mb: round(m.peakRssMb),
    queued: m.queued?.count ?? null,
    queued_rss_mb: m.queued ? round(m.queued.rssMb) : null,
    db_bytes_per_10k: m.e2e && m.e2e.accepted > 0 ? Math.round((m.e2e.dbBytes / m.e2e.accepted) * 10_000) : null,
    campaign_contacts: m.campaign?.contacts ?? null,
    import_contacts_per_s: m.campaign ? round((m.campaign.contacts * 1000) / m.campaign.importMs) : null,
    fanout_queued_per_s: m.campaign ? round((m.campaign.queued * 1000) / m.campaign.fanoutMs) : null,
    fanout_peak_rss_mb: m.campaign ? round(m.campaign.peakRssMb) : null,
    tx_idle_p50_ms: m.campaign ? round(percentile(m.campaign.idleLatenciesMs, 50)) : null,
    tx_idle_p99_ms: m.campaign ? round(percentile(m.campaign.idleLatenciesMs, 99)) : null,
    tx_drain_p50_ms: m.campaign ? round(percentile(m.campaign.drainLatenciesMs, 50)) : null,
    tx_drain_p99_ms: m.campaign ? round(percentile(m.campaign.drainLatenciesMs, 99)) : null,
    machine: m.machine,
    notes: m.notes,
  };
}

export type Report = ReturnType<typeof buildReport>;

const show = (v: unknown, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit}`);

export function formatReport(r: Report): string {
  const mb = (bytes: number | null) => (bytes === null ? null : round(bytes / 1024 / 1024, 1));
  return [
    `Lettr bench — ${r.db}, ${r.machine.cpus} × ${r.machine.model}, ${r.machine.memoryGb} GB, Node ${r.machine.node}`,
    '',
    `API ingestion (${r.connections} connections, ${r.duration_s} s, 5 KB emails, 1 recipient)`,
    `  accepted/s          ${show(r.api_accept_per_s)}   p50 ${show(r.api_p50_ms, ' ms')}   p99 ${show(r.api_p99_ms, ' ms')}`,
    `  GET /api/health     ${show(r.baseline_rps)} req/s (baseline)   ratio ${show(r.api_ratio)}`,
    `End to end (${r.n} emails → loopback sink)`,
    `  delivered/s         ${show(r.e2e_delivered_per_s)}   (submitted at ${show(r.e2e_submit_per_s)}/s)`,
    `  accept→sink         p50 ${show(r.e2e_p50_ms, ' ms')}   p99 ${show(r.e2e_p99_ms, ' ms')}`,
    `  accepted ${show(r.e2e_accepted)}, delivered ${show(r.e2e_delivered)}, duplicates ${show(r.e2e_duplicates)}, lost ${show(r.e2e_lost)}`,
    `Postfix peer (same ${r.n} messages, smtp-source → private Postfix → same sink)`,
    `  delivered/s         ${show(r.postfix_delivered_per_s)}   Lettr/Postfix ${show(r.vs_postfix)}`,
    `Footprint`,
    `  peak RSS            ${show(r.peak_rss_mb, ' MB')}`,
    `  RSS, ${show(r.queued)} queued  ${show(r.queued_rss_mb, ' MB')}`,
    `  database / 10k msgs ${show(mb(r.db_bytes_per_10k), ' MB')}`,
    `Audience and campaigns (${show(r.campaign_contacts)} contacts)`,
    `  bulk import         ${show(r.import_contacts_per_s)} contacts/s`,
    `  fan-out             ${show(r.fanout_queued_per_s)} recipients queued/s   peak RSS ${show(r.fanout_peak_rss_mb, ' MB')}`,
    `  transactional idle  p50 ${show(r.tx_idle_p50_ms, ' ms')}   p99 ${show(r.tx_idle_p99_ms, ' ms')}`,
    `  … while it drains   p50 ${show(r.tx_drain_p50_ms, ' ms')}   p99 ${show(r.tx_drain_p99_ms, ' ms')}`,
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}
