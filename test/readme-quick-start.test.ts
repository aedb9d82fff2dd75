// README's quick start, taken from README itself and run as pasted: a fresh data dir, `lettr start` (what `npm start`
// runs), then every command of the second-terminal block through bash, twice in a row, each answer compared with the
// `# → …` line under it (`# again → …` for the second run when it differs; `…` matches anything).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { cleanEnv, ENTRY, REPO, startLettr } from './helpers/spawn.js';

interface QuickStep { command: string; first: RegExp; again: RegExp }

const pattern = (text: string) =>
  new RegExp(`^${text.split('…').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\\t/g, '\t')).join('[\\s\\S]*')}$`);

/** The shell block of the quick start that runs against the server (the one exporting LETTR_KEY). */
function quickStartSteps(readme: string): { steps: QuickStep[]; block: string } {
  const section = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('\n## ', readme.indexOf('## Quick start') + 5));
  const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  assert.deepEqual(blocks[0]!.trim().split('\n'), ['npm install', 'npm start'], 'the quick start begins with npm install + npm start');
  const block = blocks.find((b) => b.includes('export LETTR_KEY='));
  assert.ok(block, 'a quick-start block exports LETTR_KEY');
  const steps: QuickStep[] = [];
  let pending = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('# → ')) {
      const p = pattern(line.slice(4));
      steps[steps.length - 1] = { ...steps[steps.length - 1]!, first: p, again: p };
    } else if (line.startsWith('# again → ')) {
      steps[steps.length - 1]!.again = pattern(line.slice('# again → '.length));
    } else if (line.trim() && !line.startsWith('#')) {
      pending += line.endsWith('\\') ? line.slice(0, -1) + ' ' : line;
      if (!line.endsWith('\\')) {
        if (!pending.startsWith('export LETTR_KEY=')) steps.push({ command: pending, first: /^$/, again: /^$/ });
        pending = '';
      }
    }
  }
  return { steps, block };
}

function bash(command: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: REPO, env: { ...cleanEnv(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

test('README quick start works as pasted, twice in a row, on a fresh data dir', async () => {
  const { steps } = quickStartSteps(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8'));
  assert.ok(steps.length >= 4, `quick start steps: ${steps.map((s) => s.command).join(' | ')}`);
  for (const s of steps) assert.notEqual(String(s.first), '/^$/', `"${s.command}" has no "# → answer" line under it`);

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-quick-'));
  const env = { LETTR_DATA_DIR: dataDir, LETTR_PORT: '0', LETTR_MAILBOX_SMTP_PORT: '0' };
  const server = startLettr(['start'], env);
  try {
    const [, key] = await server.waitFor(/^\s+(lttr_[0-9A-Za-z]{64})$/m);
    const [, url] = await server.waitFor(/"url":"(http:\/\/[^"]+)"/);
    // The banner prints the same commands with this server's key and URL.
    assert.match(server.output(), new RegExp(`export LETTR_KEY=${key}`));
    assert.match(server.output(), /Team 1 and a Full Access API key/);
    const lettr = [process.execPath, ...ENTRY].map((a) => `'${a}'`).join(' ');
    for (const run of ['first', 'again'] as const) {
      for (const step of steps) {
        // Only the port differs (tests never take a fixed port) and `npx lettr` runs this checkout's CLI.
        const command = step.command.replaceAll('http://localhost:3000', url!).replace(/^npx lettr\b/, lettr);
        const expected = run === 'first' ? step.first : step.again;
        let out = await bash(command, { ...env, LETTR_KEY: key! });
        // Delivery to the built-in mailbox happens a moment after the 200: a user would look again.
        for (let i = 0; i < 50 && !expected.test(out.stdout.trim()); i++) {
          if (!step.command.startsWith('npx lettr')) break;
          await new Promise((r) => setTimeout(r, 200));
          out = await bash(command, { ...env, LETTR_KEY: key! });
        }
        assert.equal(out.code, 0, `${run}: ${step.command}\n${out.stderr}`);
        assert.match(out.stdout.trim(), expected, `${run}: ${step.command}`);
      }
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
