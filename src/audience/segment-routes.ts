// /api/audience/segments…: rule sets checked against the team's properties at write time, evaluated in SQL, with the
// member count refreshed on every write and read of one segment.
import type { FastifyInstance } from 'fastify';
import { jsonParse } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { isPlainObject, Violations } from '../http/validation.js';
import { propertiesByName } from './contact-store.js';
import { requiredName } from './input.js';
import { findList } from './list-store.js';
import { isUuid, pageOf, pagination, queryUuid } from './params.js';
import { parseGroups, resolveGroups, type ConditionGroup } from './segment-rules.js';
import { deleteSegment, findSegment, insertSegment, pageSegments, refreshCount, segmentNameTaken, updateSegment, type SegmentRow } from './segment-store.js';

export const SEGMENT_NOT_FOUND = 'Segment not found.';
const TAKEN = 'The name has already been taken.';

const segmentView = (s: SegmentRow) => ({
  id: s.public_id, name: s.name, list_id: s.list_public_id, list_name: s.list_name,
  condition_groups: jsonParse<ConditionGroup[]>(s.condition_groups, []), cached_contacts_count: s.cached_contacts_count,
  created_at: new Date(s.created_at).toISOString(),
});

type SegmentParams = { Params: { segmentId: string } };

export function segmentRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;

  /** The body's fields, checked (partial for PATCH); list and properties looked up for the team. */
  async function readBody(teamId: number, raw: unknown, partial: boolean, exceptId: number | null) {
    const bag = new Violations();
    const b = isPlainObject(raw) ? raw : {};
    const name = requiredName(b.name, bag, 'name', !partial);
    let listId: number | null | undefined;
    if (b.list_id === null) listId = null;
    else if (b.list_id !== undefined) {
      if (!isUuid(b.list_id)) bag.add('list_id', 'The list_id field must be a valid UUID.');
      else listId = (await findList(db, teamId, b.list_id))?.id;
      if (isUuid(b.list_id) && listId === undefined) bag.add('list_id', 'The selected list_id is invalid.');
    }
    let groups: ConditionGroup[] | undefined;
    if (b.conditions === undefined && !partial) bag.add('conditions', 'The conditions field is required.');
    else if (b.conditions !== undefined) {
      const parsed = parseGroups(b.conditions, (f, m) => bag.add(f, m));
      if (parsed && resolveGroups(parsed, await propertiesByName(db, teamId), (f, m) => bag.add(f, m))) groups = parsed;
    }
    if (name !== undefined && await segmentNameTaken(db, teamId, name, exceptId)) bag.add('name', TAKEN);
    bag.throwIfAny();
    return { name, listId, groups };
  }

  const segmentOr404 = async (teamId: number, id: string) => {
    const s = isUuid(id) ? await findSegment(db, teamId, id) : null;
    if (!s) throw notFound(SEGMENT_NOT_FOUND);
    return s;
  };
  const withCount = async (teamId: number, s: SegmentRow) => ({ ...s, cached_contacts_count: await refreshCount(ctx.db, teamId, s) });

  return async (app: FastifyInstance) => {
    app.get('/audience/segments', { config: { scope: 'audience:read' } }, async (request) => {
      const bag = new Violations();
      const page = pageOf(request.query, bag);
      const listPublic = queryUuid(request.query, 'list_id', bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const list = listPublic === null ? null : await findList(db, teamId, listPublic);
      if (listPublic !== null && !list) bag.add('list_id', 'The selected list_id is invalid.').throwIfAny();
      const { rows, total } = await pageSegments(db, teamId, list?.id ?? null, page);
      return { message: 'Segments retrieved successfully.', data: { segments: rows.map(segmentView), pagination: pagination(total, page) } };
    });

    app.post('/audience/segments', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const input = await readBody(teamId, request.body, false, null);
      const id = await insertSegment(db, teamId, { name: input.name!, listId: input.listId ?? null, groups: input.groups! }, ctx.clock.now());
      const row = await withCount(teamId, (await findSegment(db, teamId, id))!);
      return reply.code(201).send({ message: 'Segment created successfully.', data: segmentView(row) });
    });

    app.get<SegmentParams>('/audience/segments/:segmentId', { config: { scope: 'audience:read' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const row = await withCount(teamId, await segmentOr404(teamId, request.params.segmentId));
      return { message: 'Segment retrieved successfully.', data: segmentView(row) };
    });

    app.patch<SegmentParams>('/audience/segments/:segmentId', { config: { scope: 'audience:write' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const found = await segmentOr404(teamId, request.params.segmentId);
      const input = await readBody(teamId, request.body, true, found.id);
      await updateSegment(db, teamId, found.id, input, ctx.clock.now());
      const row = await withCount(teamId, (await findSegment(db, teamId, found.public_id))!);
      return { message: 'Segment updated successfully.', data: segmentView(row) };
    });

    app.delete<SegmentParams>('/audience/segments/:segmentId', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const found = await segmentOr404(teamId, request.params.segmentId);
      await deleteSegment(db, teamId, found.id);
      return reply.code(204).send();
    });
  };
}
