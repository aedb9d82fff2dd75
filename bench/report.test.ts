import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildReport, formatReport, type Measurements } from './report.js';
import { percentile } from './stats.js';

const machine = { cpus: 2, model: 'cpu', memoryGb: 4, node: '20', kernel: 'k' };
const base: Measurements = {
  db: 'sqlite', n: 1000, connections: 50, durationS: 10, baseline: null, ingest: null, e2e: null, postfix: null,
  peakRssMb: null, queued: null, machine, notes: [],
};

test('percentile: nearest rank', () => {
  assert.equal(percentile([5, 1, 4, 2, 3], 50), 3);
  assert.equal(percentile([5, 1, 4, 2, 3], 99), 5);
  assert.equal(percentile(Array.from({ length: 100 }, (_, i) => i + 1), 99), 99);
  assert.equal(percentile([], 50), null);
});

test('the report carries every field of the issue, with ratios from the measurements', () => {
  const r = buildReport({
    ...base,
    baseline: { okPerS: 4000, p99Ms: 30 },
    ingest: { okPerS: 2000, p50Ms: 10, p99Ms: 40, refused: {} },
    e2e: { accepted: 1000, delivered: 1000, duplicates: 0, lost: 0, elapsedMs: 2000, submitMs: 1000, latenciesMs: [10, 20, 30], dbBytes: 5_000_000 },
    postfix: { delivered: 1000, elapsedMs: 4000, injectMs: 3000 },
    peakRssMb: 123.45,
  });
  for (const field of ['api_accept_per_s', 'baseline_rps', 'api_ratio', 'api_p99_ms', 'e2e_delivered_per_s', 'e2e_p50_ms', 'e2e_p99_ms', 'postfix_delivered_per_s', 'vs_postfix', 'peak_rss_mb', 'db', 'n']) {
    assert.ok(field in r, field);
  }
  assert.equal(r.api_ratio, 0.5);
  assert.equal(r.e2e_delivered_per_s, 500);
  assert.equal(r.postfix_delivered_per_s, 250);
  assert.equal(r.vs_postfix, 2);
  assert.equal(r.db_bytes_per_10k, 50_000_000);
  assert.match(formatReport(r), /Lettr\/Postfix 2/);
});

test('missing rows are null, never invented', () => {
  const r = buildReport(base);
  assert.equal(r.postfix_delivered_per_s, null);
  assert.equal(r.vs_postfix, null);
  assert.equal(r.api_ratio, null);
  assert.match(formatReport(r), /n\/a/);
});
