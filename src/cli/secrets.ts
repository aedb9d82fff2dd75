// lettr secrets rotate [--prune]
import { addKeyToFile, pruneKeyFile, resealAll, SecretBox } from '../secrets/index.js';
import { withContext } from './context.js';
import type { Io, Parsed } from './io.js';

export async function secretsCommand(_sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  await withContext(async (ctx) => {
    let box = ctx.secrets;
    if (ctx.keySource.kind === 'file') {
      // Embedded default: make a new key current in the key file; older keys stay for opening.
      box = new SecretBox(addKeyToFile(ctx.keySource));
    }
    // With LETTR_SECRET_KEY the operator has already put the new key first (old ones after it); we re-seal under it.
    const report = await resealAll(ctx.db, box);
    let pruned = 0;
    if (flags.prune && ctx.keySource.kind === 'file') pruned = await pruneKeyFile(ctx.db, ctx.keySource);
    io.out({ current_key_id: report.currentKeyId, resealed: report.resealed, columns: report.columns, pruned_keys: pruned },
      `Secrets re-sealed under key ${report.currentKeyId}: ${report.resealed} value(s) in ${report.columns.length} column(s).${pruned ? ` Dropped ${pruned} old key(s).` : ''}`);
  });
}
