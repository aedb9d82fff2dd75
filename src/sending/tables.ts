// Sending's tables (migration 0200). Times are epoch ms; booleans 0|1; JSON is text (src/db/columns.ts).
import type { ColumnType, Generated } from 'kysely';

export type MessageState = 'queued' | 'scheduled' | 'cancelled';
export type RecipientStatus = 'queued' | 'delivered' | 'deferred' | 'bounced' | 'suppressed' | 'failed' | 'cancelled';

export interface MessagesTable {
  id: Generated<number>;
  team_id: number;
  api_key_id: number | null;
  /** Transmission id (decimal uint64), the public `request_id`. */
  request_id: string;
  from_email: string;
  from_name: string | null;
  reply_to: string | null;
  reply_to_name: string | null;
  /** JSON string[]: the To header. */
  header_to: string;
  /** JSON string[]: the Cc header. */
  header_cc: string;
  subject: string | null;
  html: string | null;
  text: string | null;
  amp_html: string | null;
  /** JSON [{name, type, data(base64)}]; null when none or pruned. */
  attachments: string | null;
  /** JSON object; null when pruned. */
  substitution_data: string | null;
  /** JSON Record<string,string>: the caller's custom headers. */
  custom_headers: string;
  tag: string | null;
  /** JSON Record<string,string>. */
  metadata: string;
  transactional: number;
  open_tracking: number;
  click_tracking: number;
  inline_css: number;
  perform_substitutions: number;
  template_slug: string | null;
  project_id: number | null;
  template_version: number | null;
  /** Lower-cased ASCII domain of `from_email` (DKIM d=, events' sending_domain). */
  sending_domain: string;
  scheduled_at: number | null;
  state: MessageState;
  sandbox: number;
  /** When injection events and deliver jobs were written (accept, or scheduled_at); null while scheduled. */
  injected_at: number | null;
  bodies_pruned_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MessageRecipientsTable {
  id: Generated<number>;
  message_id: number;
  team_id: number;
  email: string;
  raw_email: string;
  rcpt_type: 'to' | 'cc' | 'bcc';
  status: RecipientStatus;
  attempts: number;
  verp_token: string;
  last_reply: string | null;
  /** The subject this recipient's copy was built with, when it differs from the message's (substitutions). */
  rendered_subject: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: number;
  updated_at: number;
}

export interface IdempotencyKeysTable {
  id: Generated<number>;
  team_id: number;
  key: string;
  fingerprint: string;
  response_status: number;
  /** JSON: the response body replayed verbatim. */
  response_body: string;
  created_at: number;
  expires_at: number;
}

export interface SendingTables {
  messages: MessagesTable;
  message_recipients: MessageRecipientsTable;
  idempotency_keys: IdempotencyKeysTable;
}
