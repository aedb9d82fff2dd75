// The package's root directory (where package.json says "lettr"), found upward from this file, so the same code works
// from src/ (tsx), dist/ (installed) and the tests' build directory.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file) && (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string }).name === 'lettr') return (root = dir);
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the lettr package root');
    dir = up;
  }
}

export const packageVersion = (): string =>
  (JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
