// Double opt-in (spec §8; docs learn/audience/double-opt-in): the contact is created `unverified` and the confirmation
// mail goes out through Lettr's own send path, in the same transaction: a missing template (404) or a refused sender
// leaves no contact behind. {{confirmation_url}} is a signed, expiring, single-use link served by /confirm/<token>.
import type { AuthContext } from '../../http/credentials.js';
import type { AppContext } from '../../http/context.js';
import { ApiError, validationFailed } from '../../http/errors.js';
import { acceptSend } from '../../sending/index.js';
import { CONFIRM_TTL_MS, issueConfirmToken } from '../confirm-token.js';
import type { HydratedContact } from '../contact-store.js';
import type { ContactCreate } from '../input.js';
import { createContact } from './contacts.js';

export const CONFIRM_TEMPLATE_NOT_FOUND = 'Double opt-in confirmation template not found.';

export async function createWithDoubleOptIn(ctx: AppContext, auth: AuthContext, input: ContactCreate): Promise<HydratedContact> {
  const opt = input.doubleOptIn!;
  const now = ctx.clock.now();
  const { contact } = await createContact(ctx, auth.teamId, input, 'unverified', async (trx, row, properties) => {
    const { id } = await trx.insertInto('audience_confirmations').values({
      team_id: auth.teamId, contact_id: row.id, redirect_url: opt.redirectUrl, expires_at: now + CONFIRM_TTL_MS, used_at: null, created_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    const confirmationUrl = `${ctx.config.publicUrl}/confirm/${issueConfirmToken(ctx.secrets, auth.teamId, id)}`;
    try {
      await acceptSend(ctx, trx, {
        auth, scheduled: false, now,
        body: {
          from: opt.from, ...(opt.fromName ? { from_name: opt.fromName } : {}), subject: opt.subject, template_slug: opt.templateSlug,
          to: [row.email], substitution_data: { ...properties, email: row.email, confirmation_url: confirmationUrl },
          // It must reach an address that is not subscribed yet: transactional.
          options: { transactional: true },
        },
      });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'template_not_found') throw new ApiError(404, 'template_not_found', CONFIRM_TEMPLATE_NOT_FOUND);
      if (err.code === 'invalid_domain' || err.code === 'unconfigured_domain') throw validationFailed({ 'double_opt_in.from': [err.message] });
      if (err.code === 'validation_error') {
        throw validationFailed(Object.fromEntries(Object.entries(err.extra.errors ?? {}).map(([k, v]) => [`double_opt_in.${k}`, v])));
      }
      throw err;
    }
  });
  return contact;
}
