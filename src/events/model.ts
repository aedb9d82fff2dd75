// The event object as stored in `events.data` (contract CommonEventProperties + the type's fields, spec
// sending.md §11). Stored once in its canonical form (ISO timestamps, `rcpt_meta` an object per decision S17);
// API presenters and webhook payloads are derived from it. Pure: no ids or clocks are drawn here.
import { MAILBOX_PROVIDER_REGION, mailboxProvider } from './mailbox-provider.js';

export const EVENT_TYPES = [
  'injection', 'delivery', 'bounce', 'delay', 'out_of_band', 'spam_complaint', 'policy_rejection', 'click', 'open',
  'initial_open', 'amp_click', 'amp_open', 'amp_initial_open', 'generation_failure', 'generation_rejection',
  'list_unsubscribe', 'link_unsubscribe',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** A contract event object: the common fields plus whatever its type adds. */
export type EventData = Record<string, unknown> & { event_id: string; type: EventType; timestamp: string };

/** What every event about one recipient of one message shares. Delivery builds its events from the same context. */
export interface RecipientEventContext {
  requestId: string;
  /** The Message-ID (without angle brackets) once it is known. */
  messageId: string | null;
  subject: string | null;
  /** The From address (spec: friendly_from). */
  from: string;
  sendingDomain: string | null;
  /** Envelope recipient actually used (after a sandbox rewrite). */
  rcptTo: string;
  /** Recipient as the caller gave it. */
  rawRcptTo: string;
  rcptType: 'to' | 'cc' | 'bcc';
  tag: string | null;
  metadata: Record<string, string>;
  templateSlug: string | null;
  templateVersion: number | null;
  transactional: boolean;
  openTracking: boolean;
  clickTracking: boolean;
  ampEnabled: boolean;
  /** Envelope sender (MAIL FROM) once known. */
  msgFrom: string | null;
  /** Epoch ms the request was accepted. */
  injectedAt: number;
  /** Epoch ms of `scheduled_at`, when scheduled. */
  scheduledAt: number | null;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

function domainOf(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The common fields (CommonEventProperties) except the four `recordEvents` adds itself (event_id, type, timestamp,
 * request_id), in the contract's order. Delivery builds its events from the same function so every event of a
 * recipient agrees on these fields.
 */
export function commonEventFields(ctx: RecipientEventContext): Record<string, unknown> {
  const recipientDomain = domainOf(ctx.rcptTo);
  return {
    rcpt_to: ctx.rcptTo,
    raw_rcpt_to: ctx.rawRcptTo,
    recipient_domain: recipientDomain,
    mailbox_provider: mailboxProvider(recipientDomain),
    mailbox_provider_region: MAILBOX_PROVIDER_REGION,
    message_id: ctx.messageId,
    subject: ctx.subject,
    friendly_from: ctx.from,
    sending_domain: ctx.sendingDomain,
    sending_ip: null,
    click_tracking: ctx.clickTracking,
    open_tracking: ctx.openTracking,
    transactional: ctx.transactional,
    msg_size: null,
    injection_time: isoTime(ctx.injectedAt),
    rcpt_meta: { ...ctx.metadata },
    // Inferred mapping (spec §11.1): tag ⇒ campaign_id and rcpt_tags; template slug/version ⇒ template_id/_version.
    campaign_id: ctx.tag,
    template_id: ctx.templateSlug,
    template_version: ctx.templateVersion === null ? null : String(ctx.templateVersion),
    ip_pool: 'default',
    msg_from: ctx.msgFrom,
    rcpt_type: ctx.rcptType,
    rcpt_tags: ctx.tag === null ? [] : [ctx.tag],
    amp_enabled: ctx.ampEnabled,
    delv_method: null,
    recv_method: 'rest',
    routing_domain: recipientDomain,
    scheduled_time: ctx.scheduledAt === null ? null : isoTime(ctx.scheduledAt),
    ab_test_id: null,
    ab_test_version: null,
  };
}

/** The injection event's fields: accepted and queued (always a recipient's first event). */
export function injectionFields(ctx: RecipientEventContext): Record<string, unknown> {
  return { ...commonEventFields(ctx), initial_pixel: ctx.openTracking };
}

/** The whole stored object, as `recordEvents` composes it (used where an event is shown before or without a row). */
export function eventData(type: EventType, eventId: string, at: number, requestId: string, fields: Record<string, unknown>): EventData {
  return { event_id: eventId, type, timestamp: isoTime(at), request_id: requestId, ...fields };
}
