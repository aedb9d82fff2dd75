// /api/audience/lists…: the contract's six list operations. Scope → validate → store → presenter.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { Violations } from '../http/validation.js';
import { validateListBody, validateListIds } from './input.js';
import { deleteLists, findList, insertList, listIdsOf, listNameTaken, pageLists, renameList } from './list-store.js';
import { isUuid, pageOf, pagination } from './params.js';
import { listView } from './presenters.js';

export const LIST_NOT_FOUND = 'List not found.';
const TAKEN = 'The name has already been taken.';

type ListParams = { Params: { listId: string } };

export function listRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;
  return async (app: FastifyInstance) => {
    app.get('/audience/lists', { config: { scope: 'audience:read' } }, async (request) => {
      const bag = new Violations();
      const page = pageOf(request.query, bag);
      bag.throwIfAny();
      const { rows, total } = await pageLists(db, request.auth!.teamId, page);
      return { message: 'Lists retrieved successfully.', data: { lists: rows.map(listView), pagination: pagination(total, page) } };
    });

    app.post('/audience/lists', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const { name } = validateListBody(request.body, { partial: false });
      const teamId = request.auth!.teamId;
      const row = await db.transaction().execute(async (trx) => {
        if (await listNameTaken(trx, teamId, name!)) new Violations().add('name', TAKEN).throwIfAny();
        return insertList(trx, teamId, name!, ctx.clock.now());
      });
      return reply.code(201).send({ message: 'List created successfully.', data: listView(row) });
    });

    // Static segment: registered beside /audience/lists/:listId, Fastify prefers it.
    app.delete('/audience/lists/bulk', { config: { scope: 'audience:write', body: 'json' } }, async (request) => {
      const publicIds = validateListIds(request.body);
      const teamId = request.auth!.teamId;
      const deleted = await db.transaction().execute(async (trx) => {
        const ids = await listIdsOf(trx, teamId, publicIds);
        // Every id must be one of the team's lists (a foreign id is as unknown as a made-up one).
        const bag = new Violations();
        publicIds.forEach((p, i) => { if (!ids.has(p)) bag.add(`list_ids.${i}`, `The selected list_ids.${i} is invalid.`); });
        bag.throwIfAny();
        return deleteLists(trx, teamId, [...ids.values()]);
      });
      return { message: 'Lists deleted successfully.', data: { deleted } };
    });

    app.get<ListParams>('/audience/lists/:listId', { config: { scope: 'audience:read' } }, async (request) => {
      const row = isUuid(request.params.listId) ? await findList(db, request.auth!.teamId, request.params.listId) : null;
      if (!row) throw notFound(LIST_NOT_FOUND);
      return { message: 'List retrieved successfully.', data: listView(row) };
    });

    app.patch<ListParams>('/audience/lists/:listId', { config: { scope: 'audience:write' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const row = await db.transaction().execute(async (trx) => {
        const found = isUuid(request.params.listId) ? await findList(trx, teamId, request.params.listId) : null;
        if (!found) throw notFound(LIST_NOT_FOUND);
        const { name } = validateListBody(request.body, { partial: true });
        if (name === undefined || name === found.name) return found;
        if (await listNameTaken(trx, teamId, name, found.id)) new Violations().add('name', TAKEN).throwIfAny();
        await renameList(trx, teamId, found.id, name, ctx.clock.now());
        return { ...found, name };
      });
      return { message: 'List updated successfully.', data: listView(row) };
    });

    app.delete<ListParams>('/audience/lists/:listId', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      await db.transaction().execute(async (trx) => {
        const found = isUuid(request.params.listId) ? await findList(trx, teamId, request.params.listId) : null;
        if (!found) throw notFound(LIST_NOT_FOUND);
        await deleteLists(trx, teamId, [found.id]);
      });
      return reply.code(204).send();
    });
  };
}
