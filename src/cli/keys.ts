// lettr key create|list|update|rotate|revoke
import { apiKeyView, createApiKey, listKeys, parseGrace, revokeApiKey, rotateApiKey, updateApiKey, validateKeyInput } from '../auth/index.js';
import { cliOrigin, teamOf, withContext } from './context.js';
import { requireId, UsageError, type Io, type Parsed } from './io.js';

const PERMISSION_ALIASES: Record<string, string> = { full: 'full_access', full_access: 'full_access', sending: 'sending_only', sending_only: 'sending_only', custom: 'custom' };

// Field names in the key rules → the flags that set them, so every message names the flag.
const FLAG_OF: Record<string, string> = { name: '--name', permission: '--permission', scopes: '--scopes', allowed_ips: '--allow-ip' };

const splitList = (v: unknown) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);

function validated(flags: Record<string, unknown>, mode: 'create' | 'update') {
  const permission = flags.permission === undefined ? undefined : PERMISSION_ALIASES[String(flags.permission)] ?? String(flags.permission);
  const result = validateKeyInput({ name: flags.name, permission, scopes: splitList(flags.scopes), allowed_ips: flags['allow-ip'] as string | undefined }, mode);
  if (!result.ok) throw new UsageError(Object.entries(result.errors).map(([f, m]) => `${FLAG_OF[f.split('.')[0]!] ?? f} (${f}): ${m.join(' ')}`).join('\n'));
  return result.value;
}

export async function keyCommand(sub: string | undefined, { flags }: Parsed, io: Io): Promise<void> {
  await withContext(async (ctx) => {
    const db = ctx.db.kysely;
    switch (sub) {
      case 'create': {
        const teamId = await teamOf(db, flags);
        const v = validated(flags, 'create');
        let createdBy: number | null = null;
        if (typeof flags['created-by'] === 'string') {
          const user = await db.selectFrom('users').select('id').where('email', '=', flags['created-by'].toLowerCase()).executeTakeFirst();
          if (!user) throw new UsageError(`--created-by ${flags['created-by']}: no user with that email (add one with \`lettr user add\`)`);
          createdBy = user.id;
        }
        const { row, key } = await createApiKey(db, {
          teamId, name: v.name!, permission: v.permission!, scopes: v.scopes, allowedIps: v.allowedIps,
          type: flags.sandbox ? 'sandbox' : 'live', createdBy,
        }, cliOrigin);
        io.out({ ...apiKeyView(row), key }, `Created key ${row.id} (${row.permission}). Store it now, it is shown only once:\n\n  ${key}\n`);
        return;
      }
      case 'list': {
        const teamId = await teamOf(db, flags);
        const keys = (await listKeys(db, teamId)).map((r) => apiKeyView(r, ctx.clock.now()));
        io.out({ keys }, keys.map((k) => `${k.id}\t${k.display}\t${k.name}\t${k.permission}\t${k.status}${k.ip_restricted ? '\tIP-restricted' : ''}`).join('\n') || 'No keys.');
        return;
      }
      case 'update': {
        const id = requireId(flags, 'id');
        const v = validated(flags, 'update');
        const r = await updateApiKey(db, id, { name: v.name, permission: v.permission, scopes: v.scopes, allowedIps: v.allowedIps }, cliOrigin);
        if (!r.ok) throw new UsageError(`--id ${id}: no such key (lettr key list shows them)`);
        io.out(apiKeyView(r.value), `Updated key ${id}.`);
        return;
      }
      case 'rotate': {
        const id = requireId(flags, 'id');
        const grace = typeof flags.grace === 'string' ? parseGrace(flags.grace) : { ok: true as const, value: ctx.config.keyRotationGraceMs };
        if (!grace.ok) throw new UsageError(`--grace: ${grace.problem}`);
        const r = await rotateApiKey(db, id, grace.value, cliOrigin);
        if (!r.ok) throw new UsageError(r.reason === 'not_found' ? `--id ${id}: no such key (lettr key list shows them)` : `--id ${id}: the key is revoked or expired; create a new key instead`);
        const { row, key, old } = r.value;
        io.out({ ...apiKeyView(row), key, old_key: apiKeyView(old) },
          `Rotated key ${id} → ${row.id}. The old key works until ${new Date(old.expires_at!).toISOString()}.\nStore the new key now, it is shown only once:\n\n  ${key}\n`);
        return;
      }
      case 'revoke': {
        const id = requireId(flags, 'id');
        const r = await revokeApiKey(db, id, cliOrigin);
        if (!r.ok) throw new UsageError(`--id ${id}: no such key (lettr key list shows them)`);
        io.out(apiKeyView(r.value), `Revoked key ${id}.`);
        return;
      }
      default:
        throw new UsageError(`unknown key command ${sub}`);
    }
  });
}
