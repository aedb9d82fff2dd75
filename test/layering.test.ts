// The dependency picture of docs/ARCHITECTURE.md, checked: the kernel (src/http) imports no capability, and only the
// CLI and the package entry point import the composition root (src/server). A cycle between a capability and the
// composition root (mailbox/service ↔ server/services used to be one) fails here.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

const SRC = path.resolve('src');
const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true }).map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f));
}

/** Top-level folder under src/ that a relative import from `file` lands in, or null for packages. */
function targetFolder(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const rel = path.relative(SRC, path.resolve(path.dirname(file), spec));
  return rel.includes(path.sep) ? rel.split(path.sep)[0]! : '.';
}

const ownFolder = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => targetFolder(file, m[1]!)).filter((f): f is string => f !== null);
}

const KERNEL_MAY_IMPORT = new Set(['http', 'config', 'db', 'secrets']);

test('the http kernel imports no capability and not the composition root', () => {
  const offenders = sourceFiles(path.join(SRC, 'http'))
    .flatMap((f) => importsOf(f).filter((t) => !KERNEL_MAY_IMPORT.has(t)).map((t) => `${path.relative(SRC, f)} → ${t}/`));
  assert.deepEqual(offenders, []);
});

test('only the CLI and the package entry import the composition root', () => {
  const offenders = sourceFiles(SRC)
    .filter((f) => !['server', 'cli', 'index.ts'].includes(ownFolder(f)))
    .flatMap((f) => importsOf(f).filter((t) => t === 'server').map(() => path.relative(SRC, f)));
  assert.deepEqual(offenders, []);
});
