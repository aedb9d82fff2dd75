// Master-key rotation: a new current key, then every sealed value re-sealed under it. Old keys stay able to open until
// pruned, so processes still running with the old keyring keep working (they reload the key file on an unknown id).
import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Database } from '../db/index.js';
import { SecretBox, makeKeyring, type Keyring } from './box.js';
import { readKeyFile, writeKeyFile, type KeySource } from './keyfile.js';
import { SEALED_COLUMNS } from './sealed-columns.js';

export interface RotationReport {
  currentKeyId: string;
  resealed: number;
  columns: string[];
}

/** Re-seal every registered column under the keyring's current key. */
export async function resealAll(db: Database, box: SecretBox): Promise<RotationReport> {
  let resealed = 0;
  const k = db.kysely as any;
  for (const { table, column, purpose } of SEALED_COLUMNS) {
    const rows: { id: number; v: string | null }[] = await k.selectFrom(table).select(['id', sql.ref(column).as('v')]).execute();
    for (const row of rows) {
      if (!row.v || SecretBox.sealedKeyId(row.v) === box.currentKeyId) continue;
      const fresh = box.seal(box.open(row.v, purpose), purpose);
      // Compare-and-set: a concurrent writer's newer value is left alone.
      await k.updateTable(table).set({ [column]: fresh }).where('id', '=', row.id).where(column, '=', row.v).execute();
      resealed++;
    }
  }
  return { currentKeyId: box.currentKeyId, resealed, columns: SEALED_COLUMNS.map((c) => `${c.table}.${c.column}`) };
}

/** For the key-file source: prepend a new key, keep the old ones for opening. */
export function addKeyToFile(source: Extract<KeySource, { kind: 'file' }>): Keyring {
  const current = readKeyFile(source.path);
  const keys = [crypto.randomBytes(32), ...current.keys.values()];
  writeKeyFile(source.path, keys);
  return makeKeyring(keys);
}

/** Drop keys no sealed value uses any more. Refuses while any value still needs one. */
export async function pruneKeyFile(db: Database, source: Extract<KeySource, { kind: 'file' }>): Promise<number> {
  const keyring = readKeyFile(source.path);
  const k = db.kysely as any;
  for (const { table, column } of SEALED_COLUMNS) {
    const rows: { v: string | null }[] = await k.selectFrom(table).select(sql.ref(column).as('v')).execute();
    for (const r of rows) {
      if (r.v && SecretBox.sealedKeyId(r.v) !== keyring.currentId) {
        throw new Error(`${table}.${column} still holds values sealed with an older key; run \`lettr secrets rotate\` first`);
      }
    }
  }
  const dropped = keyring.keys.size - 1;
  writeKeyFile(source.path, [keyring.keys.get(keyring.currentId)!]);
  return dropped;
}
