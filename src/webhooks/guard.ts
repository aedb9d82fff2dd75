// The contract gives each webhook operation its own 500 message (spec §6.1). Known failures pass through unchanged;
// an unexpected one is logged and answered with that operation's message instead of the generic one.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isDatabaseUnavailable } from '../http/error-handler.js';
import { ApiError } from '../http/errors.js';

export function guard<R extends FastifyRequest, T>(message: string, fn: (request: R, reply: FastifyReply) => Promise<T>) {
  return async (request: R, reply: FastifyReply): Promise<T> => {
    try {
      return await fn(request, reply);
    } catch (err) {
      if (err instanceof ApiError || isDatabaseUnavailable(err)) throw err;
      request.log.error({ err }, message);
      throw new ApiError(500, 'send_error', message);
    }
  };
}
