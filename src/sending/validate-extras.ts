// metadata / headers / options / substitution_data (spec sending.md §2.1, §2.4, §2.5; docs learn/sending/metadata).
import { isForbiddenHeader, isReservedHeader, isValidHeaderName, MAX_CUSTOM_HEADERS, MAX_HEADER_VALUE } from './header-safety.js';
import { text } from './messages.js';
import { DEFAULT_OPTIONS, isPlainObject, type ErrorBag, type SendOptions } from './request.js';
import { checkString, codePoints, readOptionalBoolean } from './validate-scalars.js';

export const MAX_METADATA_KEYS = 50;
export const MAX_METADATA_KEY = 40;
export const MAX_METADATA_VALUE = 500;
/** Serialized metadata, UTF-8 bytes (docs: "total ≤ 8 KB"). */
export const MAX_METADATA_BYTES = 8 * 1024;
/** substitution_data nesting bound: loops need depth, but unbounded nesting is a stack hazard for every walker. */
export const MAX_SUBSTITUTION_DEPTH = 32;

export function readMetadata(value: unknown, bag: ErrorBag): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    bag.add('metadata', text.object('metadata'));
    return {};
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_METADATA_KEYS) {
    bag.add('metadata', text.maxItems('metadata', MAX_METADATA_KEYS));
    return {};
  }
  const metadata: Record<string, string> = {};
  for (const [key, item] of entries) {
    const path = `metadata.${key}`;
    if (key.length === 0 || codePoints(key) > MAX_METADATA_KEY) bag.add(path, text.metadataKeyLength(key, MAX_METADATA_KEY));
    else if (typeof item !== 'string') bag.add(path, text.string(path));
    else if (checkString(item, path, bag, { max: MAX_METADATA_VALUE })) metadata[key] = item;
  }
  // Measured on the validated (flat, string-only) entries: serializing the raw value would recurse into whatever
  // nesting a hostile body sent and overflow the stack (found by the bad-input barrage).
  if (Buffer.byteLength(JSON.stringify(metadata)) > MAX_METADATA_BYTES && !bag.has('metadata')) {
    bag.add('metadata', text.metadataTotal(MAX_METADATA_BYTES / 1024));
  }
  return metadata;
}

export function readHeaders(value: unknown, bag: ErrorBag): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    bag.add('headers', text.object('headers'));
    return {};
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_CUSTOM_HEADERS) {
    bag.add('headers', text.maxItems('headers', MAX_CUSTOM_HEADERS));
    return {};
  }
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const [name, item] of entries) {
    const path = `headers.${name}`;
    if (!isValidHeaderName(name)) bag.add(path, text.headerName(name));
    else if (isReservedHeader(name)) bag.add(path, text.headerReserved(name));
    else if (isForbiddenHeader(name)) bag.add(path, text.headerForbidden(name));
    else if (seen.has(name.toLowerCase())) bag.add(path, text.distinct(path));
    else if (typeof item !== 'string') bag.add(path, text.string(path));
    else if (checkString(item, path, bag, { max: MAX_HEADER_VALUE, header: true })) headers[name] = item;
    seen.add(name.toLowerCase());
  }
  return headers;
}

const OPTION_FIELDS: Array<[keyof SendOptions, string]> = [
  ['transactional', 'transactional'],
  ['openTracking', 'open_tracking'],
  ['clickTracking', 'click_tracking'],
  ['inlineCss', 'inline_css'],
  ['performSubstitutions', 'perform_substitutions'],
];

export function readOptions(value: unknown, bag: ErrorBag): SendOptions {
  const options = { ...DEFAULT_OPTIONS };
  if (value === undefined || value === null) return options;
  if (!isPlainObject(value)) {
    bag.add('options', text.object('options'));
    return options;
  }
  for (const [field, key] of OPTION_FIELDS) {
    const flag = readOptionalBoolean(value[key], `options.${key}`, bag);
    if (flag !== null) options[field] = flag;
  }
  return options;
}

/** Any JSON object (decision S6: loops need arrays and objects); only its nesting is bounded. */
export function readSubstitutionData(value: unknown, bag: ErrorBag): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isPlainObject(value)) {
    bag.add('substitution_data', text.object('substitution_data'));
    return {};
  }
  if (depthExceeds(value, MAX_SUBSTITUTION_DEPTH)) {
    bag.add('substitution_data', text.depth('substitution_data', MAX_SUBSTITUTION_DEPTH));
    return {};
  }
  return value;
}

/** Iterative (an explicit stack), so a hostile 100,000-level body cannot overflow the call stack. */
export function depthExceeds(root: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}
