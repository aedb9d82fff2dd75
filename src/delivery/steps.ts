// The deliver pipeline's named steps (ARCHITECTURE principle 2). Each returns the next value or a Stop that the
// runner records once. None throws for a delivery problem; a throw is a bug and the job boundary retries it.
import { findSendingDomain, loadSigningKeys } from '../domains/index.js';
import { jsonParse } from '../db/index.js';
import type { AppContext } from '../http/context.js';
import type { AttachmentInput, MessageDraft } from './compose.js';
import type { SigningKey } from './dkim.js';
import { renderForRecipient, type MessageContent } from './render.js';
import { SIGNING_KEY_TTL_MS, type DeliveryRuntime } from './runtime.js';
import type { DeliveryUnit } from './store.js';
import { isSuppressed } from './suppressions.js';
import { issueUnsubscribeToken, unsubscribeUrl } from './unsubscribe-token.js';
import { messageIdFor, verpAddress } from './verp.js';

export type Stop =
  | { kind: 'policy_rejection'; status: 'suppressed' | 'failed'; reason: string; bounceClass: 25 | 50 }
  | { kind: 'generation_failure'; reason: string };

export interface BuiltMessage {
  raw: Buffer;
  /** Without angle brackets, as events carry it. */
  messageId: string;
  envelope: { from: string; to: string };
}

export async function holdIfSuppressed(ctx: AppContext, { message, recipient }: DeliveryUnit): Promise<Stop | null> {
  const blocked = await isSuppressed(ctx.db.kysely, message.team_id, recipient.email, { transactional: message.transactional === 1 });
  return blocked ? { kind: 'policy_rejection', status: 'suppressed', reason: 'Recipient address is on the suppression list', bounceClass: 25 } : null;
}

/** Local delivery takes any domain the team added; relay and mx only domains that may send (INTERFACES). */
export async function refuseUnapprovedDomain(ctx: AppContext, { message }: DeliveryUnit): Promise<Stop | null> {
  if (message.sandbox === 1) return null; // sandbox sends were rewritten to the platform's sandbox domain at accept
  const domain = await findSendingDomain(ctx.db.kysely, message.team_id, message.sending_domain);
  const allowed = ctx.config.delivery === 'local' ? domain !== null : domain?.canSend === true;
  if (allowed) return null;
  const reason = domain === null
    ? `Sending domain ${message.sending_domain} is no longer configured for this team`
    : `Sending domain ${message.sending_domain} is not approved for sending`;
  return { kind: 'policy_rejection', status: 'failed', reason, bounceClass: 50 };
}

export async function renderContent(ctx: AppContext, runtime: DeliveryRuntime, { message, recipient }: DeliveryUnit): Promise<{ ok: true; value: MessageContent } | Stop> {
  if (message.bodies_pruned_at !== null) return { kind: 'generation_failure', reason: 'The message content was removed by retention before delivery' };
  const content: MessageContent = {
    subject: message.subject ?? '', html: message.html, text: message.text, ampHtml: message.amp_html,
    fromName: message.from_name, headers: jsonParse<Record<string, string>>(message.custom_headers, {}),
  };
  const data = {
    recipient: { email: recipient.email },
    substitutionData: withUnsubscribeLink(ctx, message, recipient.email, jsonParse<Record<string, unknown>>(message.substitution_data ?? 'null', {}) ?? {}),
    metadata: jsonParse<Record<string, string>>(message.metadata, {}),
    envFrom: message.from_email,
  };
  const rendered = await renderForRecipient(content, data, runtime.templates, `message:${message.id}`, message.perform_substitutions === 1, ctx.config.templates.budgetMs);
  return rendered.ok ? rendered : { kind: 'generation_failure', reason: rendered.reason };
}

/** The message as plain data (pure): what the factory composes and signs. */
export function draftMessage(ctx: AppContext, runtime: DeliveryRuntime, { message, recipient }: DeliveryUnit, content: MessageContent): { draft: MessageDraft; messageId: string; envelope: BuiltMessage['envelope'] } {
  const bounceDomain = ctx.config.bounceDomain ?? message.sending_domain;
  const messageId = messageIdFor(message.request_id, recipient.id, runtime.hostname);
  const marketing = message.transactional === 0;
  const draft: MessageDraft = {
    from: { email: message.from_email, name: content.fromName },
    to: jsonParse<string[]>(message.header_to, []),
    cc: jsonParse<string[]>(message.header_cc, []),
    replyTo: message.reply_to ? { email: message.reply_to, name: message.reply_to_name } : null,
    subject: content.subject,
    text: content.text,
    html: content.html,
    ampHtml: content.ampHtml,
    attachments: jsonParse<AttachmentInput[]>(message.attachments ?? '[]', []),
    headers: content.headers,
    messageId,
    date: new Date(ctx.clock.now()),
    // No mailto: variant until an inbound listener accepts it: a dead address in the header is worse than none.
    listUnsubscribe: marketing ? { url: unsubscribeUrl(ctx.config.publicUrl, unsubscribeToken(ctx, message, recipient.email)) } : null,
  };
  return { draft, messageId: messageId.slice(1, -1), envelope: { from: verpAddress(recipient.verp_token, bounceDomain), to: recipient.email } };
}

/** Non-transactional mail may say {{unsubscribe_link}}: the same signed URL as its List-Unsubscribe header. */
function withUnsubscribeLink(ctx: AppContext, message: DeliveryUnit['message'], email: string, data: Record<string, unknown>): Record<string, unknown> {
  if (message.transactional === 1 || 'unsubscribe_link' in data) return data;
  return { ...data, unsubscribe_link: unsubscribeUrl(ctx.config.publicUrl, unsubscribeToken(ctx, message, email)) };
}

/** Valid as long as the message's records are kept (the retention period). */
function unsubscribeToken(ctx: AppContext, message: DeliveryUnit['message'], email: string): string {
  const expiresAt = ctx.clock.now() + ctx.config.retentionDays * 86_400_000;
  return issueUnsubscribeToken(ctx.secrets, { teamId: message.team_id, email, requestId: message.request_id, expiresAt });
}

async function signingKeys(ctx: AppContext, runtime: DeliveryRuntime, teamId: number, domain: string): Promise<SigningKey[]> {
  const key = `${teamId}:${domain}`;
  const now = ctx.clock.now();
  const hit = runtime.signingKeys.get(key);
  if (hit && hit.until > now) return hit.keys;
  const keys = await loadSigningKeys(ctx, teamId, domain);
  runtime.signingKeys.set(key, { keys, until: now + SIGNING_KEY_TTL_MS });
  return keys;
}

/** Composes the message and signs it with the sending domain's DKIM keys, on a build thread (factory-pool.ts). */
export async function buildSignedMessage(ctx: AppContext, runtime: DeliveryRuntime, unit: DeliveryUnit, content: MessageContent): Promise<BuiltMessage | Stop> {
  const { message } = unit;
  const { draft, messageId, envelope } = draftMessage(ctx, runtime, unit, content);
  const keys = await signingKeys(ctx, runtime, message.team_id, message.sending_domain);
  // Only sandbox mail (rewritten to the platform's domain) may leave unsigned, and only to the local mailbox.
  const sign = keys.length === 0 && message.sandbox === 1 ? null : { domain: message.sending_domain, keys, signTime: ctx.clock.now() };
  const produced = await runtime.factory.produce({ draft, sign });
  if (!produced.ok) return { kind: 'generation_failure', reason: produced.reason };
  return { raw: produced.raw, messageId, envelope };
}
