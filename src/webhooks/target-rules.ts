// Pure rules for webhook target URLs (issue 6 §5, spec §6.1/§6.5): the URL's shape and which resolved addresses a
// delivery may connect to. The I/O half (resolving, connecting) lives in resolver.ts and agent.ts.
import { isIP } from 'node:net';
import { classifyAddress, type AddressClass } from './address-class.js';

export interface TargetPolicy {
  /** Production refuses plain HTTP: event payloads carry recipient addresses. */
  httpsOnly: boolean;
  /** LETTR_WEBHOOK_ALLOW_PRIVATE: development and tests may target loopback and private networks. */
  allowPrivate: boolean;
}

export type UrlVerdict =
  | { ok: true; url: URL; host: string; literal: boolean }
  | { ok: false; message: string };

/** Host as given to connect(): brackets stripped from IPv6 literals. */
export function bareHost(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

export function checkTargetUrl(raw: string, policy: TargetPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, message: 'The url must be a valid URL.' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'The url must use http or https.' };
  if (policy.httpsOnly && url.protocol !== 'https:') return { ok: false, message: 'The url must use https.' };
  // Credentials in the URL would be sent to the receiver in the clear and logged; auth_type carries them instead.
  if (url.username || url.password) return { ok: false, message: 'The url must not contain credentials; use auth_type instead.' };
  const host = bareHost(url);
  if (!host) return { ok: false, message: 'The url must have a host.' };
  const literal = isIP(host) !== 0;
  if (literal && !policy.allowPrivate) {
    const cls = classifyAddress(host);
    if (cls !== 'public') return { ok: false, message: refusalMessage([cls]) };
  }
  return { ok: true, url, host, literal };
}

export type AddressVerdict = { ok: true; addresses: string[] } | { ok: false; classes: AddressClass[] };

/**
 * Which of a name's addresses a delivery may use. Refused addresses are dropped rather than failing the whole name,
 * so a public endpoint with a stray private record still works; only the dropped ones are never connected to.
 */
export function permittedAddresses(addresses: readonly string[], allowPrivate: boolean): AddressVerdict {
  if (allowPrivate) return addresses.length ? { ok: true, addresses: [...addresses] } : { ok: false, classes: [] };
  const allowed = addresses.filter((a) => classifyAddress(a) === 'public');
  if (allowed.length) return { ok: true, addresses: allowed };
  return { ok: false, classes: [...new Set(addresses.map(classifyAddress))] };
}

const LABEL: Record<AddressClass, string> = {
  public: 'public',
  unspecified: 'unspecified',
  loopback: 'loopback',
  private: 'private network',
  link_local: 'link-local',
  cgnat: 'carrier-grade NAT',
  multicast: 'multicast',
  cloud_metadata: 'cloud metadata',
  broadcast: 'broadcast',
  reserved: 'reserved',
  invalid: 'invalid',
};

export function refusalMessage(classes: readonly AddressClass[]): string {
  if (classes.length === 0) return 'The url host does not resolve to any address.';
  return `The url must not point to a private or internal address (${classes.map((c) => LABEL[c]).join(', ')}).`;
}
