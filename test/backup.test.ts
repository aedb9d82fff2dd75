// `lettr backup PATH` while the server runs, then a fresh server started from the copy (and the master key copied
// beside it): every message, key and domain is there, and every sealed secret still opens. SQLite only: PostgreSQL is
// backed up with its own tools.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { runLettr, startLettr } from './helpers/spawn.js';

const api = async (url: string, key: string, method: string, p: string, body?: unknown) => {
  const res = await fetch(url + p, { method, headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  return { status: res.status, json: (res.status === 204 ? null : await res.json()) as any };
};

test('lettr backup: a fresh server starts from the copy with every message, key and domain', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-backup-'));
  const live = path.join(root, 'live');
  const restored = path.join(root, 'restored');
  const copy = path.join(root, 'copy.db');
  const env = (dir: string) => ({ LETTR_DATA_DIR: dir, LETTR_PORT: '0', LETTR_MAILBOX_SMTP_PORT: '0' });
  let requestId = '';
  let second = '';
  const server = startLettr(['start'], env(live));
  try {
    const [, key] = await server.waitFor(/^\s+(lttr_[0-9A-Za-z]{64})$/m);
    const [, url] = await server.waitFor(/"url":"(http:\/\/[^"]+)"/);
    assert.equal((await api(url!, key!, 'POST', '/api/domains', { domain: 'backup.example.com' })).status, 201);
    const sent = await api(url!, key!, 'POST', '/api/emails', { from: 'a@backup.example.com', to: ['b@example.org'], subject: 'Kept', text: 'x' });
    assert.equal(sent.status, 200);
    requestId = sent.json.data.request_id;
    const made = await runLettr(['key', 'create', '--name', 'second', '--permission', 'sending', '--json'], env(live));
    assert.equal(made.code, 0, made.stderr);
    second = made.json.key;

    const backup = await runLettr(['backup', copy, '--json'], env(live));
    assert.equal(backup.code, 0, backup.stderr);
    assert.equal(backup.json.path, copy);
    assert.equal(backup.json.master_key, `${copy}.master.key`);
    assert.equal(fs.statSync(`${copy}.master.key`).mode & 0o777, 0o600);
    const refused = await runLettr(['backup', copy], env(live));
    assert.equal(refused.code, 2, 'an existing file is never overwritten');
    assert.match(refused.stderr, /already exists/);

    server.child.kill('SIGTERM');
    assert.equal(await server.exited, 0);

    fs.mkdirSync(restored);
    fs.copyFileSync(copy, path.join(restored, 'lettr.db'));
    fs.copyFileSync(`${copy}.master.key`, path.join(restored, 'master.key'));
    const again = startLettr(['start'], env(restored));
    try {
      const [, url2] = await again.waitFor(/"url":"(http:\/\/[^"]+)"/);
      assert.ok(!/lttr_[0-9A-Za-z]{64}/.test(again.output()), 'not a fresh bootstrap: the team and key came back');
      const check = await api(url2!, key!, 'GET', '/api/auth/check');
      assert.equal(check.status, 200, 'the bootstrap key works');
      assert.equal((await api(url2!, second, 'GET', '/api/auth/check')).status, 200, 'the key made before the backup works');
      const domain = await api(url2!, key!, 'GET', '/api/domains/backup.example.com');
      assert.equal(domain.status, 200);
      assert.equal(domain.json.data.domain, 'backup.example.com');
      const email = await api(url2!, key!, 'GET', `/api/emails/${requestId}`);
      assert.equal(email.status, 200);
      const rotated = await runLettr(['secrets', 'rotate', '--json'], env(restored));
      assert.equal(rotated.code, 0, `every sealed secret (DKIM keys) opens with the copied master key: ${rotated.stderr}`);
      assert.ok(rotated.json.resealed >= 1);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  } finally {
    server.child.kill('SIGTERM');
    await server.exited;
    fs.rmSync(root, { recursive: true, force: true });
  }
});
