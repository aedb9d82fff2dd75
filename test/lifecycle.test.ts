// `lettr start` as a newcomer runs it: first start bootstraps a team and prints a key once (never into the log),
// the key works at once, a restart does not print it again, and SIGTERM drains an in-flight request then exits 0.
import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { startLettr } from './helpers/spawn.js';

forEachDatabase('server lifecycle', (db) => {
  const env = () => ({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir, LETTR_PORT: '0', LETTR_MAILBOX_SMTP_PORT: '0' });

  test('first start prints a working key once; a restart does not', async () => {
    const first = startLettr(['start'], env());
    try {
      const [, key] = await first.waitFor(/^\s+(lttr_[0-9A-Za-z]{64})$/m);
      const [, url] = await first.waitFor(/"url":"(http:\/\/[^"]+)"/);
      const res = await fetch(`${url}/api/auth/check`, { headers: { authorization: `Bearer ${key}` } });
      assert.equal(res.status, 200);
      assert.equal(((await res.json()) as { data: { team_id: number } }).data.team_id, 1);
      const logLines = first.output().split('\n').filter((l) => l.startsWith('{'));
      assert.ok(logLines.length > 0);
      assert.ok(!logLines.some((l) => l.includes(key!)), 'the key never appears in a log line');
    } finally {
      first.child.kill('SIGTERM');
      assert.equal(await first.exited, 0);
    }
    const second = startLettr(['start'], env());
    try {
      await second.waitFor(/"msg":"lettr started"/);
      assert.ok(!/lttr_[0-9A-Za-z]{64}/.test(second.output()));
    } finally {
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
    }
  });

  test('SIGTERM lets an in-flight request finish, then exits cleanly', async () => {
    const server = startLettr(['start'], env());
    const [, host, port] = await server.waitFor(/"url":"http:\/\/([\d.]+):(\d+)"/);
    const socket = net.connect(Number(port), host!);
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d) => (response += d));
    // Headers and half the body: the request is in flight.
    socket.write('POST /api/auth/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{"a":');
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    socket.write('"bc"}');
    await new Promise((r) => socket.once('close', r));
    assert.match(response, /^HTTP\/1\.1 (401|404)/, 'the in-flight request got its answer');
    assert.equal(await server.exited, 0);
  });
});
