// Rules for creating and updating API keys, as a pure function returning field errors (422 shape) or clean values.
import type { FieldErrors } from '../http/errors.js';
import { parseIpRules } from './ip-rules.js';
import { isScope, SCOPES, type Permission } from './scopes.js';

export interface KeyInput {
  name?: unknown;
  permission?: unknown;
  scopes?: unknown;
  allowed_ips?: unknown;
}

export interface CleanKeyInput {
  name?: string;
  permission?: Permission;
  scopes?: string[];
  allowedIps?: string[];
}

const PERMISSIONS: Permission[] = ['full_access', 'sending_only', 'custom'];

export function validateKeyInput(input: KeyInput, mode: 'create' | 'update'): { ok: true; value: CleanKeyInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (f: string, m: string) => (errors[f] ??= []).push(m);
  const value: CleanKeyInput = {};

  if (input.name !== undefined || mode === 'create') {
    if (typeof input.name !== 'string' || input.name.trim() === '') add('name', 'The name field is required.');
    else if (input.name.length > 255) add('name', 'The name must not be greater than 255 characters.');
    else value.name = input.name.trim();
  }
  if (input.permission !== undefined || mode === 'create') {
    if (!PERMISSIONS.includes(input.permission as Permission)) add('permission', `The permission must be one of: ${PERMISSIONS.join(', ')}.`);
    else value.permission = input.permission as Permission;
  }
  if (input.scopes !== undefined) {
    if (!Array.isArray(input.scopes)) add('scopes', 'The scopes field must be an array.');
    else {
      input.scopes.forEach((s, i) => {
        if (typeof s !== 'string' || !isScope(s)) add(`scopes.${i}`, `The scopes.${i} must be one of: ${SCOPES.join(', ')}.`);
      });
      value.scopes = [...new Set(input.scopes.filter((s): s is string => typeof s === 'string' && isScope(s)))];
    }
  }
  if (value.permission === 'custom' && (!value.scopes || value.scopes.length === 0) && !errors.scopes) {
    add('scopes', 'The scopes field is required when permission is custom.');
  }
  if (input.allowed_ips !== undefined) {
    const list = typeof input.allowed_ips === 'string' || Array.isArray(input.allowed_ips) ? input.allowed_ips : null;
    if (list === null || (Array.isArray(list) && list.some((x) => typeof x !== 'string'))) {
      add('allowed_ips', 'The allowed_ips field must be a list of IP addresses or CIDR ranges.');
    } else {
      const parsed = parseIpRules(list as string | string[]);
      if (parsed.ok) value.allowedIps = parsed.rules;
      else for (const e of parsed.errors) add(`allowed_ips.${e.index}`, e.message);
    }
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}
