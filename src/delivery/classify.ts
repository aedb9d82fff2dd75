// The bounce classifier: an SMTP reply → a bounce class of spec §11.3. Pure and table-driven.
// Order matters: provider texts first (they are the most specific), then the enhanced status code (RFC 3463),
// then the basic reply code (RFC 5321 §4.2.3). A 4xx reply is never a hard class: a temporary failure is not proof
// that the address is bad, so it would only suppress a good address.
import { isHardBounce, type BounceClass } from './bounce-classes.js';
import type { SmtpReply } from './smtp-reply.js';

export type SmtpPhase = 'connect' | 'mail' | 'rcpt' | 'data';

interface TextRule { pattern: RegExp; bounceClass: BounceClass; why: string }

const TEXT_RULES: TextRule[] = [
  { bounceClass: 100, why: 'relaying refused',
    pattern: /relay(ing)? (access )?(denied|refused|not (permitted|allowed))|not (permitted|allowed) to relay|unable to relay|we do not relay/i },
  { bounceClass: 25, why: 'our sender address or domain refused (configuration, not the recipient)',
    pattern: /sender (address |domain )?(rejected|invalid|unknown)|domain of sender address|bad sender/i },
  { bounceClass: 10, why: 'Microsoft 365 directory-based edge blocking / recipient lookup',
    pattern: /RESOLVER\.ADR\.Recip(ient)?NotFound|recipient not found by SMTP address lookup|AS\(201806281\)/i },
  { bounceClass: 10, why: 'Gmail / Yahoo / iCloud / Mimecast / generic unknown-user texts',
    pattern: new RegExp([
      'account that you tried to reach (does not exist|is disabled)',
      "doesn'?t have an? \\S+ account", 'mailbox not found', 'invalid recipient', 'user (unknown|not found|does not exist)',
      'unknown (user|recipient|mailbox|address)', 'no such (user|mailbox|recipient|address)',
      '(recipient|mailbox|address) (does not exist|doesn\'t exist|not found|unknown|is invalid)',
      'mailbox (unavailable|is disabled|is inactive|disabled)', 'unrouteable address', 'no mailbox here',
      'account (has been )?(disabled|deactivated|closed|suspended)',
    ].join('|'), 'i') },
  { bounceClass: 22, why: 'mailbox full (Gmail "over quota", Yahoo, iCloud)',
    pattern: /over quota|quota exceeded|exceeded (its |the )?(storage|quota)|mailbox (is )?full|out of storage|mailbox size limit/i },
  { bounceClass: 21, why: 'recipient domain does not resolve',
    pattern: /host (or domain name )?not found|domain (name )?not found|domain does not exist|name service error|no mx|unrouteable (mail )?domain|host unknown|unknown host|null mx/i },
  { bounceClass: 40, why: 'message too large',
    pattern: /message (is )?too (large|big)|size (limit )?exceeded|exceeds (the )?(maximum |fixed )?(message )?size|message size exceeds/i },
  { bounceClass: 51, why: 'IP or domain reputation / blocklists (Gmail 4.7.28, Yahoo TSS04, Microsoft S3150/S775, Proofpoint, Spamhaus)',
    pattern: /block ?list|black ?list|dnsbl|\brbl\b|spamhaus|spamcop|barracuda|reputation|ipcheck\.proofpoint|proofpoint\.com\/dnsbl|\[?TSS0[1-4]\]?|\(S3150\)|\bS775\b|unusual rate of unsolicited|user complaints|known spammer/i },
  { bounceClass: 52, why: 'content judged spam, virus or unsafe (Gmail 5.7.0 security issue, Mimecast, Proofpoint)',
    pattern: /likely unsolicited|(detected|identified|classified) as spam|looks like spam|spam content|message content|content (was )?rejected|potential security issue|virus|malware|phishing|\bspam\b/i },
  { bounceClass: 70, why: 'greylisting and explicit try-later replies',
    pattern: /grey ?list|gray ?list|try (again )?later|temporarily (deferred|rejected|unavailable)|please retry/i },
  { bounceClass: 60, why: 'auto-replies that reached us as SMTP replies', pattern: /auto[- ]?reply|out of (the )?office|autoresponder/i },
  { bounceClass: 50, why: 'authentication and policy blocks (Gmail 5.7.26 DMARC, Yahoo TSS09, Microsoft 5.7.606/5.7.708, iCloud CS01, Mimecast)',
    pattern: /unauthenticated|not authenticated|dmarc|\bspf\b|dkim|reverse dns|\bptr\b|polic(y|ies)|administrative prohibition|envelope blocked|access denied|banned|not accepted from this ip|blocked|prohibited|refused|permanently deferred/i },
];

interface CodeRule { pattern: RegExp; bounceClass: BounceClass }

// Enhanced status codes, subject.detail only (the class digit is the 4xx/5xx split already).
const ENHANCED_RULES: CodeRule[] = [
  { pattern: /^\d\.1\.(1|2|3|6|10)$/, bounceClass: 10 },
  { pattern: /^\d\.2\.1$/, bounceClass: 10 },
  { pattern: /^\d\.1\.[78]$/, bounceClass: 25 },
  { pattern: /^\d\.2\.2$/, bounceClass: 22 },
  { pattern: /^\d\.(2\.3|3\.4)$/, bounceClass: 40 },
  { pattern: /^\d\.4\.[34]$/, bounceClass: 21 },
  { pattern: /^\d\.4\.\d+$/, bounceClass: 70 },
  { pattern: /^\d\.7\.\d+$/, bounceClass: 50 },
  { pattern: /^\d\.[356]\.\d+$/, bounceClass: 40 },
];

/** RFC 5321 meanings of the bare codes; the recipient-level ones only count when the reply answered RCPT. */
function byBasicCode(code: number, phase: SmtpPhase | undefined): BounceClass {
  if (code < 500) return 20;
  if (phase === 'rcpt' && (code === 550 || code === 551 || code === 553)) return 10;
  if (code === 552) return 22;
  return 40;
}

export function classifyReply(reply: SmtpReply, phase?: SmtpPhase): BounceClass {
  const found = TEXT_RULES.find((r) => r.pattern.test(reply.text))?.bounceClass
    ?? ENHANCED_RULES.find((r) => reply.enhanced !== null && r.pattern.test(reply.enhanced))?.bounceClass
    ?? byBasicCode(reply.code, phase);
  return reply.code < 500 && isHardBounce(found) ? 20 : found;
}

/** Failures without a reply: DNS and network. `nxdomain` is final (RFC 5321 §5.1: no MX and no address). */
export type ConnectionFailure = 'nxdomain' | 'null_mx' | 'dns_temporary' | 'network' | 'timeout' | 'tls';

export function classifyConnectionFailure(failure: ConnectionFailure): BounceClass {
  switch (failure) {
    case 'null_mx': return 10; // RFC 7505: the domain publishes that it accepts no mail
    case 'nxdomain':
    case 'dns_temporary': return 21;
    case 'network':
    case 'timeout':
    case 'tls': return 70;
  }
}
