// First start on an empty database: one team and one Full Access key, so a newcomer can call the API within a minute
// of `npm start`. The key is returned to the caller, which prints it once to the terminal (never to the log).
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/index.js';
import { insertApiKey } from '../auth/commands/create-api-key.js';
import type { DB } from '../db/index.js';
import { insertTeam } from './commands/team-setup.js';

export async function bootstrapIfEmpty(db: Kysely<DB>, now = Date.now()): Promise<{ teamId: number; keyId: number; key: string } | null> {
  return db.transaction().execute(async (trx) => {
    const any = await trx.selectFrom('teams').select('id').where('system', '=', 0).limit(1).executeTakeFirst();
    if (any) return null;
    const teamId = await insertTeam(trx, 'Default team', now);
    const { row, key } = await insertApiKey(trx, { teamId, name: 'Bootstrap key', permission: 'full_access' }, now);
    const actor = { type: 'system' as const, via: 'bootstrap' };
    await recordAudit(trx, { teamId, actor, action: 'team.created', target: { type: 'team', id: teamId }, details: { name: 'Default team' } }, now);
    await recordAudit(trx, { teamId, actor, action: 'api_key.created', target: { type: 'api_key', id: row.id }, details: { name: row.name, permission: 'full_access', display_prefix: row.display_prefix } }, now);
    return { teamId, keyId: row.id, key };
  });
}
