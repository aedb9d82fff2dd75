// Name heuristics of spec §6.5 (approval scoring). WHOIS age and the website score need network access we
// do not have, so they are left out rather than guessed: only the name-based rows below are scored.
import { organisationalDomain, publicSuffix } from './names.js';

const START = 100;
const APPROVE_AT = 50; // §6.5: ≥ 50 approved, < 50 goes to review
const SUSPICIOUS_TLDS = new Set(['xyz', 'tk', 'ml', 'ga', 'cf', 'gq']);
const COMMON_TLDS = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'io', 'co', 'app', 'dev', 'ai', 'uk', 'de', 'fr', 'nl', 'be', 'eu', 'us',
  'ca', 'au', 'nz',
]);
const SPAMMY_PREFIXES = ['free-', 'cheap-', 'best-', 'online-', 'shop-', 'buy-', 'sell-'];

export interface NameScore { score: number; flagged: boolean; reasons: string[] }

export function scoreDomainName(domain: string): NameScore {
  const org = organisationalDomain(domain);
  const name = org.split('.')[0] ?? '';
  const tld = publicSuffix(domain).split('.').pop() ?? '';
  const reasons: string[] = [];
  let score = START;

  // One −50 however many suspicious patterns match (§6.5 "once").
  const suspicious = [
    name.replace(/[^a-z0-9]/g, '').length >= 30 && '30 or more letters and digits before the TLD',
    /\d{5}/.test(domain) && '5 or more consecutive digits',
    /-{3}/.test(domain) && '3 or more consecutive hyphens',
    SUSPICIOUS_TLDS.has(tld) && `the .${tld} TLD`,
    SPAMMY_PREFIXES.find((prefix) => name.startsWith(prefix)) && 'a promotional prefix',
  ].filter((reason): reason is string => typeof reason === 'string');
  if (suspicious.length > 0) {
    score -= 50;
    reasons.push(`suspicious pattern: ${suspicious.join(', ')}`);
  }
  if (name.length < 3) { score -= 20; reasons.push('name shorter than 3 characters'); }
  else if (name.length > 30) { score -= 10; reasons.push('name longer than 30 characters'); }
  const digits = name.replace(/\D/g, '').length;
  if (name.length > 0 && digits / name.length > 0.5) { score -= 30; reasons.push('name more than half digits'); }
  if (!COMMON_TLDS.has(tld)) { score -= 20; reasons.push(`uncommon TLD .${tld}`); }

  return { score, flagged: score < APPROVE_AT, reasons };
}
