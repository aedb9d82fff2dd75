// Add a sending domain: score the name (§6.5), pick the status from LETTR_DOMAIN_APPROVAL, generate DKIM keys
// (private halves sealed), and record it all with its audit event in one transaction.
import { recordAudit } from '../../audit/index.js';
import type { Origin } from '../../auth/index.js';
import { isUniqueViolation } from '../../db/index.js';
import type { AppContext } from '../../http/context.js';
import { apiError } from '../../http/errors.js';
import { scoreDomainName } from '../approval.js';
import { generateKeySet } from '../key-set.js';
import { insertDomain, insertKeys, provenElsewhere, findDomain, selectorsInUse } from '../store.js';
import type { DkimKeyRow, DomainStatus, SendingDomainRow } from '../tables.js';

export const DKIM_PURPOSE = 'dkim-private-key';
export const ALREADY_REGISTERED = 'This domain is already registered.';
const FIRST_CHECK_AFTER_MS = 60_000; // give the user a minute to publish before the background check starts

export async function addDomain(ctx: AppContext, teamId: number, domain: string, origin: Origin): Promise<{ row: SendingDomainRow; keys: DkimKeyRow[] }> {
  const db = ctx.db.kysely;
  // Cheap refusals first, before spending ~100 ms of CPU on an RSA key; the transaction re-checks.
  if ((await findDomain(db, teamId, domain)) || (await provenElsewhere(db, teamId, domain))) throw apiError('resource_already_exists', ALREADY_REGISTERED);
  const now = ctx.clock.now();
  const score = scoreDomainName(domain);
  const status: DomainStatus = ctx.config.domainApproval === 'review' || score.flagged ? 'pending' : 'approved';
  const generated = await generateKeySet(await selectorsInUse(db, domain), ctx.config.dkimEd25519, new Date(now));
  try {
    return await db.transaction().execute(async (trx) => {
      if (await provenElsewhere(trx, teamId, domain)) throw apiError('resource_already_exists', ALREADY_REGISTERED);
      const row = await insertDomain(trx, {
        team_id: teamId, domain, status, approval_score: score.score, approval_reasons: JSON.stringify(score.reasons),
        dkim_status: null, cname_status: null, spf_status: null, dmarc_status: null, verification: null,
        last_verified_at: null, next_verify_at: now + FIRST_CHECK_AFTER_MS, verify_attempts: 0, created_at: now, updated_at: now,
      });
      const keys = await insertKeys(trx, generated.map((key) => ({
        domain_id: row.id, team_id: teamId, selector: key.selector, algorithm: key.algorithm, public_key: key.publicKey,
        private_key: ctx.secrets.seal(key.privateKeyPem, DKIM_PURPOSE), state: 'active' as const, created_at: now, retired_at: null,
      })));
      await recordAudit(trx, {
        teamId, actor: origin.actor, action: 'domain.created', target: { type: 'sending_domain', id: row.id },
        ip: origin.ip, userAgent: origin.userAgent,
        details: { domain, status, approval_score: score.score, approval_reasons: score.reasons, selectors: keys.map((k) => k.selector) },
      }, now);
      return { row, keys };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw apiError('resource_already_exists', ALREADY_REGISTERED); // a concurrent add won
    throw err;
  }
}
