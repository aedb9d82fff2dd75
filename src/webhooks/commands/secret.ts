// The signing secret: readable again only with webhooks:write (the route declares it), rotatable with an overlap
// window during which the previous secret keeps signing next to the new one (spec §6.7 REC, ambiguity A3).
import { recordAudit } from '../../audit/index.js';
import type { AppContext } from '../../http/context.js';
import { notFound } from '../../http/errors.js';
import { PURPOSE } from '../secrets.js';
import { generateSecret } from '../signing.js';
import { findWebhook } from '../store.js';
import type { RequestMeta } from './create-webhook.js';
import { WEBHOOK_NOT_FOUND } from './update-webhook.js';

export interface SecretView {
  secret: string;
  /** While a rotation's overlap lasts: the previous secret, which still signs until `previous_secret_expires_at`. */
  previous_secret: string | null;
  previous_secret_expires_at: number | null;
}

/** Reading the secret is audited: whoever can read it can forge our webhooks to the customer's receiver. */
export async function readSecret(ctx: AppContext, teamId: number, publicId: string, meta: RequestMeta): Promise<SecretView> {
  const row = await findWebhook(ctx.db.kysely, teamId, publicId);
  if (!row) throw notFound(WEBHOOK_NOT_FOUND);
  const now = ctx.clock.now();
  const live = row.previous_secret_sealed && (row.previous_secret_expires_at ?? 0) > now;
  await recordAudit(ctx.db.kysely, {
    teamId, actor: meta.actor, action: 'webhook.secret_read', target: { type: 'webhook', id: row.public_id },
    ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, details: { previous_secret_included: Boolean(live) },
  }, now);
  await ctx.db.durable(); // a GET skips the write-path durability hook; the trail must not lose this entry
  return {
    secret: ctx.secrets.open(row.secret_sealed, PURPOSE.secret),
    previous_secret: live ? ctx.secrets.open(row.previous_secret_sealed!, PURPOSE.previousSecret) : null,
    previous_secret_expires_at: live ? row.previous_secret_expires_at : null,
  };
}

/** `overlapMs = 0` retires the old secret at once (e.g. after a leak). */
export async function rotateSecret(ctx: AppContext, teamId: number, publicId: string, overlapMs: number, meta: RequestMeta): Promise<SecretView> {
  const k = ctx.db.kysely;
  const row = await findWebhook(k, teamId, publicId);
  if (!row) throw notFound(WEBHOOK_NOT_FOUND);
  const now = ctx.clock.now();
  const current = ctx.secrets.open(row.secret_sealed, PURPOSE.secret);
  const next = generateSecret();
  const expiresAt = overlapMs > 0 ? now + overlapMs : null;
  await k.transaction().execute(async (trx) => {
    await trx.updateTable('webhooks').set({
      secret_sealed: ctx.secrets.seal(next, PURPOSE.secret),
      previous_secret_sealed: expiresAt ? ctx.secrets.seal(current, PURPOSE.previousSecret) : null,
      previous_secret_expires_at: expiresAt,
      updated_at: now,
    }).where('id', '=', row.id).where('team_id', '=', teamId).execute();
    await recordAudit(trx, {
      teamId, actor: meta.actor, action: 'webhook.secret_rotated', target: { type: 'webhook', id: row.public_id },
      ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, details: { overlap_ms: overlapMs },
    }, now);
  });
  return { secret: next, previous_secret: expiresAt ? current : null, previous_secret_expires_at: expiresAt };
}
