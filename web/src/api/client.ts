// The one way the app talks to Lettr: JSON over /dashboard/api with the session cookie (the browser never holds an
// API key) and the CSRF token echoed on every mutation (docs/dashboard-api.md "CSRF").
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldErrors = {},
  ) {
    super(message);
  }
}

const BASE = '/dashboard/api';

function csrfCookie(): string | null {
  const m = /(?:^|;\s*)lettr_csrf=([^;]+)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]!) : null;
}

async function csrfToken(): Promise<string> {
  const existing = csrfCookie();
  if (existing) return existing;
  const r = await fetch(`${BASE}/csrf`, { credentials: 'same-origin' });
  const body = (await r.json()) as { data: { csrf_token: string } };
  return body.data.csrf_token;
}

export async function api<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = await csrfToken();
  const r = await fetch(`${BASE}${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  const json = text ? safeJson(text) : null;
  if (!r.ok) {
    const j = (json ?? {}) as { message?: string; error_code?: string; errors?: FieldErrors };
    throw new ApiError(r.status, j.error_code ?? 'http_error', j.message ?? `Request failed (${r.status}).`, j.errors ?? {});
  }
  return ((json as { data?: T } | null)?.data ?? null) as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export const get = <T,>(path: string) => api<T>('GET', path);
export const post = <T,>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const patch = <T,>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const put = <T,>(path: string, body: unknown) => api<T>('PUT', path, body);
export const del = <T,>(path: string, body?: unknown) => api<T>('DELETE', path, body);

/**
 * The server's field errors keyed the way forms name their fields: `allowed_ips.2` → `allowed_ips`, messages joined.
 */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [k, msgs] of Object.entries(e.errors)) {
    const field = k.split('.')[0]!;
    out[field] = out[field] ? `${out[field]} ${msgs.join(' ')}` : msgs.join(' ');
  }
  return out;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : 'Something went wrong.';
}
