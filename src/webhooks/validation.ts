// Request rules for POST and PUT /webhooks (contract StoreWebhookRequest / UpdateWebhookRequest, spec §6.1).
// Pure: returns the normalised input or collects Laravel-style messages keyed by dotted path. Whether a host
// resolves to an allowed address is checked afterwards (resolution is I/O), see commands/check-target.ts.
import { validationFailed } from '../http/errors.js';
import { isPlainObject, says, Violations } from '../http/validation.js';
import { normaliseEventType, type WebhookEventType } from './event-types.js';
import { checkTargetUrl, type TargetPolicy } from './target-rules.js';

export const AUTH_TYPES = ['none', 'basic', 'oauth2'] as const;
export const EVENTS_MODES = ['all', 'selected'] as const;
export type AuthType = (typeof AUTH_TYPES)[number];

export interface Credentials {
  auth_username?: string;
  auth_password?: string;
  oauth_client_id?: string;
  oauth_client_secret?: string;
  oauth_token_url?: string;
}

export interface WebhookInput {
  name?: string;
  url?: string;
  authType?: AuthType;
  credentials: Credentials;
  /** undefined = unchanged (update only); null = all events. */
  eventTypes?: WebhookEventType[] | null;
  active?: boolean;
}

const CREDENTIAL_FIELDS = ['auth_username', 'auth_password', 'oauth_client_id', 'oauth_client_secret', 'oauth_token_url'] as const;

function text(v: Violations, body: Record<string, unknown>, field: string, max: number): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') return void v.add(field, says.string(field));
  if (value.length > max) return void v.add(field, says.maxChars(field, max));
  return value;
}

function targetUrl(v: Violations, field: string, value: string | undefined, policy: TargetPolicy): string | undefined {
  if (value === undefined) return undefined;
  const verdict = checkTargetUrl(value.trim(), policy);
  if (!verdict.ok) return void v.add(field, verdict.message.replace(/^The url /, `The ${field} `));
  return value.trim();
}

function events(v: Violations, value: unknown, required: boolean): WebhookEventType[] | undefined {
  if (value === undefined || value === null) {
    if (required) v.add('events', 'The events field is required when events mode is selected.');
    return undefined;
  }
  if (!Array.isArray(value)) return void v.add('events', says.array('events'));
  if (value.length === 0) return void v.add('events', 'The events field must have at least 1 items.');
  const out: WebhookEventType[] = [];
  value.forEach((item, i) => {
    const t = typeof item === 'string' ? normaliseEventType(item) : null;
    if (t === null) v.add(`events.${i}`, `The selected events.${i} is invalid.`);
    else if (!out.includes(t)) out.push(t);
  });
  return out;
}

function credentials(v: Violations, body: Record<string, unknown>, policy: TargetPolicy): Credentials {
  const c: Credentials = {};
  for (const f of CREDENTIAL_FIELDS) {
    const value = text(v, body, f, f === 'oauth_token_url' ? 2048 : 255);
    if (value !== undefined) c[f] = value;
  }
  if (c.oauth_token_url !== undefined) c.oauth_token_url = targetUrl(v, 'oauth_token_url', c.oauth_token_url, policy);
  return c;
}

/** What a complete configuration for `authType` still lacks, given the new and the already stored credentials. */
export function missingCredentials(authType: AuthType, given: Credentials, stored: Credentials): (keyof Credentials)[] {
  const need: (keyof Credentials)[] =
    authType === 'basic' ? ['auth_username', 'auth_password'] : authType === 'oauth2' ? ['oauth_client_id', 'oauth_client_secret', 'oauth_token_url'] : [];
  return need.filter((f) => !given[f] && !stored[f]);
}

export function requireCredentials(v: Violations, authType: AuthType, given: Credentials, stored: Credentials): void {
  for (const f of missingCredentials(authType, given, stored)) {
    v.add(f, `The ${f} field is required when auth type is ${authType}.`);
  }
}

function oneOf<T extends string>(v: Violations, body: Record<string, unknown>, field: string, choices: readonly T[]): T | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) return void v.add(field, says.oneOf(field, choices));
  return value as T;
}

export function validateCreate(body: unknown, policy: TargetPolicy): WebhookInput {
  const v = new Violations();
  if (!isPlainObject(body)) throw validationFailed({ body: ['The request body must be a JSON object.'] });
  const name = text(v, body, 'name', 255);
  const url = targetUrl(v, 'url', text(v, body, 'url', 2048), policy);
  const authType = oneOf(v, body, 'auth_type', AUTH_TYPES);
  const mode = oneOf(v, body, 'events_mode', EVENTS_MODES);
  for (const [f, val] of [['name', body.name], ['url', body.url], ['auth_type', body.auth_type], ['events_mode', body.events_mode]] as const) {
    if ((val === undefined || val === null || val === '') && !v.has(f)) v.add(f, says.required(f));
  }
  const creds = credentials(v, body, policy);
  if (authType) requireCredentials(v, authType, creds, {});
  const selected = mode === 'selected' ? events(v, body.events, true) : undefined;
  v.throwIfAny();
  return { name: name!, url: url!, authType: authType!, credentials: creds, eventTypes: mode === 'all' ? null : selected! };
}

/** PUT is partial. `events_mode` is not in UpdateWebhookRequest but is accepted (spec §6.1 ▶). */
export function validateUpdate(body: unknown, policy: TargetPolicy): WebhookInput & { eventsMode?: 'all' | 'selected' } {
  const v = new Violations();
  if (!isPlainObject(body)) throw validationFailed({ body: ['The request body must be a JSON object.'] });
  const name = text(v, body, 'name', 255);
  if (name !== undefined && name.trim() === '') v.add('name', says.required('name'));
  // `target` is the contract's deprecated alias for `url`.
  const urlField = body.url !== undefined ? 'url' : 'target';
  const url = targetUrl(v, urlField, text(v, body, urlField, 2048), policy);
  const authType = oneOf(v, body, 'auth_type', AUTH_TYPES);
  const eventsMode = oneOf(v, body, 'events_mode', EVENTS_MODES);
  const creds = credentials(v, body, policy);
  let eventTypes: WebhookEventType[] | null | undefined;
  if (eventsMode === 'all') eventTypes = null;
  else if (body.events !== undefined || eventsMode === 'selected') eventTypes = events(v, body.events, eventsMode === 'selected');
  let active: boolean | undefined;
  if (body.active !== undefined && body.active !== null) {
    if (typeof body.active !== 'boolean') v.add('active', says.boolean('active'));
    else active = body.active;
  }
  v.throwIfAny();
  return { name, url, authType, credentials: creds, eventTypes, active, eventsMode };
}
