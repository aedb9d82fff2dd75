// /api/audience/properties…: typed contact fields. Name and type are fixed at creation (spec §8); only the fallback
// value changes. A taken name is the contract's 409.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppContext } from '../http/context.js';
import { apiError, notFound } from '../http/errors.js';
import { isPlainObject, says, Violations } from '../http/validation.js';
import { isUuid, pageOf, pagination } from './params.js';
import { isPropertyType, PROPERTY_TYPES, typedValue, type PropertyType } from './property-values.js';
import type { AudiencePropertiesTable } from './tables.js';

export const PROPERTY_NOT_FOUND = 'Property not found.';
const NAME = /^[a-z][a-z0-9_]*$/;

type PropertyRow = Omit<AudiencePropertiesTable, 'id'> & { id: number };
const propertyView = (p: PropertyRow) => ({
  id: p.public_id, name: p.name, type: p.type, fallback_value: p.fallback_value, created_at: new Date(p.created_at).toISOString(),
});

function fallback(b: Record<string, unknown>, type: PropertyType | undefined, bag: Violations): string | null | undefined {
  const v = b.fallback_value;
  if (v === undefined) return undefined;
  if (v === null) return null;
  if (typeof v !== 'string') { bag.add('fallback_value', says.string('fallback_value')); return undefined; }
  if (v.length > 255) { bag.add('fallback_value', says.maxChars('fallback_value', 255)); return undefined; }
  if (!type) return v;
  const typed = typedValue(type, v);
  if (!typed.ok) { bag.add('fallback_value', `The fallback_value field ${typed.reason}.`); return undefined; }
  return typed.value;
}

type PropertyParams = { Params: { propertyId: string } };

export function propertyRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;
  const find = async (teamId: number, id: string): Promise<PropertyRow> => {
    const row = isUuid(id) ? await db.selectFrom('audience_properties').selectAll().where('team_id', '=', teamId).where('public_id', '=', id).executeTakeFirst() : undefined;
    if (!row) throw notFound(PROPERTY_NOT_FOUND);
    return row;
  };
  return async (app: FastifyInstance) => {
    app.get('/audience/properties', { config: { scope: 'audience:read' } }, async (request) => {
      const bag = new Violations();
      const page = pageOf(request.query, bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const [rows, total] = await Promise.all([
        db.selectFrom('audience_properties').selectAll().where('team_id', '=', teamId).orderBy('name').limit(page.perPage).offset(page.offset).execute(),
        db.selectFrom('audience_properties').where('team_id', '=', teamId).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { message: 'Properties retrieved successfully.', data: { properties: rows.map(propertyView), pagination: pagination(Number(total.n), page) } };
    });

    app.post('/audience/properties', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const bag = new Violations();
      const b = isPlainObject(request.body) ? request.body : {};
      const name = b.name;
      if (name === undefined || name === null || name === '') bag.add('name', says.required('name'));
      else if (typeof name !== 'string') bag.add('name', says.string('name'));
      else if (name.length > 255) bag.add('name', says.maxChars('name', 255));
      else if (!NAME.test(name)) bag.add('name', 'The name field format is invalid: use lower-case letters, digits and underscores, starting with a letter.');
      let type: PropertyType | undefined;
      if (b.type === undefined || b.type === null) bag.add('type', says.required('type'));
      else if (!isPropertyType(b.type)) bag.add('type', says.oneOf('type', PROPERTY_TYPES));
      else type = b.type;
      const fallbackValue = fallback(b, type, bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const now = ctx.clock.now();
      const row = await db.transaction().execute(async (trx) => {
        const taken = await trx.selectFrom('audience_properties').select('id').where('team_id', '=', teamId).where('name', '=', name as string).executeTakeFirst();
        if (taken) throw apiError('resource_already_exists', `A property named ${name as string} already exists.`);
        const values = { public_id: randomUUID(), team_id: teamId, name: name as string, type: type!, fallback_value: fallbackValue ?? null, created_at: now, updated_at: now };
        const { id } = await trx.insertInto('audience_properties').values(values).returning('id').executeTakeFirstOrThrow();
        return { id, ...values };
      });
      return reply.code(201).send({ message: 'Property created successfully.', data: propertyView(row) });
    });

    app.get<PropertyParams>('/audience/properties/:propertyId', { config: { scope: 'audience:read' } }, async (request) => {
      return { message: 'Property retrieved successfully.', data: propertyView(await find(request.auth!.teamId, request.params.propertyId)) };
    });

    app.patch<PropertyParams>('/audience/properties/:propertyId', { config: { scope: 'audience:write' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const row = await find(teamId, request.params.propertyId);
      const bag = new Violations();
      const b = isPlainObject(request.body) ? request.body : {};
      for (const fixed of ['name', 'type']) if (b[fixed] !== undefined) bag.add(fixed, `The ${fixed} of a property cannot be changed.`);
      const fallbackValue = fallback(b, row.type as PropertyType, bag);
      bag.throwIfAny();
      if (fallbackValue === undefined) return { message: 'Property updated successfully.', data: propertyView(row) };
      await db.updateTable('audience_properties').set({ fallback_value: fallbackValue, updated_at: ctx.clock.now() })
        .where('team_id', '=', teamId).where('id', '=', row.id).execute();
      return { message: 'Property updated successfully.', data: propertyView({ ...row, fallback_value: fallbackValue }) };
    });

    app.delete<PropertyParams>('/audience/properties/:propertyId', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const teamId = request.auth!.teamId;
      const row = await find(teamId, request.params.propertyId);
      // Contacts' values for it go with it (foreign key cascade).
      await db.deleteFrom('audience_properties').where('team_id', '=', teamId).where('id', '=', row.id).execute();
      return reply.code(204).send();
    });
  };
}
