// A small authoritative DNS server for tests: UDP and TCP on one 127.0.0.1 port, records set per test.
//
//   const dns = await startDnsServer();
//   dns.set('example.com', 'TXT', 'v=spf1 include:_spf.lettr.test ~all');
//   dns.set('example.com', 'MX', '10 mx.example.com');
//   dns.behave('silent', 'slow.example.com');   // never answers (client times out)
//   config LETTR_DNS_SERVERS = dns.address      // "127.0.0.1:<port>"
//   await dns.close();
//
// Answers are authoritative: an unknown name is NXDOMAIN, a known name without the asked type is NODATA
// (NOERROR, empty answer), and a CNAME is followed inside the store like a real authoritative server does.
import dgram from 'node:dgram';
import net from 'node:net';
import { Resolver } from 'node:dns/promises';
import * as packet from 'dns-packet';
import { answersFor, assertValue, type RecordStore, type RecordType, type RecordValue } from './dns-records.js';

export type { RecordType, RecordValue } from './dns-records.js';
export type Behaviour = 'answer' | 'silent' | 'servfail';

export interface DnsQueryLog { name: string; type: string; transport: 'udp' | 'tcp' }

export interface DnsTestServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** `127.0.0.1:<port>`, the form LETTR_DNS_SERVERS and `Resolver#setServers` take. */
  readonly address: string;
  /** Every question received, in order (both transports). */
  readonly queries: DnsQueryLog[];
  /** Replace the records of one type at a name; no values deletes them. TXT values over 255 bytes are split into strings. */
  set(name: string, type: RecordType, ...values: RecordValue[]): void;
  /** Append records of one type at a name. */
  add(name: string, type: RecordType, ...values: RecordValue[]): void;
  /** Delete the records at a name (all types, or one). */
  remove(name: string, type?: RecordType): void;
  /** `silent`: drop the query (clients time out); `servfail`: answer SERVFAIL. For one name, or for all when omitted. */
  behave(behaviour: Behaviour, name?: string): void;
  /** Answer every UDP query with TC set and no records, so clients retry over TCP. */
  truncateUdp(on: boolean): void;
  /** Forget all records, behaviours and the query log. */
  reset(): void;
  /** A node Resolver pointed at this server (short timeout, one try), handy in tests. */
  resolver(timeoutMs?: number): Resolver;
  close(): Promise<void>;
}

const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const TCP_LENGTH_PREFIX = 2; // RFC 1035 §4.2.2: two-byte length before each message on TCP

export async function startDnsServer(): Promise<DnsTestServer> {
  const store: RecordStore = new Map();
  const behaviours = new Map<string, Behaviour>();
  const queries: DnsQueryLog[] = [];
  let defaultBehaviour: Behaviour = 'answer';
  let truncate = false;

  const respond = (query: packet.DecodedPacket, transport: 'udp' | 'tcp'): Buffer | null => {
    const question = query.questions?.[0];
    if (!question) return null;
    const name = normalise(question.name);
    queries.push({ name, type: question.type, transport });
    const behaviour = behaviours.get(name) ?? defaultBehaviour;
    if (behaviour === 'silent') return null;
    const base = { id: query.id, type: 'response' as const, questions: [question] };
    const flags = packet.AUTHORITATIVE_ANSWER | ((query.flags ?? 0) & packet.RECURSION_DESIRED);
    if (behaviour === 'servfail') return packet.encode({ ...base, flags: flags | RCODE_SERVFAIL });
    const result = answersFor(store, name, question.type);
    const rcode = result.exists ? 0 : RCODE_NXDOMAIN;
    const full = packet.encode({ ...base, flags: flags | rcode, answers: result.answers });
    if (transport === 'udp' && (truncate || full.length > udpLimit(query))) {
      return packet.encode({ ...base, flags: flags | rcode | packet.TRUNCATED_RESPONSE });
    }
    return full;
  };

  const onDatagram = (udp: dgram.Socket) => (message: Buffer, peer: dgram.RemoteInfo) => {
    const reply = safely(() => respond(packet.decode(message), 'udp'));
    if (reply) udp.send(reply, peer.port, peer.address);
  };
  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= TCP_LENGTH_PREFIX && pending.length >= TCP_LENGTH_PREFIX + pending.readUInt16BE(0)) {
        const size = pending.readUInt16BE(0);
        const message = pending.subarray(TCP_LENGTH_PREFIX, TCP_LENGTH_PREFIX + size);
        pending = pending.subarray(TCP_LENGTH_PREFIX + size);
        const reply = safely(() => respond(packet.decode(message), 'tcp'));
        if (reply) socket.write(Buffer.concat([lengthPrefix(reply.length), reply]));
      }
    });
  });
  const { udp, port } = await listenOnSamePort(onDatagram, tcp);
  const address = `127.0.0.1:${port}`;

  const put = (name: string, type: RecordType, values: RecordValue[], append: boolean): void => {
    for (const value of values) assertValue(type, value);
    const key = normalise(name);
    const types = store.get(key) ?? new Map<RecordType, RecordValue[]>();
    const next = append ? [...(types.get(type) ?? []), ...values] : values;
    if (next.length > 0) types.set(type, next);
    else types.delete(type);
    if (types.size > 0) store.set(key, types);
    else store.delete(key);
  };

  return {
    host: '127.0.0.1',
    port,
    address,
    queries,
    set: (name, type, ...values) => put(name, type, values, false),
    add: (name, type, ...values) => put(name, type, values, true),
    remove(name, type) {
      if (type) put(name, type, [], false);
      else store.delete(normalise(name));
    },
    behave(behaviour, name) {
      if (name === undefined) defaultBehaviour = behaviour;
      else if (behaviour === 'answer') behaviours.delete(normalise(name));
      else behaviours.set(normalise(name), behaviour);
    },
    truncateUdp(on) { truncate = on; },
    reset() {
      store.clear();
      behaviours.clear();
      queries.length = 0;
      defaultBehaviour = 'answer';
      truncate = false;
    },
    resolver(timeoutMs = 500) {
      const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
      resolver.setServers([address]);
      return resolver;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

export function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** RFC 6891 §6.2.3: the requestor's advertised payload size, else the classic 512 bytes (RFC 1035 §4.2.1). */
function udpLimit(query: packet.DecodedPacket): number {
  const opt = query.additionals?.find((record) => record.type === 'OPT');
  return opt && 'udpPayloadSize' in opt ? Math.max(512, opt.udpPayloadSize) : 512;
}

function lengthPrefix(length: number): Buffer {
  const prefix = Buffer.alloc(TCP_LENGTH_PREFIX);
  prefix.writeUInt16BE(length);
  return prefix;
}

// A malformed packet from a client under test must not crash the test process; it simply gets no answer.
function safely(fn: () => Buffer | null): Buffer | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

// UDP picks a free port first, then TCP claims the same number; retry if another process holds it on TCP.
async function listenOnSamePort(
  onDatagram: (udp: dgram.Socket) => (message: Buffer, peer: dgram.RemoteInfo) => void,
  tcp: net.Server,
): Promise<{ udp: dgram.Socket; port: number }> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const udp = dgram.createSocket('udp4');
    udp.on('message', onDatagram(udp));
    await new Promise<void>((resolve, reject) => {
      udp.once('error', reject);
      udp.bind(0, '127.0.0.1', () => { udp.off('error', reject); resolve(); });
    });
    const port = udp.address().port;
    const ok = await new Promise<boolean>((resolve) => {
      tcp.once('error', () => resolve(false));
      tcp.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (ok) return { udp, port };
    await new Promise<void>((resolve) => udp.close(() => resolve()));
  }
  throw new Error('dns-server: could not bind UDP and TCP on one port');
}
