// Sending's queries. Every function takes the executor (database or open transaction) and filters by team.
import { randomBytes } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { PlannedRecipient } from './plan.js';
import type { SendRequest } from './request.js';
import type { MessageRecipientsTable, MessagesTable, MessageState } from './tables.js';

export type MessageRow = Selectable<MessagesTable>;
export type RecipientRow = Selectable<MessageRecipientsTable>;

/** 96 random bits, lower-case hex: survives MTAs that fold the local part's case (RFC 5321 §2.4 allows it). */
export function newVerpToken(): string {
  return randomBytes(12).toString('hex');
}

const bool = (b: boolean) => (b ? 1 : 0);

export function messageValues(input: {
  teamId: number;
  apiKeyId: number | null;
  requestId: string;
  request: SendRequest;
  sendingDomain: string;
  state: MessageState;
  sandbox: boolean;
  now: number;
}): Insertable<MessagesTable> {
  const r = input.request;
  return {
    team_id: input.teamId,
    api_key_id: input.apiKeyId,
    request_id: input.requestId,
    from_email: r.from,
    from_name: r.fromName,
    reply_to: r.replyTo,
    reply_to_name: r.replyToName,
    header_to: JSON.stringify(r.to),
    header_cc: JSON.stringify(r.cc),
    subject: r.subject,
    html: r.html,
    text: r.text,
    amp_html: r.ampHtml,
    attachments: r.attachments.length > 0 ? JSON.stringify(r.attachments) : null,
    substitution_data: JSON.stringify(r.substitutionData),
    custom_headers: JSON.stringify(r.headers),
    tag: r.tag,
    metadata: JSON.stringify(r.metadata),
    transactional: bool(r.options.transactional),
    open_tracking: bool(r.options.openTracking),
    click_tracking: bool(r.options.clickTracking),
    inline_css: bool(r.options.inlineCss),
    perform_substitutions: bool(r.options.performSubstitutions),
    template_slug: r.templateSlug,
    project_id: r.projectId,
    template_version: r.templateVersion,
    sending_domain: input.sendingDomain,
    scheduled_at: r.scheduledAt,
    state: input.state,
    sandbox: bool(input.sandbox),
    injected_at: null,
    bodies_pruned_at: null,
    created_at: input.now,
    updated_at: input.now,
  };
}

export async function insertMessage(db: Executor, values: Insertable<MessagesTable>): Promise<MessageRow> {
  return db.insertInto('messages').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function insertRecipients(db: Executor, message: MessageRow, planned: PlannedRecipient[], now: number): Promise<RecipientRow[]> {
  if (planned.length === 0) return [];
  // ≤ 50 rows (MAX_RECIPIENTS) × 12 columns: one statement stays far below SQLite's bound-parameter limit.
  return db
    .insertInto('message_recipients')
    .values(planned.map((p) => ({
      message_id: message.id,
      team_id: message.team_id,
      email: p.email,
      raw_email: p.rawEmail,
      rcpt_type: p.type,
      status: p.status,
      attempts: 0,
      verp_token: newVerpToken(),
      last_reply: null,
      created_at: now,
      updated_at: now,
    })))
    .returningAll()
    .execute();
}

export async function findMessageByRequestId(db: Executor, teamId: number, requestId: string): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('team_id', '=', teamId).where('request_id', '=', requestId).executeTakeFirst();
}

export async function findMessage(db: Executor, teamId: number, id: number): Promise<MessageRow | undefined> {
  return db.selectFrom('messages').selectAll().where('team_id', '=', teamId).where('id', '=', id).executeTakeFirst();
}

export async function recipientsOf(db: Executor, teamId: number, messageId: number): Promise<RecipientRow[]> {
  return db.selectFrom('message_recipients').selectAll()
    .where('team_id', '=', teamId).where('message_id', '=', messageId).orderBy('id').execute();
}

/** The subject a recipient's copy was built with (delivery calls this when substitutions changed it). */
export async function rememberRenderedSubject(db: Executor, recipientId: number, subject: string): Promise<void> {
  await db.updateTable('message_recipients').set({ rendered_subject: subject }).where('id', '=', recipientId).execute();
}

/** Rendered subjects by `messageId|email` (lower-case) for these messages, where one was kept. */
export async function renderedSubjects(db: Executor, teamId: number, messageIds: number[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (messageIds.length === 0) return out;
  const rows = await db.selectFrom('message_recipients').select(['message_id', 'email', 'rendered_subject'])
    .where('team_id', '=', teamId).where('message_id', 'in', messageIds).where('rendered_subject', 'is not', null).execute();
  for (const r of rows) out.set(`${r.message_id}|${r.email.toLowerCase()}`, r.rendered_subject!);
  return out;
}
