import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { forEachDatabase } from '../../test/helpers/databases.js';
import { startHarness, type Harness } from '../../test/helpers/harness.js';
import { addSuppression, filterSuppressed, isSuppressed } from './suppressions.js';

forEachDatabase('suppression list', (db) => {
  let h: Harness;
  let teamA: number;
  let teamB: number;
  before(async () => {
    h = await startHarness(db());
    teamA = await h.createTeam('A');
    teamB = await h.createTeam('B');
  });
  after(() => h.close());

  test('a hard bounce suppresses the address for its team only, case-insensitively', async () => {
    const k = h.ctx.db.kysely;
    await addSuppression(k, { teamId: teamA, email: 'Gone@Example.test', reason: 'hard_bounce', bounceClass: 10, requestId: '1', rawReason: '550 5.1.1 unknown', now: 1 });
    // A second add keeps the first row (no error, no duplicate).
    await addSuppression(k, { teamId: teamA, email: 'gone@example.test', reason: 'manual', now: 2 });
    assert.equal(await isSuppressed(k, teamA, 'GONE@example.test'), true);
    assert.equal(await isSuppressed(k, teamB, 'gone@example.test'), false);
    const rows = await k.selectFrom('suppressions').selectAll().where('team_id', '=', teamA).execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.reason, 'hard_bounce');
  });

  test('filterSuppressed keeps order and spelling', async () => {
    const k = h.ctx.db.kysely;
    const result = await filterSuppressed(k, teamA, ['ok@example.test', 'Gone@example.test', 'other@example.test']);
    assert.deepEqual(result, { allowed: ['ok@example.test', 'other@example.test'], suppressed: ['Gone@example.test'] });
    assert.deepEqual(await filterSuppressed(k, teamA, []), { allowed: [], suppressed: [] });
  });

  test('an entry for marketing mail only does not block transactional mail', async () => {
    const k = h.ctx.db.kysely;
    await addSuppression(k, { teamId: teamB, email: 'unsub@example.test', reason: 'unsubscribe', transactional: false, now: 3 });
    assert.equal(await isSuppressed(k, teamB, 'unsub@example.test', { transactional: true }), false);
    assert.equal(await isSuppressed(k, teamB, 'unsub@example.test', { transactional: false }), true);
  });
});
