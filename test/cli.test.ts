// The admin CLI as operators run it: one JSON object per command with --json, secrets shown once, clear errors.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { GROUPS } from '../src/cli/main.js';
import { forEachDatabase } from './helpers/databases.js';
import { REPO, runLettr, startLettr } from './helpers/spawn.js';

forEachDatabase('lettr CLI', (db) => {
  const env = () => ({ LETTR_DATABASE_URL: db().url, LETTR_DATA_DIR: db().dataDir });

  test('team, user and keys: create, list, rotate, revoke', async () => {
    assert.equal((await runLettr(['migrate'], env())).code, 0);
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
    const unknownFlag = await runLettr(['key', 'list', '--teem', '1'], env());
    assert.equal(unknownFlag.code, 2);
    assert.match(unknownFlag.stderr, /unknown option '--teem'/);
    const required = await runLettr(['key', 'create', '--permission', 'full'], env());
    assert.equal(required.code, 2);
    assert.match(required.stderr, /required option '--name <name>' not specified/);
  });

  test('--team may be left out while there is exactly one team (the system team does not count)', async () => {
    const keys = await runLettr(['key', 'list', '--json'], env());
    assert.equal(keys.code, 0, keys.stderr);
    assert.equal(keys.json.keys.length, 2, 'the one team from the first test: the rotated key and its successor');
    await runLettr(['team', 'create', '--name', 'Second'], env());
    const ambiguous = await runLettr(['key', 'create', '--name', 'x', '--permission', 'full'], env());
    assert.equal(ambiguous.code, 2);
    assert.match(ambiguous.stderr, /--team is required when there are several teams \(lettr team list shows them\)/);
  });
});

test('a bad configuration variable is named and nothing starts', async () => {
  const r = await runLettr(['migrate'], { LETTR_DATABASE_URL: 'mysql://nope', LETTR_PORT: '70000' });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /LETTR_DATABASE_URL must be sqlite:PATH or a postgres:\/\/ URL/);
  assert.match(r.stderr, /LETTR_PORT must be between 0 and 65535/);
});

test('help for every group and every command, --version, and exit codes', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const version = await runLettr(['--version'], {});
  assert.deepEqual([version.code, version.stdout.trim()], [0, pkg.version]);
  const top = await runLettr(['--help'], {});
  assert.equal(top.code, 0);
  for (const group of Object.keys(GROUPS)) assert.match(top.stdout, new RegExp(`^  ${group}\\b`, 'm'), `top-level help lists ${group}`);
  assert.match(top.stdout, /Exit codes: 0 done, 1 failed, 2 usage error/);
  const bare = await runLettr([], {});
  assert.equal(bare.code, 2, 'no command is a usage error');
  assert.match(bare.stderr, /Usage: lettr/);

  for (const [name, group] of Object.entries(GROUPS)) {
    const help = await runLettr([name, '--help'], {});
    assert.equal(help.code, 0, `${name} --help: ${help.stderr}`);
    assert.match(help.stdout, new RegExp(`^Usage: lettr ${name}\\b`), `${name} --help`);
    assert.ok(help.stdout.includes(group.summary) || (group.leaf && help.stdout.includes(group.leaf.summary)), `${name} --help describes it`);
    for (const [sub, leaf] of Object.entries(group.commands ?? {})) {
      assert.match(help.stdout, new RegExp(`^  ${sub}\\b`, 'm'), `${name} --help lists ${sub}`);
      const subHelp = await runLettr([name, sub, '--help'], {});
      assert.equal(subHelp.code, 0, `${name} ${sub} --help`);
      assert.match(subHelp.stdout, new RegExp(`^Usage: lettr ${name} ${sub}\\b`));
      for (const [flags] of leaf.options ?? []) assert.ok(subHelp.stdout.includes(flags.split(' ')[0]!), `${name} ${sub} --help shows ${flags}`);
      assert.match(subHelp.stdout, /--json/);
    }
    if (group.commands) {
      const without = await runLettr([name], {});
      assert.equal(without.code, 2, `${name} without a command is a usage error`);
      assert.match(without.stderr, new RegExp(`Usage: lettr ${name}`));
    }
  }
  const typo = await runLettr(['domian', 'list'], {});
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /Did you mean domain\?/);
});

test('the CLI never creates a database: it names the path it looked at and the variable that sets it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-nodb-'));
  try {
    const r = await runLettr(['domain', 'list'], { LETTR_DATA_DIR: dir });
    assert.equal(r.code, 2);
    assert.ok(r.stderr.includes(`no Lettr database at ${path.join(fs.realpathSync(dir), 'lettr.db')}`) || r.stderr.includes(`no Lettr database at ${path.join(dir, 'lettr.db')}`), r.stderr);
    assert.match(r.stderr, /LETTR_DATA_DIR/);
    assert.deepEqual(fs.readdirSync(dir), [], 'no database file and no master key were created');
    const byUrl = await runLettr(['key', 'list'], { LETTR_DATABASE_URL: `sqlite:${path.join(dir, 'other.db')}` });
    assert.match(byUrl.stderr, /LETTR_DATABASE_URL sets it/);
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
