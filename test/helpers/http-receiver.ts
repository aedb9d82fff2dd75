// A real HTTP or HTTPS server on 127.0.0.1:0 that records every request (raw body bytes, headers) and answers as the
// test scripts it: a status, a delay, a redirect, a dropped connection or no answer at all. Used by webhook tests and
// anything else that calls out over HTTP.
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SecureVersion } from 'node:tls';
import type { TestCertificates } from './test-ca.js';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Sequence number, 1-based, in arrival order. */
  seq: number;
  /** The status our answer carried once it was fully written; null while pending, or when dropped or stalled. */
  answered: number | null;
}

export interface Reply {
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Wait this long before answering (ms). */
  delayMs?: number;
  /** Answer 302 with this Location. */
  redirectTo?: string;
  /** Drop the connection without an HTTP answer. */
  close?: boolean;
  /** Never answer (the caller's timeout must fire); released on close(). */
  stall?: boolean;
}

export type Responder = (req: ReceivedRequest) => Reply | Promise<Reply>;

export interface ReceiverOptions {
  tls?: TestCertificates;
  /** Cap the TLS version the server offers, to prove a client refuses old protocols. */
  tlsMaxVersion?: SecureVersion;
  /** Listen on this port (a receiver that went down comes back on the same URL); default: a free one. */
  port?: number;
}

export class HttpReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly queue: Reply[] = [];
  private fallback: Reply = { status: 200, body: 'ok' };
  private responder: Responder | null = null;
  private readonly events = new EventEmitter();
  private readonly stalled = new Set<http.ServerResponse>();

  private constructor(private readonly server: http.Server | https.Server, readonly url: string, readonly port: number) {}

  static async start(opts: ReceiverOptions = {}): Promise<HttpReceiver> {
    let self!: HttpReceiver;
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => void self.handle(req, res);
    const server = opts.tls
      ? https.createServer({ cert: opts.tls.certPem, key: opts.tls.keyPem, ...(opts.tlsMaxVersion ? { maxVersion: opts.tlsMaxVersion, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' } : {}) }, handler)
      : http.createServer(handler);
    server.listen(opts.port ?? 0, '127.0.0.1');
    await once(server, 'listening');
    const port = (server.address() as AddressInfo).port;
    self = new HttpReceiver(server, `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`, port);
    return self;
  }

  /** Replies for the next requests, in order; after they are used up the default reply applies. */
  script(...replies: Reply[]): this {
    this.queue.push(...replies);
    return this;
  }

  /** The reply for every request once the script is used up. */
  setDefault(reply: Reply): this {
    this.fallback = reply;
    return this;
  }

  /** Decide each reply with a function (takes precedence over script and default). */
  respondWith(fn: Responder | null): this {
    this.responder = fn;
    return this;
  }

  /** Resolves once at least `n` requests have arrived (fails after `timeoutMs`, a safety net, not an assertion). */
  async waitFor(n: number, timeoutMs = 15_000): Promise<ReceivedRequest[]> {
    if (this.requests.length >= n) return this.requests.slice(0, n);
    const timer = setTimeout(() => this.events.emit('timeout'), timeoutMs);
    try {
      while (this.requests.length < n) {
        const [what] = (await Promise.race([once(this.events, 'request'), once(this.events, 'timeout')])) as [unknown];
        if (what === 'timeout') throw new Error(`receiver got ${this.requests.length} of ${n} expected requests`);
      }
      return this.requests.slice(0, n);
    } finally {
      clearTimeout(timer);
    }
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const rec: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks), seq: this.requests.length + 1, answered: null };
    this.requests.push(rec);
    const reply = this.responder ? await this.responder(rec) : (this.queue.shift() ?? this.fallback);
    this.events.emit('request', 'request');
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (reply.stall) {
      this.stalled.add(res);
      return;
    }
    if (reply.close) {
      req.socket.destroy();
      return;
    }
    res.on('finish', () => {
      rec.answered = res.statusCode;
    });
    if (reply.redirectTo) {
      res.writeHead(reply.status ?? 302, { location: reply.redirectTo, ...reply.headers }).end(reply.body ?? '');
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'text/plain', ...reply.headers }).end(reply.body ?? '');
  }

  async close(): Promise<void> {
    for (const res of this.stalled) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export const startHttpReceiver = (opts?: ReceiverOptions) => HttpReceiver.start(opts);
