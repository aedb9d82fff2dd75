// A browser for dashboard tests: real HTTP to a listening Lettr (127.0.0.1, port 0) with a real RFC 6265 cookie jar
// (tough-cookie), sending what the dashboard's JavaScript sends: Origin, and the lettr_csrf cookie echoed as
// X-CSRF-Token on every mutation. Error bodies are held to the contract's envelopes; team-scoped capability routes
// (/dashboard/api/teams/:id/emails …) are checked against the contract like their /api twins.
import { CookieJar } from 'tough-cookie';
import { checkResponse, loadContract } from './contract.js';

export interface BrowserResponse<T = any> {
  status: number;
  headers: Headers;
  json: T;
  text: string;
}

export interface BrowserRequest {
  body?: unknown;
  headers?: Record<string, string>;
  /** Do not add the X-CSRF-Token header (a forged request). */
  noCsrf?: boolean;
  /** Origin header to send; null = none. Default: the server's own origin. */
  origin?: string | null;
}

const CAPABILITY = /^\/dashboard\/api\/teams\/\d+(\/.+)$/;
// Our dashboard-only error codes (docs/dashboard-api.md) beside the contract's.
const DASHBOARD_CODES = new Set(['unauthenticated', 'invalid_credentials', 'csrf_failed', 'two_factor_required', 'forbidden', 'conflict']);

export class Browser {
  readonly jar = new CookieJar();
  constructor(readonly baseUrl: string, readonly userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0 test-browser') {}

  async cookie(name: string): Promise<string | undefined> {
    return (await this.jar.getCookies(this.baseUrl)).find((c) => c.key === name)?.value;
  }

  async request<T = any>(method: string, path: string, r: BrowserRequest = {}): Promise<BrowserResponse<T>> {
    const url = this.baseUrl + path;
    // Like the dashboard page, which has made a GET (and so holds the CSRF cookie) before its first mutation.
    if (method !== 'GET' && !r.noCsrf && !(await this.cookie('lettr_csrf'))) await this.get('/dashboard/api/csrf');
    const headers: Record<string, string> = { 'user-agent': this.userAgent, accept: 'application/json', ...r.headers };
    const cookies = await this.jar.getCookieString(url);
    if (cookies) headers.cookie = cookies;
    const origin = r.origin === undefined ? new URL(this.baseUrl).origin : r.origin;
    if (origin !== null) headers.origin = origin;
    if (method !== 'GET' && !r.noCsrf) {
      const csrf = await this.cookie('lettr_csrf');
      if (csrf) headers['x-csrf-token'] = csrf;
    }
    let body: string | undefined;
    if (r.body !== undefined) {
      body = JSON.stringify(r.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(url, { method, headers, body, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) await this.jar.setCookie(c, url);
    const text = await res.text();
    const json = text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
    checkDashboardResponse(method, path, res.status, json);
    return { status: res.status, headers: res.headers, json, text };
  }

  get<T = any>(path: string, r?: BrowserRequest) { return this.request<T>('GET', path, r); }
  post<T = any>(path: string, body?: unknown, r: BrowserRequest = {}) { return this.request<T>('POST', path, { ...r, body }); }
  put<T = any>(path: string, body?: unknown, r: BrowserRequest = {}) { return this.request<T>('PUT', path, { ...r, body }); }
  patch<T = any>(path: string, body?: unknown, r: BrowserRequest = {}) { return this.request<T>('PATCH', path, { ...r, body }); }
  delete<T = any>(path: string, body?: unknown, r: BrowserRequest = {}) { return this.request<T>('DELETE', path, { ...r, body }); }
}

function checkDashboardResponse(method: string, path: string, status: number, json: any): void {
  const pathname = path.split('?')[0]!;
  const capability = CAPABILITY.exec(pathname);
  if (json && DASHBOARD_CODES.has(json.error_code)) {
    if (typeof json.message !== 'string' || Object.keys(json).some((k) => !['message', 'error_code'].includes(k))) {
      throw new Error(`${method} ${path} → ${status}: dashboard error body is not {message, error_code}: ${JSON.stringify(json)}`);
    }
    return;
  }
  if (capability && loadContract().find(method.toUpperCase(), capability[1]!)) {
    checkResponse(method, `/api${capability[1]}`, status, json, { beyondContract: status >= 400 ? 'a dashboard refusal' : undefined });
  } else if (status >= 400) {
    checkResponse(method, pathname, status, json, { beyondContract: 'the dashboard API (docs/dashboard-api.md)' });
  }
}
