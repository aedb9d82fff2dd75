// PUT /webhooks/{id}: a partial update. Credentials merge with the stored ones while the auth type stays; switching
// the auth type needs that type's full credentials. Re-enabling clears an automatic disable and its failure count.
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../../db/index.js';
import type { AppContext } from '../../http/context.js';
import { notFound, validationFailed } from '../../http/errors.js';
import { Violations } from '../../http/validation.js';
import { credentialsFor, openCredentials, sealCredentials } from '../secrets.js';
import { findWebhook, findWebhookById, urlTaken, type WebhookRow } from '../store.js';
import type { Updateable } from 'kysely';
import type { WebhooksTable } from '../tables.js';
import { requireCredentials, type WebhookInput } from '../validation.js';
import { assertTargetsResolvePublicly } from './check-target.js';
import type { RequestMeta } from './create-webhook.js';

export const WEBHOOK_NOT_FOUND = 'Webhook not found.';

export async function updateWebhook(ctx: AppContext, teamId: number, publicId: string, input: WebhookInput, meta: RequestMeta): Promise<WebhookRow> {
  const k = ctx.db.kysely;
  const row = await findWebhook(k, teamId, publicId);
  if (!row) throw notFound(WEBHOOK_NOT_FOUND);
  const now = ctx.clock.now();
  const patch: Updateable<WebhooksTable> = {};
  const changed: string[] = [];

  if (input.name !== undefined && input.name !== row.name) (patch.name = input.name), changed.push('name');
  if (input.url !== undefined && input.url !== row.url) (patch.url = input.url), changed.push('url');

  const authType = input.authType ?? row.auth_type;
  const credentialFieldsGiven = Object.keys(input.credentials).length > 0;
  if (authType !== row.auth_type || credentialFieldsGiven) {
    const stored = authType === row.auth_type ? openCredentials(ctx.secrets, row.credentials_sealed) : {};
    const v = new Violations();
    requireCredentials(v, authType, input.credentials, stored);
    v.throwIfAny();
    patch.auth_type = authType;
    patch.credentials_sealed = sealCredentials(ctx.secrets, credentialsFor(authType, { ...stored, ...input.credentials }));
    changed.push(authType !== row.auth_type ? 'auth_type' : 'credentials');
  }

  if (input.eventTypes !== undefined) {
    patch.event_types = input.eventTypes === null ? null : JSON.stringify(input.eventTypes);
    if (patch.event_types !== row.event_types) changed.push('event_types');
  }
  if (input.active !== undefined && (input.active ? 1 : 0) !== row.enabled) {
    patch.enabled = input.active ? 1 : 0;
    patch.disabled_at = input.active ? null : now;
    patch.disabled_reason = null;
    if (input.active) patch.consecutive_exhausted = 0;
    changed.push(input.active ? 'enabled' : 'disabled');
  }

  const newTokenUrl = authType === 'oauth2' ? input.credentials.oauth_token_url : undefined;
  await assertTargetsResolvePublicly(ctx, { [input.url !== undefined ? 'url' : 'target']: patch.url, oauth_token_url: newTokenUrl });
  // PUT lists no 409 in the contract: a URL another webhook of the team uses is a field error (Laravel's `unique`).
  const urlField = input.url !== undefined ? 'url' : 'target';
  if (patch.url !== undefined && (await urlTaken(k, teamId, patch.url, row.id))) throw urlInUse(urlField);

  if (Object.keys(patch).length === 0) return row;
  try {
    return await k.transaction().execute(async (trx) => {
      await trx.updateTable('webhooks').set({ ...patch, updated_at: now }).where('id', '=', row.id).where('team_id', '=', teamId).execute();
      await recordAudit(trx, {
        teamId, actor: meta.actor, action: 'webhook.updated', target: { type: 'webhook', id: row.public_id },
        ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, details: { changed, ...(patch.url ? { url: patch.url } : {}) },
      }, now);
      return (await findWebhookById(trx, teamId, row.id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw urlInUse(urlField);
    throw err;
  }
}

const urlInUse = (field: string) => validationFailed({ [field]: [`The ${field} has already been taken.`] });

export async function deleteWebhook(ctx: AppContext, teamId: number, publicId: string, meta: RequestMeta): Promise<void> {
  const k = ctx.db.kysely;
  const row = await findWebhook(k, teamId, publicId);
  if (!row) throw notFound(WEBHOOK_NOT_FOUND);
  const now = ctx.clock.now();
  await k.transaction().execute(async (trx) => {
    // Children go with it (foreign keys cascade too; explicit so the intent is visible). Queued dispatch jobs find no
    // delivery and finish: deleting is permanent and nothing more is sent (spec §6.1).
    await trx.deleteFrom('webhook_pending').where('webhook_id', '=', row.id).execute();
    await trx.deleteFrom('webhook_attempts').where('webhook_id', '=', row.id).execute();
    await trx.deleteFrom('webhook_deliveries').where('webhook_id', '=', row.id).execute();
    await trx.deleteFrom('webhooks').where('id', '=', row.id).where('team_id', '=', teamId).execute();
    await recordAudit(trx, {
      teamId, actor: meta.actor, action: 'webhook.deleted', target: { type: 'webhook', id: row.public_id },
      ip: meta.ip ?? null, userAgent: meta.userAgent ?? null, details: { url: row.url },
    }, now);
  });
}
