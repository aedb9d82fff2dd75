// Master-key rotation end to end on each database: values sealed under the old key are re-sealed under the new one,
// a process still holding the old keyring picks up the new key from the key file, and old keys are pruned only once
// nothing needs them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { addKeyToFile, openSecretBox, pruneKeyFile, resealAll, SEALED_COLUMNS, SecretBox } from '../src/secrets/index.js';
import { forEachDatabase } from './helpers/databases.js';
import { startHarness, type Harness } from './helpers/harness.js';

forEachDatabase('secrets rotation', (db) => {
  let h: Harness;
  const entry = { table: 'test_sealed', column: 'secret', purpose: 'test.secret' };
  before(async () => {
    h = await startHarness(db());
    await sql`CREATE TABLE test_sealed (id integer primary key, secret text)`.execute(h.ctx.db.kysely);
    SEALED_COLUMNS.push(entry);
  });
  after(async () => {
    SEALED_COLUMNS.splice(SEALED_COLUMNS.indexOf(entry), 1);
    await h.close();
  });

  test('rotate re-seals every registered value; old processes and values keep working', async () => {
    const k = h.ctx.db.kysely as any;
    const oldBox = h.ctx.secrets;
    const oldId = oldBox.currentKeyId;
    for (let i = 1; i <= 3; i++) await k.insertInto('test_sealed').values({ id: i, secret: oldBox.seal(`value-${i}`, 'test.secret') }).execute();
    await k.insertInto('test_sealed').values({ id: 4, secret: null }).execute();

    const { source } = openSecretBox(h.ctx.config);
    assert.equal(source.kind, 'file');
    if (source.kind !== 'file') return;
    const newBox = new SecretBox(addKeyToFile(source));
    assert.notEqual(newBox.currentKeyId, oldId);
    await assert.rejects(pruneKeyFile(h.ctx.db, source), /still holds values sealed with an older key/);

    const report = await resealAll(h.ctx.db, newBox);
    assert.equal(report.resealed, 3);
    const rows: { id: number; secret: string | null }[] = await k.selectFrom('test_sealed').selectAll().orderBy('id').execute();
    for (const r of rows.slice(0, 3)) {
      assert.equal(SecretBox.sealedKeyId(r.secret!), newBox.currentKeyId);
      assert.equal(newBox.open(r.secret!, 'test.secret'), `value-${r.id}`);
      // The running process's box has never seen the new key: it reloads the key file and opens it.
      assert.equal(oldBox.open(r.secret!, 'test.secret'), `value-${r.id}`);
    }
    assert.equal((await resealAll(h.ctx.db, newBox)).resealed, 0, 'idempotent');
    assert.equal(await pruneKeyFile(h.ctx.db, source), 1);
  });
});
