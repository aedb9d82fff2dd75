// The dashboard's speed bar (design "Quality bars"): the JavaScript the first screen needs, gzipped, stays within
// 300 KB. The first screen is the entry chunk with its static imports plus the landing route (Overview) and its
// static imports, as Vite's build manifest lists them; other routes load on demand, and so do the overview's charts
// (the charting library alone is ~135 KB gzipped: the numbers and tables paint first, the charts follow).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test } from 'node:test';
import { ensureDashboardBuilt } from '../helpers/chromium.js';

const BUDGET_BYTES = 300 * 1024;
const DIST = path.resolve('web/dist');

interface Chunk { file: string; imports?: string[]; isEntry?: boolean; src?: string }

test('the first screen loads at most 300 KB of gzipped JavaScript; routes are split', async () => {
  await ensureDashboardBuilt();
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8')) as Record<string, Chunk>;
  const files = new Set<string>();
  const walk = (key: string) => {
    const c = manifest[key];
    assert.ok(c, `manifest entry ${key}`);
    if (files.has(c.file)) return;
    files.add(c.file);
    for (const i of c.imports ?? []) walk(i);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
  walk(entry);
  walk('src/overview/OverviewPage.tsx');
  const gz = [...files].reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length, 0);
  const charts = manifest['src/overview/Charts.tsx'];
  assert.ok(charts && !files.has(charts.file), 'the charts are a chunk of their own');
  const chartsGz = zlib.gzipSync(fs.readFileSync(path.join(DIST, charts.file)), { level: 9 }).length;
  console.log(`[budget] first screen: ${files.size} JS files, ${(gz / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_BYTES / 1024} KB); the overview's charts follow: ${(chartsGz / 1024).toFixed(1)} KB`);
  assert.ok(gz <= BUDGET_BYTES, `first screen JS is ${(gz / 1024).toFixed(1)} KB gzipped`);
  const lazy = Object.values(manifest).filter((c) => c.src && /Page\.tsx$/.test(c.src) && !files.has(c.file));
  assert.ok(lazy.length >= 5, 'other screens are separate chunks loaded on demand');
});
