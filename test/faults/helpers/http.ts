// Sending fault-scenario traffic: a bounded-concurrency runner over undici pools (one per client address) and raw
// sockets for bytes no HTTP client would send.
import net from 'node:net';
import { Pool } from 'undici';

export interface Sent {
  status: number | null;
  error: string | null;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export class Clients {
  private pools = new Map<string, Pool>();
  constructor(private readonly url: string) {}

  pool(localAddress = '127.0.0.1'): Pool {
    let p = this.pools.get(localAddress);
    if (!p) {
      p = new Pool(this.url, { connections: 32, localAddress, headersTimeout: 120_000, bodyTimeout: 120_000 });
      this.pools.set(localAddress, p);
    }
    return p;
  }

  async request(o: { method: string; path: string; headers?: Record<string, string>; body?: string | Buffer; from?: string }): Promise<Sent> {
    try {
      const res = await this.pool(o.from).request({ method: o.method as 'GET', path: o.path, headers: o.headers, body: o.body });
      const body = await res.body.text();
      return { status: res.statusCode, error: null, headers: res.headers, body };
    } catch (err) {
      return { status: null, error: `${(err as { code?: string }).code ?? ''} ${(err as Error).message}`, headers: {}, body: '' };
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
  }
}

/** Writes `bytes` on a fresh connection and reads the status of the first response line (null if none came). */
export function rawRequest(url: string, bytes: Buffer, timeoutMs = 10_000): Promise<Sent> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = '';
    const done = (error: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      const m = data.match(/^HTTP\/1\.[01] (\d{3})/);
      resolve({ status: m ? Number(m[1]) : null, error: m ? null : error ?? 'no response', headers: {}, body: data });
    };
    const timer = setTimeout(() => done('timeout'), timeoutMs);
    socket.on('connect', () => socket.end(bytes));
    socket.on('data', (d) => {
      data += d.toString('latin1');
      if (/^HTTP\/1\.[01] \d{3}/.test(data)) done(null);
    });
    socket.on('error', (e) => done(e.message));
    socket.on('close', () => done('closed'));
  });
}

/** Runs `task` over `items` with at most `limit` in flight; `onProgress` sees each completed index. */
export async function runLimited<T, R>(items: T[], limit: number, task: (item: T, i: number) => Promise<R>, onProgress?: (done: number) => void | Promise<void>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, i);
      done++;
      await onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
