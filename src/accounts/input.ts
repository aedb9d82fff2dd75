// Request bodies of the accounts routes, validated with the contract's 422 shape and Laravel-style messages.
import { isPlainObject, says, Violations } from '../http/validation.js';
import { isValidEmail } from '../sending/index.js';
import { passwordProblems, PASSWORD_MAX } from './passwords.js';
import { ASSIGNABLE_ROLES } from './roles.js';
import { normaliseEmail } from './store.js';

const NAME_MAX = 100;
const EMAIL_MAX = 254; // RFC 5321 path limit

type Body = Record<string, unknown>;
export const bodyOf = (b: unknown): Body => (isPlainObject(b) ? b : {});

function email(v: Violations, body: Body, field = 'email'): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') v.add(field, says.required(field));
  else if (value.length > EMAIL_MAX || !isValidEmail(value.trim())) v.add(field, says.email(field));
  return typeof value === 'string' ? normaliseEmail(value) : '';
}

function name(v: Violations, body: Body, field = 'name'): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') v.add(field, says.required(field));
  else if (value.trim().length > NAME_MAX) v.add(field, says.maxChars(field, NAME_MAX));
  // Names appear in mail headers and other people's screens: no control characters (CR/LF would break a header).
  else if (/[\u0000-\u001f\u007f]/.test(value)) v.add(field, `The ${field} must not contain control characters.`);
  return typeof value === 'string' ? value.trim() : '';
}

/** A password being checked (sign-in, confirmation): required and bounded, nothing more. */
function givenPassword(v: Violations, body: Body, field = 'password'): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') v.add(field, says.required(field));
  else if (value.length > PASSWORD_MAX) v.add(field, says.maxChars(field, PASSWORD_MAX));
  return typeof value === 'string' ? value : '';
}

function newPassword(v: Violations, body: Body, field = 'password'): string {
  for (const p of passwordProblems(body[field], field)) v.add(field, p);
  return typeof body[field] === 'string' ? (body[field] as string) : '';
}

function optionalToken(v: Violations, body: Body, field: string): string | null {
  const value = body[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{20,100}$/.test(value)) v.add(field, `The ${field} is invalid.`);
  return typeof value === 'string' ? value : null;
}

export function signUpInput(raw: unknown) {
  const body = bodyOf(raw);
  const v = new Violations();
  const out = { email: email(v, body), name: name(v, body), password: newPassword(v, body), invitationToken: optionalToken(v, body, 'invitation_token') };
  v.throwIfAny();
  return out;
}

export function signInInput(raw: unknown) {
  const body = bodyOf(raw);
  const v = new Violations();
  const e = body.email;
  if (typeof e !== 'string' || e.trim() === '') v.add('email', says.required('email'));
  else if (e.length > EMAIL_MAX) v.add('email', says.maxChars('email', EMAIL_MAX));
  const password = givenPassword(v, body);
  v.throwIfAny();
  return { email: normaliseEmail(e as string), password };
}

/** `{ code }` (six digits) or `{ recovery_code }`. */
export function secondFactorInput(raw: unknown): { code: string } | { recoveryCode: string } {
  const body = bodyOf(raw);
  const v = new Violations();
  if (typeof body.recovery_code === 'string' && body.recovery_code !== '') {
    if (body.recovery_code.length > 64) v.add('recovery_code', says.maxChars('recovery_code', 64));
    v.throwIfAny();
    return { recoveryCode: body.recovery_code };
  }
  if (typeof body.code !== 'string' || body.code.trim() === '') v.add('code', says.required('code'));
  else if (!/^\s*\d{6}\s*$/.test(body.code)) v.add('code', 'The code must be 6 digits.');
  v.throwIfAny();
  return { code: (body.code as string).trim() };
}

export function passwordOnly(raw: unknown): string {
  const v = new Violations();
  const p = givenPassword(v, bodyOf(raw));
  v.throwIfAny();
  return p;
}

export function passwordChangeInput(raw: unknown) {
  const body = bodyOf(raw);
  const v = new Violations();
  const out = { current: givenPassword(v, body, 'current_password'), next: newPassword(v, body) };
  v.throwIfAny();
  return out;
}

export function emailChangeInput(raw: unknown) {
  const body = bodyOf(raw);
  const v = new Violations();
  const out = { email: email(v, body), password: givenPassword(v, body) };
  v.throwIfAny();
  return out;
}

export function nameInput(raw: unknown): string {
  const v = new Violations();
  const n = name(v, bodyOf(raw));
  v.throwIfAny();
  return n;
}

export function invitationInput(raw: unknown) {
  const body = bodyOf(raw);
  const v = new Violations();
  const e = email(v, body);
  const role = body.role ?? 'member';
  if (typeof role !== 'string' || !(ASSIGNABLE_ROLES as readonly string[]).includes(role)) v.add('role', says.oneOf('role', ASSIGNABLE_ROLES));
  v.throwIfAny();
  return { email: e, role: role as (typeof ASSIGNABLE_ROLES)[number] };
}

export function roleInput(raw: unknown): (typeof ASSIGNABLE_ROLES)[number] {
  const body = bodyOf(raw);
  const v = new Violations();
  if (typeof body.role !== 'string' || !(ASSIGNABLE_ROLES as readonly string[]).includes(body.role)) v.add('role', says.oneOf('role', ASSIGNABLE_ROLES));
  v.throwIfAny();
  return body.role as (typeof ASSIGNABLE_ROLES)[number];
}

export function tokenInput(raw: unknown): string {
  const v = new Violations();
  const t = optionalToken(v, bodyOf(raw), 'token');
  if (t === null && !v.has('token')) v.add('token', says.required('token'));
  v.throwIfAny();
  return t!;
}

export function requireTwoFactorInput(raw: unknown): boolean {
  const body = bodyOf(raw);
  const v = new Violations();
  if (typeof body.required !== 'boolean') v.add('required', says.boolean('required'));
  v.throwIfAny();
  return body.required as boolean;
}

/** A numeric path id, or null (the route answers 404). */
export function pathId(raw: string | undefined): number | null {
  return raw !== undefined && /^\d{1,15}$/.test(raw) ? Number(raw) : null;
}
