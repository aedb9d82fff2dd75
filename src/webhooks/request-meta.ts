// Who made an API change, for the audit entry.
import type { FastifyRequest } from 'fastify';
import { requestOrigin } from '../http/credentials.js';
import type { RequestMeta } from './commands/create-webhook.js';

export const requestMeta = (request: FastifyRequest): RequestMeta => requestOrigin(request);
