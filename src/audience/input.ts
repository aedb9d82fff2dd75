// Request bodies of the list and contact endpoints (pure): field rules and messages in the contract's 422 shape.
import { isPlainObject, says, Violations } from '../http/validation.js';
import { isValidEmail, normalizedAddress } from '../sending/index.js';
import { isUuid } from './params.js';
import { isPropertyType, typedValue, type PropertyType } from './property-values.js';
import type { StoredValue } from './contact-store.js';

export const MAX_BULK_EMAILS = 1000;
export const MAX_BULK_LISTS = 50;

function body(raw: unknown, bag: Violations): Record<string, unknown> {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) { bag.add('body', 'The request body must be a JSON object.'); return {}; }
  return raw;
}

export function requiredName(raw: unknown, bag: Violations, field = 'name', required = true): string | undefined {
  if (raw === undefined || raw === null) { if (required) bag.add(field, says.required(field)); return undefined; }
  if (typeof raw !== 'string') { bag.add(field, says.string(field)); return undefined; }
  const name = raw.trim();
  if (name === '') { bag.add(field, says.required(field)); return undefined; }
  if (name.length > 255) { bag.add(field, says.maxChars(field, 255)); return undefined; }
  return name;
}

export function validateListBody(raw: unknown, opts: { partial: boolean }): { name?: string } {
  const bag = new Violations();
  const b = body(raw, bag);
  const name = requiredName(b.name, bag, 'name', !opts.partial);
  bag.throwIfAny();
  return { name };
}

/** An email as the audience stores it: trimmed, lower-cased, ASCII domain. */
export function contactEmail(raw: unknown, bag: Violations, field: string, required: boolean): string | undefined {
  if (raw === undefined || raw === null) { if (required) bag.add(field, says.required('email')); return undefined; }
  if (typeof raw !== 'string') { bag.add(field, says.string('email')); return undefined; }
  const t = raw.trim();
  if (t.length > 255) { bag.add(field, says.maxChars('email', 255)); return undefined; }
  if (!isValidEmail(t)) { bag.add(field, says.email('email')); return undefined; }
  return normalizedAddress(t);
}

function optionalUuid(raw: unknown, bag: Violations, field: string): string | null {
  if (raw === undefined || raw === null) return null;
  if (!isUuid(raw)) { bag.add(field, `The ${field} field must be a valid UUID.`); return null; }
  return raw;
}

export type PropertyDefs = Map<string, { id: number; type: string }>;

/**
 * Property values checked against the team's definitions: unknown names and values that do not fit the type are
 * refused. With `allowNull`, a null value means "remove" (PATCH).
 */
export function propertyValues(raw: unknown, defs: PropertyDefs, bag: Violations, allowNull: boolean): { set: StoredValue[]; remove: number[] } {
  const out = { set: [] as StoredValue[], remove: [] as number[] };
  if (raw === undefined || raw === null) return out;
  if (!isPlainObject(raw)) { bag.add('properties', says.object('properties')); return out; }
  const entries = Object.entries(raw);
  if (entries.length > 200) { bag.add('properties', 'The properties field must not have more than 200 items.'); return out; }
  for (const [name, value] of entries) {
    const field = `properties.${name}`;
    const def = defs.get(name);
    if (!def) { bag.add(field, `The property ${name} is not defined for this team.`); continue; }
    if (value === null && allowNull) { out.remove.push(def.id); continue; }
    if (typeof value !== 'string') { bag.add(field, `The ${field} field must be a string.`); continue; }
    const typed = typedValue(isPropertyType(def.type) ? def.type : 'string' as PropertyType, value);
    if (!typed.ok) { bag.add(field, `The ${field} field ${typed.reason}.`); continue; }
    out.set.push({ propertyId: def.id, value: typed.value, num: typed.num });
  }
  return out;
}

export interface DoubleOptIn { from: string; fromName: string | null; subject: string; templateSlug: string; redirectUrl: string }

export interface ContactCreate {
  email: string;
  listId: string | null;
  properties: unknown;
  doubleOptIn: DoubleOptIn | null;
}

function doubleOptIn(raw: unknown, bag: Violations): DoubleOptIn | null {
  if (raw === undefined || raw === null) return null;
  if (!isPlainObject(raw)) { bag.add('double_opt_in', says.object('double_opt_in')); return null; }
  const text = (name: string, max: number, required = true): string | null => {
    const v = raw[name];
    const field = `double_opt_in.${name}`;
    if (v === undefined || v === null || v === '') { if (required) bag.add(field, says.required(field)); return null; }
    if (typeof v !== 'string') { bag.add(field, says.string(field)); return null; }
    if (v.length > max) { bag.add(field, says.maxChars(field, max)); return null; }
    return v;
  };
  const from = text('from', 255);
  if (from !== null && !isValidEmail(from.trim())) bag.add('double_opt_in.from', says.email('double_opt_in.from'));
  const fromName = text('from_name', 255, false);
  const subject = text('subject', 998);
  const templateSlug = text('template_slug', 255);
  const redirectUrl = text('redirect_url', 2048);
  if (redirectUrl !== null && !/^https?:\/\/[^\s]+$/i.test(redirectUrl)) bag.add('double_opt_in.redirect_url', says.url('double_opt_in.redirect_url'));
  if (bag.has()) return null;
  return { from: from!.trim(), fromName, subject: subject!, templateSlug: templateSlug!, redirectUrl: redirectUrl! };
}

export function validateContactCreate(raw: unknown): ContactCreate {
  const bag = new Violations();
  const b = body(raw, bag);
  const email = contactEmail(b.email, bag, 'email', true);
  const listId = optionalUuid(b.list_id, bag, 'list_id');
  const opt = doubleOptIn(b.double_opt_in, bag);
  bag.throwIfAny();
  return { email: email!, listId, properties: b.properties, doubleOptIn: opt };
}

export interface ContactUpdate { email?: string; status?: 'subscribed' | 'unsubscribed'; properties: unknown }

export function validateContactUpdate(raw: unknown): ContactUpdate {
  const bag = new Violations();
  const b = body(raw, bag);
  const email = contactEmail(b.email, bag, 'email', false);
  let status: ContactUpdate['status'];
  if (b.status !== undefined) {
    if (b.status === 'subscribed' || b.status === 'unsubscribed') status = b.status;
    else bag.add('status', says.oneOf('status', ['subscribed', 'unsubscribed']));
  }
  bag.throwIfAny();
  return { email, status, properties: b.properties };
}

export interface BulkCreate { emails: string[]; listId: string | null; properties: unknown }

/** Every address must be valid (the index names the bad ones); the rest are normalised and de-duplicated in order. */
export function validateBulkCreate(raw: unknown): BulkCreate {
  const bag = new Violations();
  const b = body(raw, bag);
  const emails: string[] = [];
  if (b.emails === undefined || b.emails === null) bag.add('emails', says.required('emails'));
  else if (!Array.isArray(b.emails)) bag.add('emails', says.array('emails'));
  else if (b.emails.length === 0) bag.add('emails', says.required('emails'));
  else if (b.emails.length > MAX_BULK_EMAILS) bag.add('emails', says.maxItems('emails', MAX_BULK_EMAILS));
  else b.emails.forEach((e, i) => { const v = contactEmail(e, bag, `emails.${i}`, true); if (v) emails.push(v); });
  const listId = optionalUuid(b.list_id, bag, 'list_id');
  bag.throwIfAny();
  return { emails: [...new Set(emails)], listId, properties: b.properties };
}

/** contact_ids (1–1000) × list_ids (1–50), every id a UUID. */
export function validatePairs(raw: unknown): { contactIds: string[]; listIds: string[] } {
  const bag = new Violations();
  const b = body(raw, bag);
  const ids = (field: string, max: number): string[] => {
    const v = b[field];
    if (v === undefined || v === null) { bag.add(field, says.required(field)); return []; }
    if (!Array.isArray(v)) { bag.add(field, says.array(field)); return []; }
    if (v.length === 0) { bag.add(field, says.required(field)); return []; }
    if (v.length > max) { bag.add(field, says.maxItems(field, max)); return []; }
    v.forEach((x, i) => { if (!isUuid(x)) bag.add(`${field}.${i}`, `The ${field}.${i} field must be a valid UUID.`); });
    return [...new Set(v.filter(isUuid))];
  };
  const contactIds = ids('contact_ids', MAX_BULK_EMAILS);
  const listIds = ids('list_ids', MAX_BULK_LISTS);
  bag.throwIfAny();
  return { contactIds, listIds };
}

export function validateListIds(raw: unknown): string[] {
  const bag = new Violations();
  const b = body(raw, bag);
  const v = b.list_ids;
  if (v === undefined || v === null) bag.add('list_ids', says.required('list_ids'));
  else if (!Array.isArray(v)) bag.add('list_ids', says.array('list_ids'));
  else if (v.length === 0) bag.add('list_ids', says.required('list_ids'));
  else if (v.length > MAX_BULK_LISTS) bag.add('list_ids', says.maxItems('list_ids', MAX_BULK_LISTS));
  else v.forEach((x, i) => { if (!isUuid(x)) bag.add(`list_ids.${i}`, `The list_ids.${i} field must be a valid UUID.`); });
  bag.throwIfAny();
  return [...new Set(v as string[])];
}
