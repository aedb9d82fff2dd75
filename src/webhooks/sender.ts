// One webhook HTTP attempt: POST the exact signed bytes, never follow a redirect, give up after the deadline, keep at
// most 2 KB of the response. Returns what happened as data; the caller decides retry/disable (outcomes.ts).
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import { USER_AGENT } from './version.js';

export const RESPONSE_EXCERPT_BYTES = 2048;

export interface AttemptResult {
  /** true for any 2xx inside the deadline (spec §6.8). */
  ok: boolean;
  status: number | null;
  /** Why it failed when no usable status explains it: timeout, connection error, refused target, redirect. */
  error: string | null;
  responseExcerpt: string | null;
  latencyMs: number;
}

export interface PostOptions {
  dispatcher: Dispatcher;
  url: string;
  body: Uint8Array;
  headers: Record<string, string>;
  timeoutMs: number;
  contentType?: string;
  /** How much of the response to keep; 2 KB for attempts, more for an OAuth2 token answer. */
  maxResponseBytes?: number;
}

/** Read at most `limit` bytes of a body, then drop the rest: a receiver cannot make us buffer megabytes. */
export async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }, limit = RESPONSE_EXCERPT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk.subarray(0, limit - size));
    size += Math.min(chunk.length, limit - size);
    if (size >= limit) break;
  }
  body.destroy();
  return new TextDecoder('utf-8', { fatal: false }).decode(Buffer.concat(chunks)).replace(/\uFFFD$/, '');
}

export function describeError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: unknown };
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
    return `timeout: no complete response within ${timeoutMs} ms`;
  }
  if (e.code === 'ETARGETREFUSED') return `target refused: ${e.message}`;
  if (e.cause && e.cause !== err) return describeError(e.cause, timeoutMs);
  return e.code ? `${e.code}: ${e.message ?? ''}`.trim() : (e.message ?? String(err));
}

export async function postWebhook(opts: PostOptions): Promise<AttemptResult> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const res = await request(opts.url, {
      dispatcher: opts.dispatcher,
      method: 'POST',
      body: opts.body,
      headers: { 'content-type': opts.contentType ?? 'application/json', 'user-agent': USER_AGENT, ...opts.headers },
      signal,
      headersTimeout: opts.timeoutMs,
      bodyTimeout: opts.timeoutMs,
    });
    const excerpt = await readExcerpt(res.body, opts.maxResponseBytes ?? RESPONSE_EXCERPT_BYTES);
    const status = res.statusCode;
    const ok = status >= 200 && status < 300;
    let error: string | null = null;
    if (status >= 300 && status < 400) {
      const loc = res.headers.location;
      error = `redirect not followed${loc ? ` (Location: ${String(loc).slice(0, 200)})` : ''}`;
    }
    return { ok, status, error, responseExcerpt: excerpt, latencyMs: latency() };
  } catch (err) {
    return { ok: false, status: null, error: describeError(err, opts.timeoutMs), responseExcerpt: null, latencyMs: latency() };
  }
}
