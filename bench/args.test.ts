import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULTS, parseArgs } from './args.js';

test('defaults: embedded database, 20 000 emails, 50 connections, Postfix row on', () => {
  const o = parseArgs([], {});
  assert.deepEqual({ db: o.db, n: o.n, connections: o.connections, postfix: o.postfix, json: o.json }, { db: 'sqlite', n: 20_000, connections: 50, postfix: true, json: false });
});

test('flags, in both spellings, and the PostgreSQL URL from the environment', () => {
  const o = parseArgs(['--db', 'postgres', '--json', '--n=500', '--duration', '3', '--queued', '0', '--no-postfix'], { LETTR_TEST_POSTGRES_URL: 'postgres://x@127.0.0.1/y' });
  assert.equal(o.db, 'postgres');
  assert.equal(o.json, true);
  assert.equal(o.n, 500);
  assert.equal(o.durationS, 3);
  assert.equal(o.queued, 0);
  assert.equal(o.postfix, false);
  assert.equal(o.postgresUrl, 'postgres://x@127.0.0.1/y');
  assert.equal(parseArgs([], {}).postgresUrl, DEFAULTS.postgresUrl);
});

test('bad values are refused with the flag named', () => {
  assert.throws(() => parseArgs(['--db', 'mysql']), /--db must be sqlite or postgres/);
  assert.throws(() => parseArgs(['--n', '0']), /--n must be an integer ≥ 1/);
  assert.throws(() => parseArgs(['--n']), /--n needs a value/);
  assert.throws(() => parseArgs(['--fast']), /unknown flag --fast/);
});
