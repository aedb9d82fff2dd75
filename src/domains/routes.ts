// /api/domains: the contract's five operations. Scope declared per route; the auth hook enforces it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Origin } from '../auth/index.js';
import { isDatabaseUnavailable } from '../http/error-handler.js';
import { ApiError, notFound } from '../http/errors.js';
import type { AppContext } from '../http/context.js';
import { requestOrigin } from '../http/credentials.js';
import { addDomain } from './commands/add-domain.js';
import { removeDomain } from './commands/manage-domain.js';
import { verifyDomain } from './commands/verify-domain.js';
import { domainFromBody, domainFromPath, requireDomainPath } from './input.js';
import { domainCreatedView, domainDetailView, domainListItemView, publishedKey, verificationStateView } from './presenters.js';
import { recordsToPublish } from './records.js';
import { senderIdentity } from './settings.js';
import { findDomain, listDomains, publishedKeys } from './store.js';

const NOT_FOUND = 'Domain not found.';
type DomainParams = { Params: { domain: string } };

export function domainRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const db = ctx.db.kysely;

    app.get('/domains', { config: { scope: 'domains:read' } }, async (request) =>
      failingAs(request, 'Failed to retrieve domains. Please try again later.', async () => {
        const rows = await listDomains(db, request.auth!.teamId);
        return { message: 'Domains retrieved successfully.', data: { domains: rows.map(domainListItemView) } };
      }));

    app.post('/domains', { config: { scope: 'domains:write' } }, async (request, reply) => {
      const domain = domainFromBody(request.body);
      const created = await failingAs(request, 'We could not register your domain. Please try again later.', () =>
        addDomain(ctx, request.auth!.teamId, domain, originOf(request)));
      return reply.code(201).send({ message: 'Domain created successfully.', data: domainCreatedView(created.row, created.keys) });
    });

    app.get<DomainParams>('/domains/:domain', { config: { scope: 'domains:read' } }, async (request) => {
      const domain = domainFromPath(request.params.domain);
      if (domain === null) throw notFound(NOT_FOUND);
      return failingAs(request, 'Failed to retrieve domain. Please try again later.', async () => {
        const row = await findDomain(db, request.auth!.teamId, domain);
        if (!row) throw notFound(NOT_FOUND);
        const keys = await publishedKeys(db, row.team_id, row.id);
        const view = domainDetailView(row, keys);
        // Beyond the contract: every record to publish for this deployment, not only DKIM (spec §6.3).
        const records = recordsToPublish(row.domain, keys.map(publishedKey), senderIdentity(ctx.config));
        return {
          message: 'Domain retrieved successfully.',
          data: { ...view, dns: view.dns ? { ...view.dns, records } : null, verification: verificationStateView(row) },
        };
      });
    });

    app.delete<DomainParams>('/domains/:domain', { config: { scope: 'domains:write' } }, async (request, reply) => {
      const domain = requireDomainPath(request.params.domain);
      const removed = await failingAs(request, 'Failed to delete domain. Please try again later.', () =>
        removeDomain(ctx, request.auth!.teamId, domain, originOf(request)));
      if (!removed) throw notFound(NOT_FOUND);
      return reply.code(204).send();
    });

    app.post<DomainParams>('/domains/:domain/verify', { config: { scope: 'domains:write', body: 'none' } }, async (request) => {
      const domain = requireDomainPath(request.params.domain);
      return failingAs(request, 'Failed to verify domain. Please try again later.', async () => {
        const row = await findDomain(db, request.auth!.teamId, domain);
        const verified = row ? await verifyDomain(ctx, row, originOf(request)) : null;
        if (!verified) throw notFound(NOT_FOUND);
        return { message: 'Domain verification completed.', data: verified.view };
      });
    });
  };
}

const originOf = (request: FastifyRequest): Origin => requestOrigin(request);

/**
 * The contract gives each operation its own 500 message (`send_error`). Contract errors and an unreachable database
 * (503, handled centrally) pass through; anything else is a bug, logged here, answered with that message.
 */
async function failingAs<T>(request: FastifyRequest, message: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ApiError || isDatabaseUnavailable(err)) throw err;
    request.log.error({ err }, message);
    throw new ApiError(500, 'send_error', message);
  }
}
