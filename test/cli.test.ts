// The admin CLI as operators run it: one JSON object per command with --json, secrets shown once, clear errors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachDatabase } from './helpers/databases.js';
import { runLettr, startLettr } from './helpers/spawn.js';

forEachDatabase('lettr CLI', (db) => {
  const env = () => ({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir });

  test('team, user and keys: create, list, rotate, revoke', async () => {
    const team = await runLettr(['team', 'create', '--name', 'Acme', '--json'], env());
    assert.equal(team.code, 0, team.stderr);
    assert.equal(typeof team.json.id, 'number');

    const user = await runLettr(['user', 'add', '--team', String(team.json.id), '--email', 'Dev@Acme.test', '--role', 'admin', '--json'], env());
    assert.equal(user.code, 0, user.stderr);
    assert.equal(user.json.email, 'dev@acme.test');

    const created = await runLettr(['key', 'create', '--team', String(team.json.id), '--name', 'ci', '--permission', 'custom',
      '--scopes', 'emails:send,domains:read', '--allow-ip', '10.0.0.0/8, 2001:db8::/32', '--created-by', 'dev@acme.test', '--json'], env());
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.json.key, /^lttr_[0-9A-Za-z]{64}$/);
    assert.deepEqual(created.json.scopes, ['emails:send', 'domains:read']);
    assert.deepEqual(created.json.allowed_ips, ['10.0.0.0/8', '2001:db8::/32']);

    const listed = await runLettr(['key', 'list', '--team', String(team.json.id), '--json'], env());
    assert.equal(listed.json.keys.length, 1);
    assert.ok(!listed.stdout.includes(created.json.key.slice(12)), 'listing never shows the secret');
    assert.equal(listed.json.keys[0].display, `${created.json.key.slice(0, 12)}…${created.json.key.slice(-4)}`);

    const rotated = await runLettr(['key', 'rotate', '--id', String(created.json.id), '--grace', '1h', '--json'], env());
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.notEqual(rotated.json.key, created.json.key);
    assert.equal(rotated.json.old_key.status, 'expiring');

    const revoked = await runLettr(['key', 'revoke', '--id', String(created.json.id), '--json'], env());
    assert.equal(revoked.json.status, 'revoked');

    const audit = await runLettr(['audit', 'list', '--team', String(team.json.id), '--json'], env());
    assert.deepEqual(audit.json.events.map((e: { action: string }) => e.action).reverse(),
      ['team.created', 'membership.added', 'api_key.created', 'api_key.rotated', 'api_key.revoked']);
    const rotation = audit.json.events.find((e: { action: string }) => e.action === 'api_key.rotated');
    assert.equal(rotation.details.successor_id, rotated.json.id, 'the rotation names its successor');
  });

  test('bad input: a clear message and exit code 2, as JSON with --json', async () => {
    const bad = await runLettr(['key', 'create', '--team', '1', '--name', 'x', '--permission', 'custom', '--scopes', 'emails:fly', '--allow-ip', '10.0.0.0/40', '--json'], env());
    assert.equal(bad.code, 2);
    assert.match(bad.json.error, /scopes\.0/);
    assert.match(bad.json.error, /allowed_ips\.0/);
    const missing = await runLettr(['key', 'create', '--name', 'x', '--permission', 'full'], env());
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--team is required/);
  });
});

test('a bad configuration variable is named and nothing starts', async () => {
  const r = await runLettr(['migrate'], { LETTR_DATABASE_URL: 'mysql://nope', LETTR_PORT: '70000' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /LETTR_DATABASE_URL must be sqlite:PATH or a postgres:\/\/ URL/);
  assert.match(r.stderr, /LETTR_PORT must be between 0 and 65535/);
});

test('production with LETTR_WEBHOOK_ALLOW_PRIVATE=true refuses to start and names both variables', async () => {
  const server = startLettr(['start'], {
    LETTR_ENV: 'production', LETTR_SECRET_KEY: 'a'.repeat(64), LETTR_WEBHOOK_ALLOW_PRIVATE: 'true',
    LETTR_DATABASE_URL: 'sqlite::memory:', LETTR_PORT: '0', LETTR_MAILBOX_SMTP_PORT: '0',
  });
  // Either it exits (the fix) or it starts serving (the bug): whichever comes first decides, no timer involved.
  const outcome = await Promise.race([
    server.exited.then((code) => ({ exited: code })),
    server.waitFor(/"msg":"lettr started"/).then(() => ({ exited: 'started' as const }), () => ({ exited: 'no start' as const })),
  ]);
  if (outcome.exited === 'started') server.child.kill('SIGTERM');
  assert.equal(outcome.exited, 2, 'the server must not start');
  assert.match(server.output(), /LETTR_WEBHOOK_ALLOW_PRIVATE=true is refused when LETTR_ENV=production/);
});
