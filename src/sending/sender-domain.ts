// May this team send from this address's domain? (spec sending.md §2.7 step 4; INTERFACES "Domains → Sending").
// Pure: the domain row is looked up by the caller (findSendingDomain from src/domains).
import { emailDomain } from './email-address.js';

export type DeliveryMode = 'local' | 'relay' | 'mx';

export interface SendingDomainView {
  canSend: boolean;
}

export type SenderDecision =
  | { kind: 'ok'; domain: string }
  | { kind: 'invalid_domain' }
  /** `missing`: the team never added the domain; `not_ready`: added, but not approved + DKIM-verified (relay/mx). */
  | { kind: 'unconfigured_domain'; domain: string; reason: 'missing' | 'not_ready' };

/** The lower-cased ASCII domain of `from`, or null (→ invalid_domain). */
export function senderDomainOf(from: string): string | null {
  return emailDomain(from);
}

/**
 * `local` mode (the embedded default) lets any domain the team added send, verified or not, so a fresh install can be
 * tried without DNS; `relay` and `mx` put mail on the Internet and need a domain that can send (approved + DKIM).
 */
export function decideSender(domain: string | null, found: SendingDomainView | null, mode: DeliveryMode): SenderDecision {
  if (domain === null) return { kind: 'invalid_domain' };
  if (found === null) return { kind: 'unconfigured_domain', domain, reason: 'missing' };
  if (mode !== 'local' && !found.canSend) return { kind: 'unconfigured_domain', domain, reason: 'not_ready' };
  return { kind: 'ok', domain };
}

/**
 * Sandbox mail keeps the caller's local part but takes the platform's sandbox domain (spec security-and-events §1.5):
 * a sandbox key needs no verified domain, so it must never put an unsigned `From: security@bank.example` on the wire.
 */
export function sandboxSender(from: string, sandboxDomain: string): string {
  return `${from.slice(0, from.lastIndexOf('@'))}@${sandboxDomain}`;
}
