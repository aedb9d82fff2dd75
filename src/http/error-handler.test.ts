// The error handler's mapping of storage failures: text the database refuses is the client's fault (422), an
// unreachable database is a 503 with Retry-After, anything else stays a 500.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { registerErrorHandling } from './error-handler.js';

async function answer(err: Error & { code?: string }) {
  const app = Fastify();
  registerErrorHandling(app);
  app.get('/x', async () => {
    throw err;
  });
  const res = await app.inject({ method: 'GET', url: '/x' });
  await app.close();
  return { status: res.statusCode, body: res.json(), retryAfter: res.headers['retry-after'] };
}

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

test('PostgreSQL refusing a NUL or untranslatable text is a 422 validation_error', async () => {
  for (const code of ['22021', '22P05']) {
    const res = await answer(withCode('invalid byte sequence for encoding "UTF8": 0x00', code));
    assert.equal(res.status, 422);
    assert.equal(res.body.error_code, 'validation_error');
    assert.ok(Array.isArray(res.body.errors.body));
  }
});

test('an unreachable database is a 503 with Retry-After; an unknown error stays a 500', async () => {
  const down = await answer(withCode('terminating connection due to administrator command', '57P01'));
  assert.equal(down.status, 503);
  assert.equal(down.body.error_code, 'service_unavailable');
  assert.equal(down.retryAfter, '5');
  const bug = await answer(new TypeError('x is undefined'));
  assert.equal(bug.status, 500);
});
