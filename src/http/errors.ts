// One registry of error codes and one error type; the error handler (error-handler.ts) shapes every body from it.
// Codes are the contract's ErrorCode enum plus the ones Lettr's docs use but the enum lacks (spec §2.7).

export const ERROR_CODES = {
  validation_error: { status: 422, report: false },
  invalid_domain: { status: 400, report: false },
  unconfigured_domain: { status: 400, report: false },
  send_error: { status: 500, report: true },
  retrieval_error: { status: 500, report: true },
  transmission_failed: { status: 502, report: true },
  resource_already_exists: { status: 409, report: false },
  not_found: { status: 404, report: false },
  template_not_found: { status: 404, report: false },
  insufficient_scope: { status: 403, report: false },
  schedule_cancellation_failed: { status: 409, report: false },
  quota_exceeded: { status: 429, report: false },
  daily_quota_exceeded: { status: 429, report: false },
  campaign_not_sendable: { status: 422, report: false },
  campaign_not_scheduled: { status: 422, report: false },
  // Used by Lettr's docs, absent from the contract's enum (spec security-and-events §2.7):
  sandbox_restricted: { status: 403, report: false },
  rate_limit_exceeded: { status: 429, report: false },
  campaign_has_pending_schedule: { status: 422, report: false },
  // Ours: the database is unreachable (PostgreSQL restarting, SQLite read-only); the request stored nothing.
  service_unavailable: { status: 503, report: true },
  // Ours, dashboard only (/dashboard/api, docs/dashboard-api.md):
  unauthenticated: { status: 401, report: false },
  invalid_credentials: { status: 401, report: false },
  csrf_failed: { status: 403, report: false },
  two_factor_required: { status: 403, report: false },
  forbidden: { status: 403, report: false },
  conflict: { status: 409, report: false },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | null,
    message: string,
    readonly extra: { errors?: FieldErrors; headers?: Record<string, string>; body?: Record<string, unknown> } = {},
  ) {
    super(message);
  }

  /** The response body: the contract's envelope for this kind of error. */
  toBody(): Record<string, unknown> {
    if (this.extra.body) return this.extra.body;
    const body: Record<string, unknown> = { message: this.message };
    if (this.code) body.error_code = this.code;
    if (this.extra.errors) body.errors = this.extra.errors;
    return body;
  }
}

export const apiError = (code: ErrorCode, message: string, status: number = ERROR_CODES[code].status) =>
  new ApiError(status, code, message);

export const notFound = (message: string) => new ApiError(404, 'not_found', message);

export const validationFailed = (errors: FieldErrors) =>
  new ApiError(422, 'validation_error', 'Validation failed.', { errors });

/** 401 bodies carry only `message` (contract UnauthorizedResponse). */
export const unauthorized = (message: 'API key is required.' | 'Invalid API key.') => new ApiError(401, null, message);

export const tooManyRequests = (message: string, retryAfterSeconds: number, headers: Record<string, string> = {}) =>
  new ApiError(429, 'rate_limit_exceeded', message, { headers: { ...headers, 'Retry-After': String(retryAfterSeconds) } });
