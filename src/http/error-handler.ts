// Maps every failure to the contract's envelopes. ApiError carries its own shape (bodies.ts raises the body errors as
// ApiErrors); Fastify's own parser errors become the same 422s that name the body; a database that cannot be reached is a 503 with Retry-After (nothing was stored); anything else
// is a bug: logged with the request id, answered with the contract's generic 500.
import type { FastifyError, FastifyInstance } from 'fastify';
import { invalidJson, wrongMediaType } from './bodies.js';
import { ApiError, ERROR_CODES } from './errors.js';

// PostgreSQL connection loss / shutdown / read-only, and SQLite's busy / read-only / full / I/O failures.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006', '25006',
  'SQLITE_BUSY', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_FULL', 'SQLITE_IOERR', 'SQLITE_CANTOPEN', 'SQLITE_PROTOCOL',
  // The WAL fsync of the durability barrier (db/wal-sync.ts) failing: nothing may be answered as stored.
  'EIO', 'ENOSPC', 'EROFS', 'EDQUOT',
]);

export function isDatabaseUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  if (!e) return false;
  if (e.code && (UNAVAILABLE_CODES.has(e.code) || e.code.startsWith('SQLITE_IOERR'))) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(e.message ?? '');
}

// PostgreSQL refuses text it cannot store (a U+0000 NUL, invalid UTF-8): 22021 character_not_in_repertoire,
// 22P05 untranslatable_character. SQLite stores the same bytes, so this only shows on PostgreSQL; the input is at
// fault, never the server (found by the bad-input barrage: a NUL in a template slug).
const UNSTORABLE_TEXT_CODES = new Set(['22021', '22P05']);

export function isUnstorableText(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code;
  return !!code && UNSTORABLE_TEXT_CODES.has(code);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err instanceof ApiError) {
      if (err.extra.headers) reply.headers(err.extra.headers);
      if (err.code && ERROR_CODES[err.code].report) request.log.error({ err }, err.message);
      return reply.code(err.status).send(err.toBody());
    }
    if (err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError || err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
      return reply.code(422).send(invalidJson().toBody());
    }
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ message: 'The request body is too large.', error_code: 'validation_error' });
    }
    if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      // The contract lists 422 (not 415) for body-taking operations; the hosted API answers a body it cannot read so.
      return reply.code(422).send(wrongMediaType().toBody());
    }
    if (err.validation) {
      // Route schemas are only a first gate; capabilities validate bodies themselves with the contract's messages.
      return reply.code(422).send({ message: 'Validation failed.', error_code: 'validation_error', errors: { [err.validationContext ?? 'body']: [err.message] } });
    }
    if (isUnstorableText(err)) {
      return reply.code(422).send({ message: 'Validation failed.', error_code: 'validation_error', errors: { body: ['The request contains characters that cannot be stored (such as U+0000).'] } });
    }
    if (isDatabaseUnavailable(err)) {
      request.log.error({ err }, 'database unavailable');
      reply.header('Retry-After', '5');
      return reply.code(503).send({ message: 'The service is temporarily unavailable. Please retry shortly.', error_code: 'service_unavailable' });
    }
    if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ message: err.message, error_code: 'validation_error' });
    }
    request.log.error({ err }, 'unhandled error');
    return reply.code(500).send({ message: 'An unexpected error occurred. Please try again later.', error_code: 'send_error' });
  });
}
