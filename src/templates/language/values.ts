// Value semantics of the language: truthiness, comparison, arithmetic, path steps and output text.
// Data is plain JSON; every lookup is an own-property lookup so nothing of Object.prototype is reachable.
import type { Value } from './types.js';

export type Obj = { [key: string]: Value };

export const isObject = (v: Value | undefined): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Narrows unknown input (substitution_data may hold anything JSON) to a Value; functions etc. become null. */
export function asValue(v: unknown): Value {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string': case 'boolean': return v;
    case 'number': return Number.isFinite(v) ? v : null;
    case 'object': return v as Value;
    default: return null;
  }
}

/**
 * Missing, null, false and the empty string are false; everything else (0, [] and {} included) is true,
 * as in the Lua-based original, which is why `empty()` exists. The empty string counts as missing so that
 * `{{ first_name or 'Customer' }}` covers a blank name too.
 */
export function truthy(v: Value): boolean {
  return !(v === null || v === false || v === '');
}

export function isEmpty(v: Value): boolean {
  if (v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) return Object.keys(v).length === 0;
  return false;
}

/** substitution_data values are often strings ("41"), so numeric strings take part in arithmetic and ordering. */
export function toNumber(v: Value): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return Number(v);
  return null;
}

export function arithmetic(op: '+' | '-' | '*' | '/', l: Value, r: Value): Value {
  const a = toNumber(l);
  const b = toNumber(r);
  if (a === null || b === null) return null;
  const n = op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : a / b;
  return Number.isFinite(n) ? n : null; // x/0 renders nothing rather than "Infinity"
}

export function equal(l: Value, r: Value): boolean {
  if (l === r) return true;
  const a = toNumber(l);
  const b = toNumber(r);
  return a !== null && b !== null && a === b;
}

export function order(op: '<' | '>' | '<=' | '>=', l: Value, r: Value): boolean {
  const a = toNumber(l);
  const b = toNumber(r);
  let c: number;
  if (a !== null && b !== null) c = a - b;
  else if (typeof l === 'string' && typeof r === 'string') c = l < r ? -1 : l > r ? 1 : 0;
  else return false;
  return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
}

export function length(v: Value): number {
  if (Array.isArray(v)) return v.length;
  if (typeof v === 'string') return [...v].length;
  return 0;
}

/** `.name` and `['name']` on objects; `[n]` on arrays is 1-based (spec §5.4 "Paths"). */
export function step(v: Value, key: Value): Value {
  if (Array.isArray(v)) {
    if (typeof key !== 'number' || !Number.isInteger(key) || key < 1) return null;
    return v[key - 1] ?? null;
  }
  if (!isObject(v) || (typeof key !== 'string' && typeof key !== 'number')) return null;
  const k = String(key);
  return Object.hasOwn(v, k) ? (v[k] ?? null) : null;
}

/** Numbers print like the original (%.14g): 39.99 stays 39.99, 0.1+0.2 prints 0.3, integers have no decimals. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
  return String(Number(n.toPrecision(14)));
}

/** Output text of a value: objects and arrays have no text form and render as nothing. */
export function stringify(v: Value): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return '';
}
