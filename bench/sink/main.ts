// The bench's SMTP sink, run as its own process (so its work never counts against the sender it measures). It binds
// 127.0.0.1:0, accepts every message, and counts what arrives: by the bench's sequence header (duplicates show as
// repeats) and with accept→sink latency from the bench's timestamp header. The parent drives it over IPC:
//   → { cmd: 'reset' } | { cmd: 'expect', count } | { cmd: 'stats' } | { cmd: 'sample', path }
//   ← { type: 'ready', port } | { type: 'reached', count, at } | { type: 'stats', … } | { type: 'sampled' }
import fs from 'node:fs';
import net from 'node:net';
import { SEQ_HEADER, TS_HEADER } from '../message.js';
import { GREETING, headerValue, SinkSession } from './session.js';

interface Counters {
  messages: number;
  bytes: number;
  firstAt: number | null;
  lastAt: number | null;
  /** Latency samples (ms) of stamped messages. */
  latencies: number[];
  seen: Set<number>;
  duplicates: number;
  connections: number;
}

const fresh = (): Counters => ({ messages: 0, bytes: 0, firstAt: null, lastAt: null, latencies: [], seen: new Set(), duplicates: 0, connections: 0 });
let c = fresh();
let expected: number | null = null;
let sample: Buffer | null = null;

function record(message: Buffer, now: number): void {
  c.messages++;
  c.bytes += message.length;
  c.firstAt ??= now;
  c.lastAt = now;
  sample ??= Buffer.from(message);
  const seq = headerValue(message, SEQ_HEADER);
  if (seq !== null) {
    const n = Number(seq);
    if (c.seen.has(n)) c.duplicates++;
    else c.seen.add(n);
    const ts = Number(headerValue(message, TS_HEADER));
    if (Number.isFinite(ts) && ts > 0) c.latencies.push(now - ts);
  }
  if (expected !== null && c.messages >= expected) {
    process.send!({ type: 'reached', count: c.messages, at: now });
    expected = null;
  }
}

const server = net.createServer((socket) => {
  c.connections++;
  socket.setNoDelay(true);
  const session = new SinkSession();
  socket.write(GREETING);
  socket.on('data', (chunk: Buffer) => {
    const fed = session.feed(chunk);
    const now = Date.now();
    for (const m of fed.messages) record(m, now);
    if (fed.replies) socket.write(fed.replies);
    if (fed.quit) socket.end();
  });
  socket.on('error', () => socket.destroy());
});
server.maxConnections = 10_000;

process.on('message', (msg: { cmd: string; count?: number; path?: string }) => {
  switch (msg.cmd) {
    case 'reset':
      c = fresh();
      sample = null;
      expected = null;
      process.send!({ type: 'reset' });
      break;
    case 'expect':
      expected = msg.count!;
      if (c.messages >= expected) {
        process.send!({ type: 'reached', count: c.messages, at: c.lastAt ?? Date.now() });
        expected = null;
      }
      break;
    case 'stats':
      process.send!({
        type: 'stats', messages: c.messages, bytes: c.bytes, firstAt: c.firstAt, lastAt: c.lastAt, latencies: c.latencies,
        unique: c.seen.size, duplicates: c.duplicates, connections: c.connections, seqs: [...c.seen],
      });
      break;
    case 'sample':
      if (sample) fs.writeFileSync(msg.path!, sample);
      process.send!({ type: 'sampled', ok: sample !== null });
      break;
  }
});
process.on('disconnect', () => process.exit(0));

server.listen(0, '127.0.0.1', () => {
  process.send!({ type: 'ready', port: (server.address() as net.AddressInfo).port });
});
