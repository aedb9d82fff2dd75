import type { Config } from '../config/index.js';
import { SecretBox } from './box.js';
import { loadKeyring, readKeyFile, type KeySource } from './keyfile.js';

export { SecretBox } from './box.js';
export { KEY_FILE, type KeySource } from './keyfile.js';
export { SEALED_COLUMNS, type SealedColumn } from './sealed-columns.js';
export { resealAll, addKeyToFile, pruneKeyFile } from './rotate.js';

export function openSecretBox(config: Pick<Config, 'secretKeys' | 'dataDir'>): { box: SecretBox; source: KeySource } {
  const { keyring, source } = loadKeyring(config);
  const reload = source.kind === 'file' ? () => readKeyFile(source.path) : undefined;
  return { box: new SecretBox(keyring, reload), source };
}
