// Where the master keys come from: LETTR_SECRET_KEY, or for the embedded default a key file generated on first start.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config/index.js';
import { makeKeyring, parseMasterKey, type Keyring } from './box.js';

export const KEY_FILE = 'master.key';

interface KeyFile {
  /** base64 keys; the first seals, all open. */
  keys: string[];
}

export type KeySource = { kind: 'env' } | { kind: 'file'; path: string; created: boolean };

export function keyFilePath(config: Pick<Config, 'dataDir'>): string {
  return path.join(config.dataDir, KEY_FILE);
}

export function loadKeyring(config: Pick<Config, 'secretKeys' | 'dataDir'>): { keyring: Keyring; source: KeySource } {
  if (config.secretKeys.length > 0) {
    const keys = config.secretKeys.map((text, i) => {
      const key = parseMasterKey(text);
      if (!key) throw new Error(`LETTR_SECRET_KEY entry ${i + 1} is not 32 bytes of base64 or hex`);
      return key;
    });
    return { keyring: makeKeyring(keys), source: { kind: 'env' } };
  }
  const file = keyFilePath(config);
  let created = false;
  if (!fs.existsSync(file)) {
    writeKeyFile(file, [crypto.randomBytes(32)]);
    created = true;
  }
  return { keyring: readKeyFile(file), source: { kind: 'file', path: file, created } };
}

export function readKeyFile(file: string): Keyring {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  const keys = parsed.keys.map((k) => {
    const key = parseMasterKey(k);
    if (!key) throw new Error(`${file} holds a key that is not 32 bytes`);
    return key;
  });
  return makeKeyring(keys);
}

/** Atomic write, readable by the owner only (mode 0600) from the first byte. */
export function writeKeyFile(file: string, keys: Buffer[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  const body: KeyFile = { keys: keys.map((k) => k.toString('base64')) };
  fs.writeFileSync(tmp, JSON.stringify(body) + '\n', { mode: 0o600 });
  fs.renameSync(tmp, file);
}
