// Address syntax for from / to / cc / bcc / reply_to. We accept the RFC 5322 §3.4.1 addr-spec in its dot-atom form
// only: quoted local parts, comments and domain literals are legal but are an injection and spoofing surface nobody
// needs in an API. Non-ASCII local parts would need SMTPUTF8 (RFC 6531) end to end, so they are refused; Unicode
// domains are accepted and checked through their IDNA (punycode) form.
import { domainToASCII } from 'node:url';

// RFC 5322 §3.2.3 atext, one dot-separated atom at a time.
const ATOM = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+$/;
// RFC 1035 §2.3.1 label (letters, digits, hyphen; no leading or trailing hyphen), 1–63 octets.
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;
/** RFC 5321 §4.5.3.1.1: local part ≤ 64 octets. */
const LOCAL_MAX = 64;
/** RFC 5321 §4.5.3.1.2: domain ≤ 255 octets; a usable name is ≤ 253 without the root dot. */
const DOMAIN_MAX = 253;

export function isValidLocalPart(local: string): boolean {
  if (local.length === 0 || local.length > LOCAL_MAX) return false;
  return local.split('.').every((atom) => ATOM.test(atom));
}

/** The ASCII (punycode) form of a mail domain, or null when it is not a usable host name. */
export function asciiDomain(domain: string): string | null {
  // Controls and whitespace first: the WHATWG IDNA mapping would silently strip a trailing "\n".
  if (domain.length === 0 || domain.startsWith('[') || /[\x00-\x20\x7f]/.test(domain)) return null;
  const ascii = /^[\x21-\x7e]+$/.test(domain) ? domain.toLowerCase() : domainToASCII(domain);
  if (!ascii || ascii.length > DOMAIN_MAX) return null;
  const labels = ascii.split('.');
  // A bare host ("localhost") cannot receive mail from the Internet; the top-level label is never all digits.
  if (labels.length < 2 || /^[0-9]+$/.test(labels[labels.length - 1]!)) return null;
  return labels.every((label) => LABEL.test(label)) ? ascii : null;
}

/** Split at the last "@" (an atext local part has none, so there is exactly one). */
export function splitAddress(address: string): { local: string; domain: string } | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

export function isValidEmail(address: string): boolean {
  const parts = splitAddress(address);
  return parts !== null && isValidLocalPart(parts.local) && asciiDomain(parts.domain) !== null;
}

/** The lower-cased ASCII domain of a valid address, or null. Used for the sender-domain check and events. */
export function emailDomain(address: string): string | null {
  const parts = splitAddress(address);
  return parts && isValidLocalPart(parts.local) ? asciiDomain(parts.domain) : null;
}

/** Identity used for de-duplication and suppression: case-insensitive (spec §2.2 REC), ASCII domain. */
export function normalizedAddress(address: string): string {
  const parts = splitAddress(address);
  if (!parts) return address.toLowerCase();
  return `${parts.local.toLowerCase()}@${asciiDomain(parts.domain) ?? parts.domain.toLowerCase()}`;
}
