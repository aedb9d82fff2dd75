// Requests through Fastify's inject, each response checked against the contract (see contract.ts).
import type { FastifyInstance } from 'fastify';
import { checkResponse } from './contract.js';

export interface ApiRequest {
  method?: string;
  url: string;
  key?: string;
  body?: unknown;
  /** Raw payload (e.g. malformed JSON); wins over `body`. */
  payload?: string | Buffer;
  headers?: Record<string, string>;
  remoteAddress?: string;
  /** Why this call is outside the contract (our extension, or a cross-cutting status the operation does not list). */
  beyondContract?: string;
}

export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  json: T;
  text: string;
}

export class ApiClient {
  constructor(private readonly app: FastifyInstance) {}

  async request<T = any>(r: ApiRequest): Promise<ApiResponse<T>> {
    const method = (r.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = { ...r.headers };
    if (r.key) headers.authorization = `Bearer ${r.key}`;
    let payload: string | Buffer | undefined = r.payload;
    if (payload === undefined && r.body !== undefined) {
      payload = JSON.stringify(r.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await this.app.inject({ method: method as any, url: r.url, headers, payload, remoteAddress: r.remoteAddress ?? '127.0.0.1' });
    let json: any = undefined;
    if (res.body && String(res.headers['content-type'] ?? '').includes('json')) json = JSON.parse(res.body);
    checkResponse(method, r.url, res.statusCode, json, { beyondContract: r.beyondContract });
    return { status: res.statusCode, headers: res.headers as ApiResponse['headers'], json, text: res.body };
  }

  get<T = any>(url: string, key?: string, extra: Partial<ApiRequest> = {}) {
    return this.request<T>({ method: 'GET', url, key, ...extra });
  }
  post<T = any>(url: string, key: string | undefined, body: unknown, extra: Partial<ApiRequest> = {}) {
    return this.request<T>({ method: 'POST', url, key, body, ...extra });
  }
  put<T = any>(url: string, key: string | undefined, body: unknown, extra: Partial<ApiRequest> = {}) {
    return this.request<T>({ method: 'PUT', url, key, body, ...extra });
  }
  delete<T = any>(url: string, key?: string, extra: Partial<ApiRequest> = {}) {
    return this.request<T>({ method: 'DELETE', url, key, ...extra });
  }
}
