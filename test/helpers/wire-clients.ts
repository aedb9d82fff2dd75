// HTTP clients as real users run them, against a listening Lettr: Node's fetch and undici, the curl binary (with and
// without a JSON Content-Type), Python's urllib with a default JSON Content-Type, a bare HTTP/1.0 socket without
// keep-alive, and HTTP/1.1 pipelining (a whole batch written before any answer is read).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';
import { request as undiciRequest } from 'undici';

export interface WireRequest {
  method: string;
  path: string;
  key?: string;
  /** JSON text of the body, when the operation takes one. */
  body?: string;
}

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface WireClient {
  name: string;
  /** False when the client sends bodies without `Content-Type: application/json` (plain `curl -d`). */
  jsonContentType: boolean;
  send(baseUrl: string, r: WireRequest): Promise<WireResponse>;
  /** Sends every request before reading any answer (pipelining); clients without it send one by one. */
  sendBatch?(baseUrl: string, rs: WireRequest[]): Promise<WireResponse[]>;
  close?(): Promise<void>;
}

const JSON_TYPE = 'application/json';
const auth = (r: WireRequest): Record<string, string> => (r.key ? { authorization: `Bearer ${r.key}` } : {});

/** The habit under test: a JSON Content-Type on every request, body or not. */
export const fetchClient: WireClient = {
  name: 'node fetch',
  jsonContentType: true,
  async send(base, r) {
    const res = await fetch(base + r.path, { method: r.method, headers: { 'content-type': JSON_TYPE, ...auth(r) }, body: r.body });
    return { status: res.status, headers: Object.fromEntries(res.headers), text: await res.text() };
  },
};

export const undiciClient: WireClient = {
  name: 'undici',
  jsonContentType: true,
  async send(base, r) {
    const res = await undiciRequest(base + r.path, { method: r.method as 'GET', headers: { 'content-type': JSON_TYPE, ...auth(r) }, body: r.body });
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    return { status: res.statusCode, headers, text: await res.body.text() };
  },
};

function curlClient(name: string, withJsonHeader: boolean): WireClient {
  return {
    name,
    jsonContentType: withJsonHeader,
    send: (base, r) => new Promise((resolve, reject) => {
      // `-d` makes curl send application/x-www-form-urlencoded unless told otherwise: what users paste.
      const args = ['-sS', '--http1.1', '-i', '-X', r.method, ...(withJsonHeader ? ['-H', `Content-Type: ${JSON_TYPE}`] : [])];
      if (r.key) args.push('-H', `Authorization: Bearer ${r.key}`);
      if (r.body !== undefined) args.push('--data-binary', r.body);
      args.push(base + r.path);
      const child = spawn('curl', args);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      child.on('error', reject);
      child.on('close', (code) => {
        if (code !== 0) return reject(new Error(`curl exited ${code}: ${Buffer.concat(err).toString()}`));
        resolve(parseHead(Buffer.concat(out)).response);
      });
    }),
  };
}

export const curlJsonClient = curlClient('curl -H Content-Type: application/json', true);
export const curlPlainClient = curlClient('curl without Content-Type', false);

// One python3 process for the whole run: a JSON request per line in, a JSON response per line out.
const PYTHON = `
import json, sys, urllib.request, urllib.error
DEFAULT_HEADERS = {"Content-Type": "application/json", "Accept": "application/json"}
for line in sys.stdin:
    r = json.loads(line)
    headers = dict(DEFAULT_HEADERS)
    if r.get("key"):
        headers["Authorization"] = "Bearer " + r["key"]
    data = r["body"].encode() if r.get("body") is not None else None
    req = urllib.request.Request(r["url"], data=data, headers=headers, method=r["method"])
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            out = {"status": res.status, "headers": dict(res.headers), "text": res.read().decode()}
    except urllib.error.HTTPError as e:
        out = {"status": e.code, "headers": dict(e.headers), "text": e.read().decode()}
    print(json.dumps(out), flush=True)
`;

export function pythonUrllibClient(): WireClient {
  let child: ChildProcessWithoutNullStreams | null = null;
  let lines: AsyncIterator<string> | null = null;
  return {
    name: 'python3 urllib',
    jsonContentType: true,
    async send(base, r) {
      if (!child) {
        child = spawn('python3', ['-c', PYTHON]);
        lines = readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]();
      }
      child.stdin.write(JSON.stringify({ url: base + r.path, method: r.method, key: r.key, body: r.body ?? null }) + '\n');
      const next = await lines!.next();
      if (next.done) throw new Error('python3 exited');
      const res = JSON.parse(next.value) as WireResponse;
      res.headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k.toLowerCase(), v]));
      return res;
    },
    async close() {
      child?.stdin.end();
      child?.kill();
      child = null;
      lines = null;
    },
  };
}

function rawRequest(host: string, r: WireRequest, version: '1.0' | '1.1'): string {
  const body = r.body ?? '';
  const lines = [`${r.method} ${r.path} HTTP/${version}`, `Host: ${host}`, `Content-Type: ${JSON_TYPE}`, `Content-Length: ${Buffer.byteLength(body)}`];
  if (r.key) lines.push(`Authorization: Bearer ${r.key}`);
  return lines.join('\r\n') + '\r\n\r\n' + body;
}

/** HTTP/1.0 without keep-alive: one connection per request, the server closes it after answering. */
export const http10Client: WireClient = {
  name: 'HTTP/1.0 without keep-alive',
  jsonContentType: true,
  send: (base, r) => new Promise((resolve, reject) => {
    const u = new URL(base);
    const socket = net.connect(Number(u.port), u.hostname);
    const chunks: Buffer[] = [];
    socket.on('data', (b) => chunks.push(b));
    socket.on('error', reject);
    // The answer is complete when the server closes the connection (no keep-alive in HTTP/1.0 by default).
    socket.on('end', () => resolve(parseHead(Buffer.concat(chunks)).response));
    socket.write(rawRequest(u.host, r, '1.0'));
  }),
};

/** HTTP/1.1 pipelining: the batch is written in one go on one connection; answers must come back in order. */
export const pipelinedClient: WireClient = {
  name: 'HTTP/1.1 pipelined',
  jsonContentType: true,
  async send(base, r) {
    return (await this.sendBatch!(base, [r]))[0]!;
  },
  sendBatch: (base, rs) => new Promise((resolve, reject) => {
    const u = new URL(base);
    const socket = net.connect(Number(u.port), u.hostname);
    let buf = Buffer.alloc(0);
    const out: WireResponse[] = [];
    socket.on('data', (b) => {
      buf = Buffer.concat([buf, b]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = parseHeadOnly(buf.subarray(0, end).toString('latin1'));
        const length = head.status === 204 || head.status === 304 ? 0 : Number(head.headers['content-length'] ?? NaN);
        if (!Number.isFinite(length)) return reject(new Error(`pipelined answer without Content-Length: ${JSON.stringify(head.headers)}`));
        if (buf.length < end + 4 + length) return;
        out.push({ ...head, text: buf.subarray(end + 4, end + 4 + length).toString('utf8') });
        buf = buf.subarray(end + 4 + length);
        if (out.length === rs.length) {
          socket.end();
          return resolve(out);
        }
      }
    });
    socket.on('error', reject);
    socket.on('end', () => { if (out.length < rs.length) reject(new Error(`connection closed after ${out.length} of ${rs.length} answers`)); });
    socket.write(rs.map((r) => rawRequest(u.host, r, '1.1')).join(''));
  }),
};

function parseHeadOnly(head: string): { status: number; headers: Record<string, string> } {
  const [statusLine, ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status, headers };
}

/** A whole response read to the end (curl -i, HTTP/1.0): head, then the body as sent. */
function parseHead(raw: Buffer): { response: WireResponse } {
  let start = 0;
  // curl -i prints an interim "100 Continue" head first when it sent Expect: 100-continue.
  for (;;) {
    const end = raw.indexOf('\r\n\r\n', start);
    if (end < 0) throw new Error(`no HTTP head in ${raw.toString('latin1').slice(0, 200)}`);
    const head = parseHeadOnly(raw.subarray(start, end).toString('latin1'));
    if (head.status === 100) {
      start = end + 4;
      continue;
    }
    return { response: { ...head, text: raw.subarray(end + 4).toString('utf8') } };
  }
}
