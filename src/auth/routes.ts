// API key administration over HTTP (beyond the contract: the public Lettr API has no key endpoints, spec §1.6 ▶).
// Only a Full Access live key may manage keys; every change is audited with the acting key, IP and user agent.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../http/context.js';
import { requestOrigin } from '../http/credentials.js';
import { ApiError, notFound, validationFailed } from '../http/errors.js';
import { isPlainObject } from '../http/validation.js';
import { createApiKey } from './commands/create-api-key.js';
import { revokeApiKey, rotateApiKey, updateApiKey } from './commands/change-api-key.js';
import { validateKeyInput } from './key-input.js';
import { apiKeyView } from './presenters.js';
import { parseGrace } from './grace.js';
import { getKey, keyWasRotated, listKeys } from './store.js';

const origin = (request: FastifyRequest) => requestOrigin(request);

export const ROTATED_KEY_LOCKED =
  'This API key was rotated and is in its grace period: it still sends and reads, but cannot create, change, rotate or revoke keys. Use its successor.';

function keyId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw notFound('API key not found.');
  return Number(raw);
}

export function apiKeyRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const db = ctx.db.kysely;
    const full = { config: { scope: 'full_access' as const } };

    /**
     * A key in its grace period is on its way out, perhaps because it leaked: it must not mint its own replacement
     * or new keys, nor change others (spec §1.6 rotation is not an escalation path). Revoking itself stays allowed.
     */
    const refuseRotatedKey = async (request: FastifyRequest, targetId?: number) => {
      const own = request.auth!.apiKeyId;
      if (own === null || own === targetId) return;
      if (await keyWasRotated(db, own)) throw new ApiError(403, 'insufficient_scope', ROTATED_KEY_LOCKED);
    };

    /** The team's key, or 404: another team's key id is indistinguishable from a missing one. */
    const ownKey = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const row = await getKey(db, keyId(request.params.id));
      if (!row || row.team_id !== request.auth!.teamId) throw notFound('API key not found.');
      return row;
    };

    app.get('/api-keys', full, async (request) => ({
      message: 'API keys retrieved successfully.',
      data: { api_keys: (await listKeys(db, request.auth!.teamId)).map((r) => apiKeyView(r, ctx.clock.now())) },
    }));

    app.get<{ Params: { id: string } }>('/api-keys/:id', full, async (request) => ({
      message: 'API key retrieved successfully.',
      data: apiKeyView(await ownKey(request), ctx.clock.now()),
    }));

    app.post('/api-keys', full, async (request, reply) => {
      await refuseRotatedKey(request);
      const body = isPlainObject(request.body) ? request.body : {};
      const v = validateKeyInput(body, 'create');
      const type = (body.type ?? 'live') as 'live' | 'sandbox';
      const errors = v.ok ? {} : { ...v.errors };
      if (type !== 'live' && type !== 'sandbox') errors.type = ['The type must be live or sandbox.'];
      if (!v.ok || Object.keys(errors).length) throw validationFailed(errors);
      const { row, key } = await createApiKey(db, {
        teamId: request.auth!.teamId, name: v.value.name!, permission: v.value.permission!, scopes: v.value.scopes,
        allowedIps: v.value.allowedIps, type, createdBy: request.auth!.createdByUserId,
      }, origin(request), ctx.clock.now());
      return reply.code(201).send({ message: 'API key created successfully. Store it now: it is shown only once.', data: { ...apiKeyView(row), key } });
    });

    app.patch<{ Params: { id: string } }>('/api-keys/:id', full, async (request) => {
      const row = await ownKey(request);
      await refuseRotatedKey(request);
      const v = validateKeyInput(isPlainObject(request.body) ? request.body : {}, 'update');
      if (!v.ok) throw validationFailed(v.errors);
      const r = await updateApiKey(db, row.id, { name: v.value.name, permission: v.value.permission, scopes: v.value.scopes, allowedIps: v.value.allowedIps }, origin(request), ctx.clock.now());
      if (!r.ok) throw notFound('API key not found.');
      return { message: 'API key updated successfully.', data: apiKeyView(r.value, ctx.clock.now()) };
    });

    app.post<{ Params: { id: string } }>('/api-keys/:id/rotate', { config: { ...full.config, body: 'optional' as const } }, async (request, reply) => {
      const row = await ownKey(request);
      await refuseRotatedKey(request);
      const body = isPlainObject(request.body) ? request.body : {};
      let graceMs = ctx.config.keyRotationGraceMs;
      if (body.grace !== undefined) {
        const g = parseGrace(body.grace);
        if (!g.ok) throw validationFailed({ grace: [g.problem] });
        graceMs = g.value;
      }
      const r = await rotateApiKey(db, row.id, graceMs, origin(request), ctx.clock.now());
      if (!r.ok) throw r.reason === 'not_found' ? notFound('API key not found.') : validationFailed({ id: ['A revoked or expired key cannot be rotated.'] });
      return reply.code(201).send({
        message: 'API key rotated successfully. Store the new key now: it is shown only once.',
        data: { ...apiKeyView(r.value.row), key: r.value.key, previous: apiKeyView(r.value.old, ctx.clock.now()) },
      });
    });

    app.delete<{ Params: { id: string } }>('/api-keys/:id', full, async (request) => {
      const row = await ownKey(request);
      await refuseRotatedKey(request, row.id);
      await revokeApiKey(db, row.id, origin(request), ctx.clock.now());
      return { message: 'API key revoked successfully.' };
    });
  };
}
