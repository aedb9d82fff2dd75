// The record store behind the test DNS server, and how a question is answered from it.
import type * as packet from 'dns-packet';

export type RecordType = 'A' | 'AAAA' | 'MX' | 'TXT' | 'CNAME' | 'NS';
/**
 * A: '192.0.2.1' · AAAA: '2001:db8::1' · CNAME/NS: 'target.example' · MX: '10 mx.example.com' or
 * { priority, exchange } · TXT: one string (split into 255-byte strings when longer) or an array of strings
 * that form ONE record (RFC 7208 §3.3 / RFC 6376 §3.6.2.2 concatenate them).
 */
export type RecordValue = string | string[] | { priority: number; exchange: string };
export type RecordStore = Map<string, Map<RecordType, RecordValue[]>>;

const TTL_SECONDS = 60;
const MAX_CNAME_HOPS = 8;
const TXT_STRING_MAX = 255; // RFC 1035 §3.3: a <character-string> holds at most 255 octets

export interface Answered { exists: boolean; answers: packet.Answer[] }

/** Answer `type` at `name`: direct records, or the CNAME chain followed within the store. */
export function answersFor(store: RecordStore, name: string, type: string): Answered {
  const answers: packet.Answer[] = [];
  let current = name;
  for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
    const types = store.get(current);
    const direct = types?.get(type as RecordType);
    if (direct) {
      answers.push(...direct.map((value) => toAnswer(current, type as RecordType, value)));
      return { exists: true, answers };
    }
    const cname = type === 'CNAME' ? undefined : types?.get('CNAME')?.[0];
    if (typeof cname !== 'string') {
      // NXDOMAIN only for the name asked when nothing lives at or below it (RFC 8020 empty non-terminals exist).
      return { exists: hop > 0 || nameExists(store, current), answers };
    }
    answers.push(toAnswer(current, 'CNAME', cname));
    current = cname.toLowerCase().replace(/\.$/, '');
  }
  return { exists: true, answers };
}

/** Throws on a value the server could not encode, so a mistake shows at `set` time in the test, not as silence. */
export function assertValue(type: RecordType, value: RecordValue): void {
  toAnswer('check.invalid', type, value);
}

function nameExists(store: RecordStore, name: string): boolean {
  if (store.has(name)) return true;
  const suffix = `.${name}`;
  for (const key of store.keys()) if (key.endsWith(suffix)) return true;
  return false;
}

function toAnswer(name: string, type: RecordType, value: RecordValue): packet.Answer {
  const base = { name, ttl: TTL_SECONDS, class: 'IN' as const };
  switch (type) {
    case 'TXT':
      return { ...base, type, data: typeof value === 'string' ? chunk(value) : (value as string[]) };
    case 'MX': {
      const mx = typeof value === 'string' ? parseMx(value) : (value as { priority: number; exchange: string });
      return { ...base, type, data: { preference: mx.priority, exchange: mx.exchange } };
    }
    default:
      return { ...base, type, data: String(value) };
  }
}

function parseMx(text: string): { priority: number; exchange: string } {
  const [priority, exchange] = text.trim().split(/\s+/);
  if (!exchange || !/^\d+$/.test(priority ?? '')) throw new Error(`dns-server: MX value must be "<priority> <host>", got "${text}"`);
  return { priority: Number(priority), exchange };
}

function chunk(text: string): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return [Buffer.alloc(0)];
  const parts: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += TXT_STRING_MAX) parts.push(bytes.subarray(offset, offset + TXT_STRING_MAX));
  return parts;
}
