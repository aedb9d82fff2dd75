import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { keyId, makeKeyring, parseMasterKey, SecretBox } from './box.js';
import { loadKeyring } from './keyfile.js';

const key = () => crypto.randomBytes(32);

test('seal then open returns the plaintext; the sealed text names its key and hides the value', () => {
  const k = key();
  const box = new SecretBox(makeKeyring([k]));
  const sealed = box.seal('whsec_very-secret', 'webhooks.secret');
  assert.match(sealed, new RegExp(`^lsv1\\.${keyId(k)}\\.`));
  assert.ok(!sealed.includes('very-secret'));
  assert.equal(box.open(sealed, 'webhooks.secret'), 'whsec_very-secret');
  assert.notEqual(box.seal('same', 'p'), box.seal('same', 'p'), 'a fresh nonce every time');
});

test('a value sealed for one purpose does not open as another', () => {
  const box = new SecretBox(makeKeyring([key()]));
  assert.throws(() => box.open(box.seal('x', 'domains.dkim_private_key'), 'webhooks.secret'));
});

test('tampering is detected', () => {
  const box = new SecretBox(makeKeyring([key()]));
  const parts = box.seal('hello', 'p').split('.');
  const body = Buffer.from(parts[3]!, 'base64url');
  body[0]! ^= 1;
  parts[3] = body.toString('base64url');
  assert.throws(() => box.open(parts.join('.'), 'p'));
});

test('after rotation, the new key seals and old values still open', () => {
  const oldKey = key();
  const oldSealed = new SecretBox(makeKeyring([oldKey])).seal('old', 'p');
  const rotated = new SecretBox(makeKeyring([key(), oldKey]));
  assert.equal(rotated.open(oldSealed, 'p'), 'old');
  assert.notEqual(SecretBox.sealedKeyId(rotated.seal('new', 'p')), keyId(oldKey));
  assert.throws(() => new SecretBox(makeKeyring([key()])).open(oldSealed, 'p'), /unknown master key/);
});

test('master keys are accepted as base64 or hex, and must be 32 bytes', () => {
  const k = key();
  assert.deepEqual(parseMasterKey(k.toString('base64')), k);
  assert.deepEqual(parseMasterKey(k.toString('hex')), k);
  assert.equal(parseMasterKey('c2hvcnQ='), null);
});

test('the embedded key file is generated once, readable only by its owner', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lettr-key-'));
  const first = loadKeyring({ secretKeys: [], dataDir: dir });
  assert.equal(first.source.kind === 'file' && first.source.created, true);
  assert.equal(fs.statSync(path.join(dir, 'master.key')).mode & 0o777, 0o600);
  const second = loadKeyring({ secretKeys: [], dataDir: dir });
  assert.equal(second.source.kind === 'file' && second.source.created, false);
  assert.equal(second.keyring.currentId, first.keyring.currentId);
  fs.rmSync(dir, { recursive: true });
});

test('a MAC matches only in its canonical text: every changed character is refused, padding bits included', () => {
  const box = new SecretBox(makeKeyring([key()]));
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let round = 0; round < 20; round++) {
    const data = `payload-${round}`;
    const mac = box.mac(data, 'links');
    assert.ok(box.macMatches(data, 'links', mac));
    // The last of 43 characters holds 4 bits of tag and 2 padding bits: its 3 neighbours in the alphabet differ
    // only there and decode to the same bytes, so a check that decodes first would accept them.
    const last = alphabet.indexOf(mac.at(-1)!);
    for (let i = 0; i < alphabet.length; i++) {
      if (i === last) continue;
      assert.equal(box.macMatches(data, 'links', mac.slice(0, -1) + alphabet[i]), false, `alias ${alphabet[i]} of ${mac.at(-1)}`);
    }
  }
});
