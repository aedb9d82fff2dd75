// The validated, normalized form of a SendEmailRequest (contract components.schemas.SendEmailRequest).
// Field names are ours (camelCase); values are exactly what the caller sent, minus what normalization removes
// (empty strings → null as Laravel's ConvertEmptyStringsToNull does, duplicate recipients).

export type RecipientType = 'to' | 'cc' | 'bcc';

export interface Recipient {
  email: string;
  type: RecipientType;
}

export interface Attachment {
  name: string;
  type: string;
  /** Base64 as sent (no line breaks). Decoded only when the message is built. */
  data: string;
}

export interface SendOptions {
  transactional: boolean;
  openTracking: boolean;
  clickTracking: boolean;
  inlineCss: boolean;
  performSubstitutions: boolean;
}

/** Defaults: spec sending.md §2.5 (transactional true; tracking off per decision S4; inline_css off; substitutions on). */
export const DEFAULT_OPTIONS: SendOptions = {
  transactional: true,
  openTracking: false,
  clickTracking: false,
  inlineCss: false,
  performSubstitutions: true,
};

export interface SendRequest {
  from: string;
  fromName: string | null;
  /** As given (deduplicated), for the To/Cc headers. */
  to: string[];
  cc: string[];
  bcc: string[];
  /** One envelope recipient per unique address (case-insensitive), first occurrence wins: to, then cc, then bcc. */
  recipients: Recipient[];
  replyTo: string | null;
  replyToName: string | null;
  subject: string | null;
  html: string | null;
  text: string | null;
  ampHtml: string | null;
  templateSlug: string | null;
  templateVersion: number | null;
  projectId: number | null;
  /** Explicit tag, else the template slug when it is a valid tag (spec §2.3). */
  tag: string | null;
  metadata: Record<string, string>;
  headers: Record<string, string>;
  substitutionData: Record<string, unknown>;
  options: SendOptions;
  attachments: Attachment[];
  /** Epoch ms; only on POST /emails/scheduled. */
  scheduledAt: number | null;
}

export type FieldErrors = Record<string, string[]>;

/** Collects Laravel-style errors: one list of messages per dotted path, in the order rules ran. */
export class ErrorBag {
  readonly errors: FieldErrors = {};

  add(path: string, message: string): void {
    (this.errors[path] ??= []).push(message);
  }

  has(path: string): boolean {
    return path in this.errors;
  }

  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

/** What the JSON body looked like at one key: absent and null are the same to every rule. */
export type Body = Record<string, unknown>;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
