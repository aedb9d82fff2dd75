// Who made an API change, for the audit entry.
import type { FastifyRequest } from 'fastify';
import type { RequestMeta } from './commands/create-webhook.js';

export function requestMeta(request: FastifyRequest): RequestMeta {
  const ua = request.headers['user-agent'];
  return { actor: { type: 'api_key', id: request.auth!.apiKeyId }, ip: request.auth!.ip, userAgent: typeof ua === 'string' ? ua : null };
}
