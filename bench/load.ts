// HTTP load: autocannon for the fixed-duration runs (ingestion and the trivial-route baseline), and a closed-loop
// submitter for the end-to-end run that posts N numbered emails and remembers which were accepted.
import autocannon from 'autocannon';
import { Pool } from 'undici';
import { benchBody } from './message.js';

export interface LoadResult {
  ok: number;
  non2xx: number;
  errors: number;
  durationS: number;
  okPerS: number;
  p50Ms: number;
  p99Ms: number;
  statusCodes: Record<string, number>;
}

export async function hammer(o: {
  url: string; method: 'GET' | 'POST'; connections: number; durationS: number; key?: string; emails?: boolean;
}): Promise<LoadResult> {
  let seq = 1_000_000_000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (o.key) headers.authorization = `Bearer ${o.key}`;
  const result = await autocannon({
    url: o.url,
    method: o.method,
    connections: o.connections,
    duration: o.durationS,
    headers,
    // Every email is distinct (its own sequence number and submit time), as real traffic is.
    requests: o.emails ? [{ setupRequest: (req: any) => ({ ...req, body: benchBody(seq++, Date.now()) }) }] : undefined,
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, v] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (v as { count: number }).count;
  return {
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    durationS: result.duration,
    okPerS: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCodes,
  };
}

export interface Submitted {
  accepted: number;
  refused: Record<string, number>;
  startedAt: number;
  finishedAt: number;
  /** request_id of each accepted email, by sequence number. */
  requestIds: Map<number, string>;
}

/** Posts emails first..first+n-1 over `connections` keep-alive connections, each as soon as the previous answered. */
export async function submitEmails(o: { url: string; key: string; n: number; connections: number; first?: number; to?: string }): Promise<Submitted> {
  const pool = new Pool(o.url, { connections: o.connections, pipelining: 1 });
  const first = o.first ?? 0;
  let next = first;
  const requestIds = new Map<number, string>();
  const refused: Record<string, number> = {};
  const startedAt = Date.now();
  const worker = async () => {
    while (next < first + o.n) {
      const seq = next++;
      try {
        const res = await pool.request({
          path: '/api/emails', method: 'POST',
          headers: { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' },
          body: benchBody(seq, Date.now(), o.to),
        });
        const text = await res.body.text();
        if (res.statusCode === 200) requestIds.set(seq, JSON.parse(text).data.request_id);
        else refused[res.statusCode] = (refused[res.statusCode] ?? 0) + 1;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'error';
        refused[code] = (refused[code] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, worker));
  const finishedAt = Date.now();
  await pool.close();
  return { accepted: requestIds.size, refused, startedAt, finishedAt, requestIds };
}
