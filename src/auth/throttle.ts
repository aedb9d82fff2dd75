// Failed-authentication throttle (spec §2.4), shaped so it cannot lock out a good key: 5 failures within 5 minutes
// from one network, or with one key prefix, block further *failing* attempts from that network or with that prefix
// for 15 minutes. A valid key is never blocked (the hook checks the key first), and a valid key refused by its IP
// rule is not a failure that counts: an attacker who can reach the API cannot get a customer's key refused.
// IPv4 counts per address, IPv6 per /64 (one subscriber gets a whole /64; counting per address is no limit at all).
// State lives in the database, so every process sharing it sees the same block.
import net from 'node:net';
import type { Executor } from '../db/index.js';

export const FAILURE_LIMIT = 5;
export const FAILURE_WINDOW_MS = 5 * 60_000;
export const BLOCK_MS = 15 * 60_000;

/** Reasons that count toward a block: somebody presented a key that does not work. */
export const COUNTED_REASONS = ['unknown_key', 'revoked_key', 'expired_key'] as const;

/** What failures are counted under for an address: the IPv4 address, or the IPv6 /64 (`2001:db8:1:2::/64`). */
export function failureNetwork(ip: string): string {
  if (net.isIP(ip) !== 6) return ip;
  const url = new URL(`http://[${ip}]/`).hostname.slice(1, -1);
  const [head, tail] = url.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return new URL(`http://[${groups.slice(0, 4).join(':')}::]/`).hostname.slice(1, -1) + '/64';
}

/** The part of a presented token failures are counted under (`lttr_sandbox_` keys share 12 characters, so 20). */
export function failurePrefix(token: string): string {
  return token.slice(0, token.startsWith('lttr_sandbox_') ? 20 : 12);
}

const prefixSubject = (prefix: string) => `key:${prefix}`;

/** Epoch ms until which failing attempts from this network or with this prefix are refused, or null. */
export async function blockedUntil(db: Executor, network: string, prefix: string, now: number): Promise<number | null> {
  const rows = await db.selectFrom('auth_blocks').select('blocked_until').where('ip', 'in', [network, prefixSubject(prefix)]).execute();
  const until = Math.max(0, ...rows.map((r) => r.blocked_until));
  return until > now ? until : null;
}

export interface AuthFailure {
  ip: string;
  keyPrefix: string | null;
  reason: string;
}

/** Records the failure; returns the new block's end if this failure tipped the network or the prefix over the limit. */
export async function recordAuthFailure(db: Executor, f: AuthFailure, now: number): Promise<number | null> {
  const network = failureNetwork(f.ip);
  await db.insertInto('auth_failures').values({ ip: f.ip, network, key_prefix: f.keyPrefix, reason: f.reason, created_at: now }).execute();
  if (!(COUNTED_REASONS as readonly string[]).includes(f.reason)) return null;
  const subjects: Array<[string, 'network' | 'key_prefix', string]> = [[network, 'network', network]];
  if (f.keyPrefix) subjects.push([prefixSubject(f.keyPrefix), 'key_prefix', f.keyPrefix]);
  let blocked: number | null = null;
  for (const [subject, column, value] of subjects) {
    const { n } = await db
      .selectFrom('auth_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', value)
      .where('reason', 'in', [...COUNTED_REASONS])
      .where('created_at', '>', now - FAILURE_WINDOW_MS)
      .executeTakeFirstOrThrow();
    if (Number(n) < FAILURE_LIMIT) continue;
    blocked = now + BLOCK_MS;
    await db
      .insertInto('auth_blocks')
      .values({ ip: subject, blocked_until: blocked })
      .onConflict((oc) => oc.column('ip').doUpdateSet({ blocked_until: blocked! }))
      .execute();
  }
  return blocked;
}
