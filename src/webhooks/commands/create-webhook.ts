// POST /webhooks: store the endpoint with sealed credentials and a fresh signing secret, audited, in one transaction.
import type { Actor } from '../../audit/index.js';
import { recordAudit } from '../../audit/index.js';
import { isUniqueViolation } from '../../db/index.js';
import type { AppContext } from '../../http/context.js';
import { apiError } from '../../http/errors.js';
import { newWebhookId } from '../ids.js';
import { credentialsFor, PURPOSE, sealCredentials } from '../secrets.js';
import { generateSecret } from '../signing.js';
import { findWebhookById, urlTaken, type WebhookRow } from '../store.js';
import type { WebhookInput } from '../validation.js';
import { assertTargetsResolvePublicly } from './check-target.js';

export const DUPLICATE_URL = 'A webhook with this target URL already exists.';

export interface RequestMeta {
  actor: Actor;
  ip?: string | null;
  userAgent?: string | null;
}

export async function createWebhook(ctx: AppContext, teamId: number, input: Required<Pick<WebhookInput, 'name' | 'url' | 'authType'>> & WebhookInput, meta: RequestMeta): Promise<{ row: WebhookRow; secret: string }> {
  await assertTargetsResolvePublicly(ctx, { url: input.url, oauth_token_url: input.authType === 'oauth2' ? input.credentials.oauth_token_url : undefined });
  const k = ctx.db.kysely;
  if (await urlTaken(k, teamId, input.url)) throw apiError('resource_already_exists', DUPLICATE_URL);
  const now = ctx.clock.now();
  const secret = generateSecret();
  try {
    const row = await k.transaction().execute(async (trx) => {
      const { id } = await trx.insertInto('webhooks').values({
        public_id: newWebhookId(), team_id: teamId, name: input.name, url: input.url, enabled: 1,
        event_types: input.eventTypes === null || input.eventTypes === undefined ? null : JSON.stringify(input.eventTypes),
        auth_type: input.authType,
        credentials_sealed: sealCredentials(ctx.secrets, credentialsFor(input.authType, input.credentials)),
        secret_sealed: ctx.secrets.seal(secret, PURPOSE.secret),
        previous_secret_sealed: null, previous_secret_expires_at: null,
        last_status: null, last_successful_at: null, last_failure_at: null, consecutive_exhausted: 0,
        disabled_reason: null, disabled_at: null, created_at: now, updated_at: now,
      }).returning('id').executeTakeFirstOrThrow();
      const created = (await findWebhookById(trx, teamId, Number(id)))!;
      await recordAudit(trx, {
        teamId, actor: meta.actor, action: 'webhook.created', target: { type: 'webhook', id: created.public_id },
        ip: meta.ip ?? null, userAgent: meta.userAgent ?? null,
        details: { url: created.url, auth_type: created.auth_type, event_types: input.eventTypes ?? null },
      }, now);
      return created;
    });
    return { row, secret };
  } catch (err) {
    // Two concurrent creates with one URL: the unique constraint decides, the loser gets the contract's 409.
    if (isUniqueViolation(err)) throw apiError('resource_already_exists', DUPLICATE_URL);
    throw err;
  }
}
