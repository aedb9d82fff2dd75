// /api/audience/contacts…: contacts, bulk create, list membership (single and bulk).
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { Violations } from '../http/validation.js';
import { bulkCreateContacts, changeContact, CONTACT_NOT_FOUND, createContact } from './commands/contacts.js';
import { createWithDoubleOptIn } from './commands/double-opt-in.js';
import { contactIdsOf, deleteContact, findContact, hydrateOne, pageContacts, type ContactFilter } from './contact-store.js';
import { validateBulkCreate, validateContactCreate, validateContactUpdate, validatePairs } from './input.js';
import { LIST_NOT_FOUND } from './list-routes.js';
import { findList, listIdsOf } from './list-store.js';
import { attachPairs, detachPairs } from './membership-store.js';
import { isUuid, pageOf, pagination, queryText, queryUuid } from './params.js';
import { contactView } from './presenters.js';
import { CONTACT_STATUSES, type ContactStatus } from './tables.js';

type ContactParams = { Params: { contactId: string } };
type PairParams = { Params: { contactId: string; listId: string } };

/** Resolves a segment id to a filter; the segments slice supplies it (unknown ids are a 422 either way). */
export type SegmentFilterOf = (teamId: number, publicId: string) => Promise<ContactFilter['segment'] | undefined>;

export function contactRoutes(ctx: AppContext, segmentFilterOf: SegmentFilterOf) {
  const db = ctx.db.kysely;
  return async (app: FastifyInstance) => {
    app.get('/audience/contacts', { config: { scope: 'audience:read' } }, async (request) => {
      const bag = new Violations();
      const page = pageOf(request.query, bag);
      const search = queryText(request.query, 'search', bag);
      const status = queryText(request.query, 'status', bag);
      if (status !== null && !(CONTACT_STATUSES as readonly string[]).includes(status)) bag.add('status', 'The selected status is invalid.');
      const listPublic = queryUuid(request.query, 'list_id', bag);
      const segmentPublic = queryUuid(request.query, 'segment_id', bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const list = listPublic === null ? null : await findList(db, teamId, listPublic);
      if (listPublic !== null && !list) bag.add('list_id', 'The selected list_id is invalid.');
      const segment = segmentPublic === null ? null : await segmentFilterOf(teamId, segmentPublic);
      if (segmentPublic !== null && !segment) bag.add('segment_id', 'The selected segment_id is invalid.');
      bag.throwIfAny();
      const filter: ContactFilter = { search, status: status as ContactStatus | null, listId: list?.id ?? null, segment: segment ?? null };
      const { rows, total } = await pageContacts(db, teamId, filter, page);
      return { message: 'Contacts retrieved successfully.', data: { contacts: rows.map(contactView), pagination: pagination(total, page) } };
    });

    app.post('/audience/contacts', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const input = validateContactCreate(request.body);
      const contact = input.doubleOptIn
        ? await createWithDoubleOptIn(ctx, request.auth!, input)
        : (await createContact(ctx, request.auth!.teamId, input, 'subscribed')).contact;
      return reply.code(201).send({ message: 'Contact created successfully.', data: contactView(contact) });
    });

    app.post('/audience/contacts/bulk', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const input = validateBulkCreate(request.body);
      const result = await bulkCreateContacts(ctx, request.auth!.teamId, input);
      return reply.code(201).send({ message: 'Contacts created successfully.', data: result });
    });

    app.post('/audience/contacts/lists/bulk', { config: { scope: 'audience:write' } }, async (request) => {
      const { contactIds, listIds } = validatePairs(request.body);
      const teamId = request.auth!.teamId;
      const out = await db.transaction().execute(async (trx) => {
        const { contacts, lists } = await resolvePairs(trx, teamId, contactIds, listIds);
        const attached = await attachPairs(trx, teamId, contacts, lists, ctx.clock.now());
        const total = contacts.length * lists.length;
        return { attached, already_attached: total - attached, total_pairs: total };
      });
      return { message: 'Contacts attached to lists successfully.', data: out };
    });

    app.delete('/audience/contacts/lists/bulk', { config: { scope: 'audience:write', body: 'json' } }, async (request) => {
      const { contactIds, listIds } = validatePairs(request.body);
      const teamId = request.auth!.teamId;
      const out = await db.transaction().execute(async (trx) => {
        const { contacts, lists } = await resolvePairs(trx, teamId, contactIds, listIds);
        const detached = await detachPairs(trx, teamId, contacts, lists);
        const total = contacts.length * lists.length;
        return { detached, not_present: total - detached, total_pairs: total };
      });
      return { message: 'Contacts detached from lists successfully.', data: out };
    });

    app.get<ContactParams>('/audience/contacts/:contactId', { config: { scope: 'audience:read' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const row = isUuid(request.params.contactId) ? await findContact(db, teamId, request.params.contactId) : null;
      if (!row) throw notFound(CONTACT_NOT_FOUND);
      return { message: 'Contact retrieved successfully.', data: contactView(await hydrateOne(db, teamId, row)) };
    });

    app.patch<ContactParams>('/audience/contacts/:contactId', { config: { scope: 'audience:write' } }, async (request) => {
      if (!isUuid(request.params.contactId)) throw notFound(CONTACT_NOT_FOUND);
      const input = validateContactUpdate(request.body);
      const contact = await changeContact(ctx, request.auth!.teamId, request.params.contactId, input);
      return { message: 'Contact updated successfully.', data: contactView(contact) };
    });

    app.delete<ContactParams>('/audience/contacts/:contactId', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const row = isUuid(request.params.contactId) ? await findContact(db, teamId, request.params.contactId) : null;
      if (!row) throw notFound(CONTACT_NOT_FOUND);
      await deleteContact(db, teamId, row.id);
      return reply.code(204).send();
    });

    app.post<PairParams>('/audience/contacts/:contactId/lists/:listId', { config: { scope: 'audience:write', body: 'none' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const added = await db.transaction().execute(async (trx) => {
        const { contact, list } = await pairOrFail(trx, teamId, request.params);
        return attachPairs(trx, teamId, [contact], [list], ctx.clock.now());
      });
      return added > 0
        ? reply.code(201).send({ message: 'Contact added to list.' })
        : reply.code(200).send({ message: 'Contact is already in the list.' });
    });

    app.delete<PairParams>('/audience/contacts/:contactId/lists/:listId', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      await db.transaction().execute(async (trx) => {
        const { contact, list } = await pairOrFail(trx, teamId, request.params);
        await detachPairs(trx, teamId, [contact], [list]);
      });
      return reply.code(204).send();
    });
  };
}

type Trx = Parameters<typeof listIdsOf>[0];

async function pairOrFail(trx: Trx, teamId: number, p: { contactId: string; listId: string }): Promise<{ contact: number; list: number }> {
  const contact = isUuid(p.contactId) ? (await contactIdsOf(trx, teamId, [p.contactId])).get(p.contactId) : undefined;
  if (contact === undefined) throw notFound(CONTACT_NOT_FOUND);
  const list = isUuid(p.listId) ? (await listIdsOf(trx, teamId, [p.listId])).get(p.listId) : undefined;
  if (list === undefined) throw notFound(LIST_NOT_FOUND);
  return { contact, list };
}

/** Every id must be the team's (422 naming the index otherwise). */
async function resolvePairs(trx: Trx, teamId: number, contactIds: string[], listIds: string[]): Promise<{ contacts: number[]; lists: number[] }> {
  const [contacts, lists] = await Promise.all([contactIdsOf(trx, teamId, contactIds), listIdsOf(trx, teamId, listIds)]);
  const bag = new Violations();
  contactIds.forEach((id, i) => { if (!contacts.has(id)) bag.add(`contact_ids.${i}`, `The selected contact_ids.${i} is invalid.`); });
  listIds.forEach((id, i) => { if (!lists.has(id)) bag.add(`list_ids.${i}`, `The selected list_ids.${i} is invalid.`); });
  bag.throwIfAny();
  return { contacts: [...contacts.values()], lists: [...lists.values()] };
}
