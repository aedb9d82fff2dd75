#!/usr/bin/env node
// `npm test`: typecheck (server and web/), then every *.test.ts under src/, test/ and bench/ (fault scenarios live in test/faults and run
// with `npm run test:faults`, one file at a time: one of them restarts the shared PostgreSQL server). Runs on SQLite, and also on PostgreSQL when LETTR_TEST_POSTGRES_URL is set.
// Usage: node scripts/test.mjs [--faults] [--no-typecheck] [file-or-dir ...]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const faults = args.includes('--faults');
const typecheck = !args.includes('--no-typecheck');
const targets = args.filter((a) => !a.startsWith('--'));

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  if (fs.statSync(dir).isFile()) return [dir];
  return fs.readdirSync(dir, { recursive: true })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => f.endsWith('.test.ts') && !f.includes('node_modules'))
    .filter((f) => faults === f.split(path.sep).includes('faults'))
    .sort();
}

const roots = targets.length ? targets : faults ? ['test/faults'] : ['src', 'test', 'bench'];
const files = roots.flatMap(findTests);
if (files.length === 0) {
  console.error('no test files found');
  process.exit(1);
}

// One compiler pass type-checks everything and emits JavaScript into .tmp/build, which tests that spawn the `lettr` CLI
// run (node starts it in a fraction of a second; through tsx each child spent seconds compiling the whole tree).
const BUILD_DIR = path.resolve('.tmp/build');
if (typecheck) {
  const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--outDir', BUILD_DIR,
    '--incremental', '--tsBuildInfoFile', path.join(BUILD_DIR, '.tsbuildinfo'), '--sourceMap', 'false', '--declaration', 'false'], { stdio: 'inherit' });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  // The dashboard (web/) has its own compiler settings (DOM, bundler resolution).
  const web = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'web/tsconfig.json'], { stdio: 'inherit' });
  if (web.status !== 0) process.exit(web.status ?? 1);
  process.env.LETTR_TEST_BUILD_DIR = BUILD_DIR;
}

const dbs = process.env.LETTR_TEST_POSTGRES_URL ? 'SQLite and PostgreSQL' : 'SQLite only (set LETTR_TEST_POSTGRES_URL for PostgreSQL too)';
console.log(`running ${files.length} test file(s) on ${dbs}`);
const concurrency = process.env.LETTR_TEST_CONCURRENCY ?? (faults ? '1' : String(Math.max(2, os.availableParallelism())));
const run = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' });
process.exit(run.status ?? 1);
