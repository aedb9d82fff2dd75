// Contact writes: each one transaction, checks and change together (a unique email cannot slip in between).
import { removeSuppression } from '../../delivery/index.js';
import type { Executor } from '../../db/index.js';
import type { AppContext } from '../../http/context.js';
import { notFound, validationFailed } from '../../http/errors.js';
import { Violations } from '../../http/validation.js';
import {
  findContact, findContactByEmail, emailTaken, hydrateOne, insertContact, insertContacts, propertiesByName, putValues, removeValues, updateContact,
  type ContactRow, type HydratedContact,
} from '../contact-store.js';
import { propertyValues, type BulkCreate, type ContactCreate, type ContactUpdate } from '../input.js';
import { listIdsOf } from '../list-store.js';
import { attachPairs } from '../membership-store.js';
import type { ContactStatus } from '../tables.js';

export const CONTACT_NOT_FOUND = 'Contact not found.';

async function listIdOrFail(trx: Parameters<typeof listIdsOf>[0], teamId: number, publicId: string | null, bag: Violations): Promise<number | null> {
  if (publicId === null) return null;
  const id = (await listIdsOf(trx, teamId, [publicId])).get(publicId);
  if (id === undefined) bag.add('list_id', 'The selected list_id is invalid.');
  return id ?? null;
}

/** `then` runs inside the transaction after the insert (double opt-in sends its mail there: a refusal undoes both). */
export async function createContact(
  ctx: AppContext, teamId: number, input: ContactCreate, status: ContactStatus,
  then?: (trx: Executor, row: ContactRow, properties: Record<string, string>) => Promise<void>,
): Promise<{ contact: HydratedContact }> {
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const bag = new Violations();
    const listId = await listIdOrFail(trx, teamId, input.listId, bag);
    const values = propertyValues(input.properties, await propertiesByName(trx, teamId), bag, false);
    if (await findContactByEmail(trx, teamId, input.email)) bag.add('email', 'The email has already been taken.');
    bag.throwIfAny();
    const row = await insertContact(trx, teamId, input.email, status, now);
    await putValues(trx, teamId, [row.id], values.set);
    if (listId !== null) await attachPairs(trx, teamId, [row.id], [listId], now);
    const contact = await hydrateOne(trx, teamId, row);
    if (then) await then(trx, row, contact.properties);
    return { contact };
  });
}

export async function changeContact(ctx: AppContext, teamId: number, publicId: string, input: ContactUpdate): Promise<HydratedContact> {
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await findContact(trx, teamId, publicId);
    if (!row) throw notFound(CONTACT_NOT_FOUND);
    const bag = new Violations();
    const values = propertyValues(input.properties, await propertiesByName(trx, teamId), bag, true);
    if (input.email !== undefined && await emailTaken(trx, teamId, input.email, row.id)) bag.add('email', 'The email has already been taken.');
    bag.throwIfAny();
    await updateContact(trx, teamId, row.id, { email: input.email, status: input.status }, now);
    await putValues(trx, teamId, [row.id], values.set);
    await removeValues(trx, teamId, row.id, values.remove);
    // The team re-subscribing a contact (consent it holds) lifts the marketing block an earlier unsubscribe put on the address.
    if (input.status === 'subscribed' && row.status !== 'subscribed') {
      await removeSuppression(trx, teamId, input.email ?? row.email, { reason: 'unsubscribe' });
    }
    const updated: ContactRow = { ...row, email: input.email ?? row.email, status: input.status ?? row.status };
    return hydrateOne(trx, teamId, updated);
  });
}

export interface BulkResult { created: number; already_existed: number; results: Array<{ email: string; result: 'created' | 'already_existed' }> }

/** Up to 1 000 normalised, de-duplicated addresses in one transaction; existing contacts are left as they are. */
export async function bulkCreateContacts(ctx: AppContext, teamId: number, input: BulkCreate): Promise<BulkResult> {
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const bag = new Violations();
    const listId = await listIdOrFail(trx, teamId, input.listId, bag);
    const values = propertyValues(input.properties, await propertiesByName(trx, teamId), bag, false);
    if (bag.has()) throw validationFailed(bag.errors);
    const existing = new Set<string>();
    for (let i = 0; i < input.emails.length; i += 500) {
      const rows = await trx.selectFrom('audience_contacts').select('email')
        .where('team_id', '=', teamId).where('email', 'in', input.emails.slice(i, i + 500)).execute();
      for (const r of rows) existing.add(r.email);
    }
    const fresh = input.emails.filter((e) => !existing.has(e));
    const createdIds = await insertContacts(trx, teamId, fresh, 'subscribed', now);
    await putValues(trx, teamId, createdIds, values.set);
    if (listId !== null) {
      const all: number[] = [...createdIds];
      const known = [...existing];
      for (let i = 0; i < known.length; i += 500) {
        const rows = await trx.selectFrom('audience_contacts').select('id')
          .where('team_id', '=', teamId).where('email', 'in', known.slice(i, i + 500)).execute();
        all.push(...rows.map((r) => r.id));
      }
      await attachPairs(trx, teamId, all, [listId], now);
    }
    return {
      created: fresh.length,
      already_existed: existing.size,
      results: input.emails.map((email) => ({ email, result: existing.has(email) ? 'already_existed' as const : 'created' as const })),
    };
  });
}
