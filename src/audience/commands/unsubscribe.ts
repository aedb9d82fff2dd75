// An unsubscribe from a signed link (spec §8, issue 15 point 5): marks the contact, blocks the address for
// non-transactional mail on the team's suppression list, and records list_unsubscribe (one-click POST, RFC 8058) or
// link_unsubscribe (the hosted page) once, so webhooks and the events API see it. Transactional mail stays allowed.
// Repeating it (providers retry POSTs) changes nothing and records nothing new.
import { addSuppression, isSuppressed, normalizeAddress, type UnsubscribeClaims } from '../../delivery/index.js';
import type { Executor } from '../../db/index.js';
import { commonEventFields, MAILBOX_PROVIDER_REGION, mailboxProvider, recordEvents } from '../../events/index.js';
import type { AppContext } from '../../http/context.js';
import { eventContextFor, eventRecipient, findMessageByRequestId, recipientsOf } from '../../sending/index.js';

export type UnsubscribeKind = 'list_unsubscribe' | 'link_unsubscribe';

/** Everything (`all`), or only these topics (internal ids of the team's public topics). */
export type UnsubscribeScope = { all: true } | { all: false; topicIds: number[] };

export async function unsubscribe(ctx: AppContext, claims: UnsubscribeClaims, kind: UnsubscribeKind, scope: UnsubscribeScope): Promise<{ changed: boolean }> {
  const now = ctx.clock.now();
  const email = normalizeAddress(claims.email);
  const teamId = claims.teamId;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const contact = await trx.selectFrom('audience_contacts').select(['id', 'status'])
      .where('team_id', '=', teamId).where('email', '=', email).executeTakeFirst();
    let changed = false;
    if (scope.all) {
      // Bounced and complained say more than "unsubscribed"; they stay.
      if (contact && (contact.status === 'subscribed' || contact.status === 'unverified')) {
        await trx.updateTable('audience_contacts').set({ status: 'unsubscribed', updated_at: now }).where('id', '=', contact.id).execute();
        changed = true;
      }
      if (!(await isSuppressed(trx, teamId, email, { transactional: false }))) {
        await addSuppression(trx, { teamId, email, reason: 'unsubscribe', requestId: claims.requestId, transactional: false, nonTransactional: true, now });
        changed = true;
      }
    } else if (contact) {
      for (const topicId of scope.topicIds) {
        const prior = await trx.selectFrom('audience_contact_topics').select('subscribed')
          .where('contact_id', '=', contact.id).where('topic_id', '=', topicId).executeTakeFirst();
        if (prior?.subscribed === 0) continue;
        await trx.insertInto('audience_contact_topics').values({ contact_id: contact.id, topic_id: topicId, team_id: teamId, subscribed: 0, created_at: now })
          .onConflict((oc) => oc.columns(['contact_id', 'topic_id']).doUpdateSet({ subscribed: 0 })).execute();
        changed = true;
      }
    }
    if (changed) await recordUnsubscribeEvent(trx, claims, email, kind, now);
    return { changed };
  });
}

async function recordUnsubscribeEvent(trx: Executor, claims: UnsubscribeClaims, email: string, kind: UnsubscribeKind, now: number): Promise<void> {
  const message = claims.requestId ? await findMessageByRequestId(trx, claims.teamId, claims.requestId) : undefined;
  const recipient = message ? (await recipientsOf(trx, claims.teamId, message.id)).find((r) => normalizeAddress(r.email) === email) : undefined;
  const domain = email.slice(email.lastIndexOf('@') + 1);
  // The message's own fields when its records are still kept; the required common fields otherwise.
  const fields = message && recipient
    ? commonEventFields(eventContextFor(message, recipient))
    : { rcpt_to: email, raw_rcpt_to: email, recipient_domain: domain, mailbox_provider: mailboxProvider(domain), mailbox_provider_region: MAILBOX_PROVIDER_REGION };
  await recordEvents(trx, [{
    teamId: claims.teamId, type: kind, requestId: claims.requestId ?? '', messageId: message?.id ?? null,
    recipient: eventRecipient(email), at: now, fields,
  }]);
}
