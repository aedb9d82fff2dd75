// Secrets and data stay private (issue 11 §8), on each database: access lines carry the path and the names of query
// parameters, never their values; every response has nosniff and no-referrer, every API answer (secret-bearing ones
// included) says Cache-Control: no-store; reading a webhook secret leaves an audit entry.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLogger } from '../src/http/logger.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

const beyond = { beyondContract: 'security headers and secret reads' };

forEachDatabase('privacy of secrets and data', (db) => {
  let h: Harness;
  let key: string;
  const lines: string[] = [];
  before(async () => {
    h = await startHarness(db(), { LETTR_WEBHOOK_ALLOW_PRIVATE: 'true' }, { log: createLogger('info', { write: (s: string) => void lines.push(s) }) });
    key = (await h.createKey(await h.createTeam())).key;
  });
  after(() => h.close());

  test('no query string value reaches the log: the path and the parameter names do', async () => {
    const token = 'tok_0123456789abcdef0123456789';
    const email = 'private.person@example.org';
    await h.api.get(`/api/emails?recipients=${encodeURIComponent(email)}&api_key=${key}&token=${token}`, key, { beyondContract: 'extra query parameters' });
    await h.api.get(`/api/nowhere?key=${key}`, undefined, { beyondContract: 'unknown route' });
    const access = lines.map((l) => JSON.parse(l) as { msg: string; url?: { path: string; query?: string[] } }).filter((l) => l.msg === 'request');
    assert.ok(access.some((l) => l.url?.path === '/api/emails' && l.url.query?.join(',') === 'recipients,api_key,token'), JSON.stringify(access.slice(-2)));
    assert.ok(access.some((l) => l.url?.path === '/api/nowhere'));
    const all = lines.join('\n');
    for (const secret of [token, email, encodeURIComponent(email), key, key.slice(5, 30)]) assert.ok(!all.includes(secret), `${secret} leaked into the log`);
  });

  test('every response carries nosniff and no-referrer; API answers, secret-bearing ones included, say no-store', async () => {
    const created = await h.api.post('/api/api-keys', key, { name: 'shown once', permission: 'sending_only' }, beyond);
    const hook = await h.api.post('/api/webhooks', key, { name: 'p', url: 'https://hooks.example.com/p', auth_type: 'none', events_mode: 'all' });
    assert.equal(hook.status, 201);
    const responses = [
      created,
      hook,
      await h.api.get(`/api/webhooks/${hook.json.data.id}/secret`, key, beyond),
      await h.api.get('/api/health'),
      await h.api.get('/api/auth/check', undefined),
      await h.api.post('/api/emails', key, { from: 'x' }),
      await h.api.get('/api/does-not-exist', key, { beyondContract: '404' }),
    ];
    for (const r of responses) {
      assert.equal(r.headers['x-content-type-options'], 'nosniff', `${r.status}`);
      assert.equal(r.headers['referrer-policy'], 'no-referrer', `${r.status}`);
      assert.equal(r.headers['cache-control'], 'no-store', `${r.status}`);
    }
    const outside = await h.app.inject({ method: 'GET', url: '/not-api' });
    assert.equal(outside.headers['x-content-type-options'], 'nosniff');
    assert.equal(outside.headers['referrer-policy'], 'no-referrer');
  });

  test('reading a webhook secret writes an audit event naming who read it', async () => {
    const hook = await h.api.post('/api/webhooks', key, { name: 'q', url: 'https://hooks.example.com/q', auth_type: 'none', events_mode: 'all' });
    const read = await h.api.get(`/api/webhooks/${hook.json.data.id}/secret`, key, { ...beyond, headers: { 'user-agent': 'auditor/1' } });
    assert.equal(read.status, 200);
    const audit = await h.api.get('/api/audit-events?action=webhook.secret_read', key, beyond);
    const entry = audit.json.data.events.find((e: { target: { id: string } }) => e.target.id === hook.json.data.id);
    assert.ok(entry, 'the read is in the audit trail');
    assert.equal(entry.actor.type, 'api_key');
    assert.equal(entry.user_agent, 'auditor/1');
    assert.ok(!JSON.stringify(audit.json).includes(read.json.data.secret.slice(6)), 'the trail never holds the secret');
  });
});
