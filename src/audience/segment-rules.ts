// Segment rules (spec §8; Lettr docs learn/audience/segments): condition groups, OR inside a group, AND between
// groups. This module checks a rule set against the team's properties and resolves each condition to a typed
// predicate (pure). segment-sql.ts turns predicates into SQL; the tests hold both to an in-memory reference.
//
// Semantics, the same in SQL and in the reference:
// - Fields: `email`, `status`, `created_at`, `lists` and `topics` (by name, as the docs say), `properties.<name>`.
// - Every `not_*` operator is the negation of its positive twin, so a contact without a value for a property
//   matches `not_contains` / `not_equals` / … and never the positive operator.
// - Text comparisons are exact (case-sensitive) on stored values; email values are lower-cased first, as emails are
//   stored. Numbers and dates compare numerically (dates as epoch ms; a date without an offset is UTC).
import { isPlainObject } from '../http/validation.js';
import { parseIsoDate, type PropertyType } from './property-values.js';
import { CONTACT_STATUSES } from './tables.js';

export const OPERATORS = [
  'contains', 'not_contains', 'equals', 'not_equals', 'starts_with', 'not_starts_with', 'ends_with', 'not_ends_with',
  'is_true', 'is_false', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal', 'before', 'after',
] as const;
export type Operator = (typeof OPERATORS)[number];

export const MAX_GROUPS = 20;
export const MAX_CONDITIONS = 20;

export interface Condition { field: string; operator: Operator; value: string | null }
export interface ConditionGroup { conditions: Condition[] }

type TextOp = 'contains' | 'equals' | 'starts_with' | 'ends_with';
type NumberOp = 'equals' | 'greater_than' | 'greater_than_or_equal' | 'less_than' | 'less_than_or_equal';

/** What a condition tests, with its operand already typed; `negate` wraps the positive test in NOT. */
export type Predicate = { negate: boolean } & (
  | { kind: 'email'; op: TextOp; text: string }
  | { kind: 'status'; status: string }
  | { kind: 'created_at'; op: 'before' | 'after'; ms: number }
  | { kind: 'list'; name: string }
  | { kind: 'topic'; name: string }
  | { kind: 'text_property'; propertyId: number; name: string; op: TextOp; text: string }
  | { kind: 'number_property'; propertyId: number; name: string; op: NumberOp; num: number }
  | { kind: 'date_property'; propertyId: number; name: string; op: 'before' | 'after'; ms: number }
  | { kind: 'boolean_property'; propertyId: number; name: string; value: boolean }
  /** A stored condition that no longer resolves (its property was deleted): the positive test matches nobody. */
  | { kind: 'never' }
);

const TEXT_OPS: Record<string, [TextOp, boolean]> = {
  contains: ['contains', false], not_contains: ['contains', true], equals: ['equals', false], not_equals: ['equals', true],
  starts_with: ['starts_with', false], not_starts_with: ['starts_with', true], ends_with: ['ends_with', false], not_ends_with: ['ends_with', true],
};
const NUMBER_OPS: Record<string, [NumberOp, boolean]> = {
  equals: ['equals', false], not_equals: ['equals', true], greater_than: ['greater_than', false],
  greater_than_or_equal: ['greater_than_or_equal', false], less_than: ['less_than', false], less_than_or_equal: ['less_than_or_equal', false],
};
const MEMBER_OPS: Record<string, boolean> = { equals: false, not_equals: true };

export type PropertyTypes = Map<string, { id: number; type: string }>;

/** One condition to a predicate, or the reason it cannot be one. */
export function predicateOf(c: Condition, props: PropertyTypes): Predicate | string {
  const value = c.value ?? '';
  const needValue = () => (c.value === null || c.value === undefined ? 'needs a value' : null);
  const opNotFor = (what: string) => `operator ${c.operator} does not apply to ${what}`;
  switch (c.field) {
    case 'email': {
      const t = TEXT_OPS[c.operator];
      if (!t) return opNotFor('email');
      return needValue() ?? { kind: 'email', op: t[0], negate: t[1], text: value.trim().toLowerCase() };
    }
    case 'status': {
      const neg = MEMBER_OPS[c.operator];
      if (neg === undefined) return opNotFor('status');
      if (!(CONTACT_STATUSES as readonly string[]).includes(value)) return `value must be one of ${CONTACT_STATUSES.join(', ')}`;
      return { kind: 'status', status: value, negate: neg };
    }
    case 'created_at': {
      if (c.operator !== 'before' && c.operator !== 'after') return opNotFor('created_at');
      const ms = parseIsoDate(value.trim());
      return ms === null ? 'value must be an ISO 8601 date' : { kind: 'created_at', op: c.operator, ms, negate: false };
    }
    case 'lists':
    case 'topics': {
      const neg = MEMBER_OPS[c.operator];
      if (neg === undefined) return opNotFor(c.field);
      if (needValue()) return 'needs a value';
      return { kind: c.field === 'lists' ? 'list' : 'topic', name: value, negate: neg };
    }
  }
  if (!c.field.startsWith('properties.')) return 'field must be email, status, created_at, lists, topics or properties.<name>';
  const name = c.field.slice('properties.'.length);
  const prop = props.get(name);
  if (!prop) return `property ${name} is not defined for this team`;
  const type = prop.type as PropertyType;
  if (type === 'boolean') {
    if (c.operator !== 'is_true' && c.operator !== 'is_false') return opNotFor('a boolean property');
    return { kind: 'boolean_property', propertyId: prop.id, name, value: c.operator === 'is_true', negate: false };
  }
  if (type === 'number') {
    const t = NUMBER_OPS[c.operator];
    if (!t) return opNotFor('a number property');
    const num = /^\s*-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
    return Number.isFinite(num) ? { kind: 'number_property', propertyId: prop.id, name, op: t[0], num, negate: t[1] } : 'value must be a number';
  }
  if (type === 'date') {
    if (c.operator !== 'before' && c.operator !== 'after') return opNotFor('a date property');
    const ms = parseIsoDate(value.trim());
    return ms === null ? 'value must be an ISO 8601 date' : { kind: 'date_property', propertyId: prop.id, name, op: c.operator, ms, negate: false };
  }
  const t = TEXT_OPS[c.operator];
  if (!t) return opNotFor(`a ${type} property`);
  return needValue() ?? { kind: 'text_property', propertyId: prop.id, name, op: t[0], text: value, negate: t[1] };
}

/** The request's `conditions.groups` shape, field errors named by path (`conditions.groups.0.conditions.1.operator`). */
export function parseGroups(raw: unknown, errors: (field: string, message: string) => void): ConditionGroup[] | null {
  const base = 'conditions';
  if (!isPlainObject(raw)) { errors(base, 'The conditions field must be an object.'); return null; }
  const groups = raw.groups;
  if (!Array.isArray(groups)) { errors(`${base}.groups`, 'The conditions.groups field must be an array.'); return null; }
  if (groups.length > MAX_GROUPS) { errors(`${base}.groups`, `The conditions.groups field must not have more than ${MAX_GROUPS} items.`); return null; }
  const out: ConditionGroup[] = [];
  let ok = true;
  groups.forEach((g, gi) => {
    const gp = `${base}.groups.${gi}.conditions`;
    const conds = isPlainObject(g) ? g.conditions : undefined;
    if (!Array.isArray(conds) || conds.length === 0) { errors(gp, `The ${gp} field must be an array with at least 1 item.`); ok = false; return; }
    if (conds.length > MAX_CONDITIONS) { errors(gp, `The ${gp} field must not have more than ${MAX_CONDITIONS} items.`); ok = false; return; }
    const group: Condition[] = [];
    conds.forEach((c, ci) => {
      const p = `${gp}.${ci}`;
      if (!isPlainObject(c)) { errors(p, `The ${p} field must be an object.`); ok = false; return; }
      if (typeof c.field !== 'string' || c.field === '' || c.field.length > 255) { errors(`${p}.field`, `The ${p}.field field is required and must be a string of at most 255 characters.`); ok = false; }
      if (typeof c.operator !== 'string' || !(OPERATORS as readonly string[]).includes(c.operator)) { errors(`${p}.operator`, `The selected ${p}.operator is invalid.`); ok = false; }
      if (c.value !== undefined && c.value !== null && (typeof c.value !== 'string' || c.value.length > 1000)) { errors(`${p}.value`, `The ${p}.value field must be a string of at most 1000 characters.`); ok = false; }
      group.push({ field: c.field as string, operator: c.operator as Operator, value: (c.value as string | null | undefined) ?? null });
    });
    out.push({ conditions: group });
  });
  return ok ? out : null;
}

/** Every condition resolved against the team's properties; errors name the condition's value or field. */
export function resolveGroups(groups: ConditionGroup[], props: PropertyTypes, errors: (field: string, message: string) => void): Predicate[][] | null {
  let ok = true;
  const out = groups.map((g, gi) => g.conditions.map((c, ci) => {
    const p = predicateOf(c, props);
    if (typeof p === 'string') { errors(`conditions.groups.${gi}.conditions.${ci}`, `The condition ${p}.`); ok = false; }
    return p as Predicate;
  }));
  return ok ? out : null;
}

const NEGATED = new Set(['not_contains', 'not_equals', 'not_starts_with', 'not_ends_with']);

/** Stored groups at evaluation time: a condition that no longer resolves matches nobody (its `not_` twin everybody). */
export function resolveStored(groups: ConditionGroup[], props: PropertyTypes): Predicate[][] {
  return groups.map((g) => g.conditions.map((c) => {
    const p = predicateOf(c, props);
    return typeof p === 'string' ? { kind: 'never' as const, negate: NEGATED.has(c.operator) } : p;
  }));
}
