// README's configuration table is the documentation of VARIABLES; keep them equal.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { VARIABLES } from '../src/config/index.js';
import { REPO } from './helpers/spawn.js';

test('every configuration variable has a row in README, and every row is a real variable', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| `(LETTR_[A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
  for (const v of VARIABLES) assert.ok(rows.includes(v.name), `${v.name} is missing from README's configuration table`);
  for (const r of rows) assert.ok(VARIABLES.some((v) => v.name === r), `README documents ${r}, which the config does not read`);
  assert.match(readme, /npm install\s*\nnpm start/);
  assert.match(readme, /npm test/);
});

test('nothing outside the repository is read: a clean clone runs on its own', () => {
  const offenders: string[] = [];
  for (const dir of ['src', 'test', 'bench', 'scripts']) {
    const root = path.join(REPO, dir);
    if (!fs.existsSync(root)) continue;
    for (const f of fs.readdirSync(root, { recursive: true })) {
      const file = path.join(root, String(f));
      if (!/\.(ts|mjs|js)$/.test(file) || file.endsWith('readme.test.ts')) continue;
      if (/\.\.\/shared\//.test(fs.readFileSync(file, 'utf8'))) offenders.push(path.relative(REPO, file));
    }
  }
  assert.deepEqual(offenders, [], 'use contract/lettr-openapi.json (the repository copy), not ../shared');
});

test('deploy/ holds what README names, and the units start the real executable with a role', () => {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  for (const file of ['lettr.service', 'lettr-worker@.service', 'lettr.env.example', 'Caddyfile', 'nginx.conf']) {
    assert.ok(fs.existsSync(path.join(REPO, 'deploy', file)), `deploy/${file}`);
    assert.ok(readme.includes(`\`${file}\``), `README names deploy/${file}`);
  }
  assert.match(fs.readFileSync(path.join(REPO, 'deploy/lettr.service'), 'utf8'), /^ExecStart=\/usr\/bin\/node \/opt\/lettr\/bin\/lettr\.js start --role \$\{LETTR_ROLE\}$/m);
  assert.match(fs.readFileSync(path.join(REPO, 'deploy/lettr-worker@.service'), 'utf8'), /lettr\.js start --role worker/);
  const env = fs.readFileSync(path.join(REPO, 'deploy/lettr.env.example'), 'utf8');
  for (const [, name] of env.matchAll(/^#?\s*(LETTR_[A-Z_]+)=/gm)) assert.ok(name === 'LETTR_ROLE' || VARIABLES.some((v) => v.name === name), `${name} in lettr.env.example is a real variable`);
});
