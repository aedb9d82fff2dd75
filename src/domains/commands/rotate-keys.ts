// Start a DKIM key rotation: new keys under new selectors, `pending` until their records verify (verify-domain.ts
// promotes them). The current keys keep signing meanwhile, so mail never goes out unsigned or with an unpublished key.
import { recordAudit } from '../../audit/index.js';
import type { Origin } from '../../auth/index.js';
import type { AppContext } from '../../http/context.js';
import { generateKeySet } from '../key-set.js';
import { deletePendingKeys, findDomain, insertKeys, restartVerification, selectorsInUse } from '../store.js';
import type { DkimKeyRow } from '../tables.js';
import { DKIM_PURPOSE } from './add-domain.js';

const FIRST_CHECK_AFTER_MS = 60_000;

export async function rotateDkimKeys(ctx: AppContext, teamId: number, domain: string, origin: Origin): Promise<DkimKeyRow[] | null> {
  const db = ctx.db.kysely;
  const row = await findDomain(db, teamId, domain);
  if (!row) return null;
  const now = ctx.clock.now();
  const generated = await generateKeySet(await selectorsInUse(db, domain), ctx.config.dkimEd25519, new Date(now));
  return db.transaction().execute(async (trx) => {
    await deletePendingKeys(trx, teamId, row.id);
    const keys = await insertKeys(trx, generated.map((key) => ({
      domain_id: row.id, team_id: teamId, selector: key.selector, algorithm: key.algorithm, public_key: key.publicKey,
      private_key: ctx.secrets.seal(key.privateKeyPem, DKIM_PURPOSE), state: 'pending' as const, created_at: now, retired_at: null,
    })));
    await restartVerification(trx, teamId, row.id, now + FIRST_CHECK_AFTER_MS);
    await recordAudit(trx, {
      teamId, actor: origin.actor, action: 'domain.dkim_rotation_started', target: { type: 'sending_domain', id: row.id },
      ip: origin.ip, userAgent: origin.userAgent, details: { domain, selectors: keys.map((k) => k.selector) },
    }, now);
    return keys;
  });
}
