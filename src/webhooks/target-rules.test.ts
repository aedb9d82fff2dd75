import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTargetUrl, permittedAddresses } from './target-rules.js';

const strict = { httpsOnly: true, allowPrivate: false };
const dev = { httpsOnly: false, allowPrivate: true };

test('production accepts only https URLs without credentials', () => {
  assert.ok(checkTargetUrl('https://hooks.example.com/lettr', strict).ok);
  assert.deepEqual(checkTargetUrl('http://hooks.example.com/lettr', strict), { ok: false, message: 'The url must use https.' });
  assert.equal(checkTargetUrl('ftp://hooks.example.com/', dev).ok, false);
  assert.equal(checkTargetUrl('not a url', dev).ok, false);
  assert.equal(checkTargetUrl('https://user:pw@hooks.example.com/', strict).ok, false);
  assert.ok(checkTargetUrl('http://127.0.0.1:8080/', dev).ok);
});

test('IP-literal hosts in every refused range are refused unless private targets are allowed', () => {
  for (const host of ['127.0.0.1', '[::1]', '10.1.2.3', '169.254.169.254', '100.64.1.1', '224.0.0.5', '[::ffff:127.0.0.1]', '0.0.0.0', '[fe80::1]', '[fd00::5]']) {
    const v = checkTargetUrl(`https://${host}/x`, strict);
    assert.equal(v.ok, false, host);
    assert.match((v as { message: string }).message, /private or internal address/);
    assert.ok(checkTargetUrl(`https://${host}/x`, { httpsOnly: true, allowPrivate: true }).ok, host);
  }
  assert.ok(checkTargetUrl('https://8.8.8.8/x', strict).ok);
});

test('URL parsing folds odd IPv4 spellings before the check', () => {
  for (const raw of ['https://2130706433/', 'https://0x7f.1/', 'https://127.1/', 'https://017700000001/']) {
    assert.equal(checkTargetUrl(raw, strict).ok, false, raw);
  }
});

test('permittedAddresses drops refused addresses and refuses a name with nothing left', () => {
  assert.deepEqual(permittedAddresses(['127.0.0.1', '93.184.216.34'], false), { ok: true, addresses: ['93.184.216.34'] });
  assert.deepEqual(permittedAddresses(['127.0.0.1', '::1'], false), { ok: false, classes: ['loopback'] });
  assert.deepEqual(permittedAddresses(['127.0.0.1'], true), { ok: true, addresses: ['127.0.0.1'] });
  assert.deepEqual(permittedAddresses([], true), { ok: false, classes: [] });
});
