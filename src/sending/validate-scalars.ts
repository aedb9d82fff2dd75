// Small readers for scalar fields. Each returns the normalized value (null when absent or invalid) and records
// errors in the bag; callers never see a throw. Lengths count code points, as Laravel's mb_strlen does.
import { headerValueProblem } from './header-safety.js';
import { text } from './messages.js';
import type { ErrorBag } from './request.js';

export function codePoints(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

interface StringRule {
  max?: number;
  /** The value becomes (part of) a header: CR/LF and control characters are refused. */
  header?: boolean;
}

/** An optional string. "" is treated as absent (Laravel's ConvertEmptyStringsToNull). */
export function readOptionalString(value: unknown, path: string, bag: ErrorBag, rule: StringRule = {}): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') {
    bag.add(path, text.string(path));
    return null;
  }
  return checkString(value, path, bag, rule) ? value : null;
}

export function checkString(value: string, path: string, bag: ErrorBag, rule: StringRule): boolean {
  let ok = true;
  if (rule.max !== undefined && codePoints(value) > rule.max) {
    bag.add(path, text.maxChars(path, rule.max));
    ok = false;
  }
  if (rule.header) {
    const problem = headerValueProblem(value);
    if (problem === 'line_break') bag.add(path, text.noLineBreaks(path));
    if (problem === 'control') bag.add(path, text.noControls(path));
    if (problem) ok = false;
  }
  return ok;
}

/** An optional integer; JSON numbers and digit strings both count (Laravel's `integer` rule accepts "2"). */
export function readOptionalInteger(value: unknown, path: string, bag: ErrorBag, min?: number): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    bag.add(path, text.integer(path));
    return null;
  }
  if (min !== undefined && n < min) {
    bag.add(path, text.minInteger(path, min));
    return null;
  }
  return n;
}

const TRUE_VALUES = new Set<unknown>([true, 1, '1', 'true']);
const FALSE_VALUES = new Set<unknown>([false, 0, '0', 'false']);

/** Laravel's `boolean` rule: true/false, 1/0 and their string forms. */
export function readOptionalBoolean(value: unknown, path: string, bag: ErrorBag): boolean | null {
  if (value === undefined || value === null) return null;
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  bag.add(path, text.boolean(path));
  return null;
}
