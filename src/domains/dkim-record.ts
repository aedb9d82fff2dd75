// Does a published DKIM key record (RFC 6376 §3.6.1) carry the public key we hold?
import type { DkimAlgorithm } from './dkim-keys.js';

export type DkimRecordVerdict = { ok: true } | { ok: false; error: string };

export function parseDkimTags(record: string): Map<string, string> | string {
  const tags = new Map<string, string>();
  for (const part of record.split(';')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    if (eq < 0) return `"${part.trim()}" is not a tag=value pair`;
    const name = part.slice(0, eq).trim().toLowerCase();
    if (tags.has(name)) return `the ${name}= tag appears more than once`;
    tags.set(name, part.slice(eq + 1).replace(/\s+/g, '')); // FWS may fold the base64 (§3.6.1 p=)
  }
  return tags;
}

/** TXT records at the selector name that look like DKIM key records at all. */
export function isDkimKeyRecord(txt: string): boolean {
  return /^\s*v\s*=\s*DKIM1\b/i.test(txt) || /(^|;)\s*p\s*=/i.test(txt);
}

export function compareDkimRecord(record: string, algorithm: DkimAlgorithm, publicKey: string): DkimRecordVerdict {
  const tags = parseDkimTags(record);
  if (typeof tags === 'string') return { ok: false, error: `not a valid DKIM key record: ${tags}` };
  const version = tags.get('v');
  if (version !== undefined && version !== 'DKIM1') return { ok: false, error: 'v= must be DKIM1' };
  const keyType = (tags.get('k') ?? 'rsa').toLowerCase();
  const ours = algorithm === 'rsa-sha256' ? 'rsa' : 'ed25519';
  if (keyType !== ours) return { ok: false, error: `k=${keyType} but this domain's key is ${ours}` };
  const hashes = tags.get('h');
  if (hashes !== undefined && !hashes.toLowerCase().split(':').includes('sha256')) return { ok: false, error: 'h= does not allow sha256' };
  const service = tags.get('s');
  if (service !== undefined && !service.split(':').some((s) => s === '*' || s.toLowerCase() === 'email')) {
    return { ok: false, error: 's= does not allow email' };
  }
  const published = tags.get('p');
  if (published === undefined) return { ok: false, error: 'the p= tag is missing' };
  if (published === '') return { ok: false, error: 'the key is revoked (empty p=)' };
  if (stripPadding(published) !== stripPadding(publicKey)) return { ok: false, error: "the public key does not match this domain's key" };
  return { ok: true };
}

function stripPadding(base64: string): string {
  return base64.replace(/=+$/, '');
}
