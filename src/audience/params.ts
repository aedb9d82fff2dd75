// Query and path rules shared by every audience and campaign endpoint: page/per_page (contract default 20, max 100),
// UUID ids, and the pagination block.
import type { Violations } from '../http/validation.js';

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export interface PageRequest { page: number; perPage: number; offset: number }

function queryValue(query: unknown, name: string): unknown {
  return typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[name] : undefined;
}

function queryInt(query: unknown, name: string, bag: Violations, max?: number): number | null {
  const raw = queryValue(query, name);
  if (raw === undefined || raw === '') return null;
  const n = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (Number.isNaN(n)) { bag.add(name, `The ${name} field must be an integer.`); return null; }
  if (n < 1) { bag.add(name, `The ${name} field must be at least 1.`); return null; }
  if (max !== undefined && n > max) { bag.add(name, `The ${name} field must not be greater than ${max}.`); return null; }
  return n;
}

export function pageOf(query: unknown, bag: Violations): PageRequest {
  const perPage = queryInt(query, 'per_page', bag, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const page = queryInt(query, 'page', bag) ?? 1;
  return { page, perPage, offset: (page - 1) * perPage };
}

export function pagination(total: number, p: PageRequest) {
  return { total, per_page: p.perPage, current_page: p.page, last_page: Math.max(1, Math.ceil(total / p.perPage)) };
}

/** A single-valued query string (repeated parameters are refused), or null when absent. */
export function queryText(query: unknown, name: string, bag: Violations, max = 255): string | null {
  const raw = queryValue(query, name);
  if (raw === undefined || raw === '') return null;
  if (typeof raw !== 'string') { bag.add(name, `The ${name} field must be a string.`); return null; }
  if (raw.length > max) { bag.add(name, `The ${name} field must not be greater than ${max} characters.`); return null; }
  return raw;
}

/** A query parameter that must be a UUID when present. */
export function queryUuid(query: unknown, name: string, bag: Violations): string | null {
  const raw = queryText(query, name, bag);
  if (raw !== null && !isUuid(raw)) { bag.add(name, `The ${name} field must be a valid UUID.`); return null; }
  return raw;
}
