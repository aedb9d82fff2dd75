// Query-string and body number rules for the template and project endpoints, with the contract's messages
// (spec §1.2): per_page 1–100 (25), page ≥ 1 (1), project_id and version positive integers.
import type { Violations } from '../http/validation.js';

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;

/** A positive whole number as JSON number or digit string; ids beyond 2^53 cannot be ours and are refused too. */
export function toPositiveInt(v: unknown): number | null | 'invalid' {
  if (v === undefined || v === null || v === '') return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isSafeInteger(n) ? n : 'invalid';
}

/** One query parameter as a whole number ≥ min (repeated parameters are not integers). */
export function queryInt(query: unknown, name: string, bag: Violations, opts: { min?: number; max?: number } = {}): number | null {
  const raw = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[name] : undefined;
  const n = Array.isArray(raw) ? 'invalid' : toPositiveInt(raw);
  if (n === null) return null;
  if (n === 'invalid') { bag.add(name, `The ${name} parameter must be an integer.`); return null; }
  if (n < (opts.min ?? 1)) { bag.add(name, `The ${name} parameter must be at least ${opts.min ?? 1}.`); return null; }
  if (opts.max !== undefined && n > opts.max) { bag.add(name, `The ${name} parameter must not exceed ${opts.max}.`); return null; }
  return n;
}

export function queryString(query: unknown, name: string): string | null {
  const raw = typeof query === 'object' && query !== null ? (query as Record<string, unknown>)[name] : undefined;
  return typeof raw === 'string' && raw !== '' ? raw : null;
}

export interface PageRequest { perPage: number; page: number; limit: number; offset: number }

export function pageOf(query: unknown, bag: Violations): PageRequest {
  const perPage = queryInt(query, 'per_page', bag, { max: MAX_PER_PAGE }) ?? DEFAULT_PER_PAGE;
  const page = queryInt(query, 'page', bag) ?? 1;
  return { perPage, page, limit: perPage, offset: (page - 1) * perPage };
}

/** Laravel-style pagination block; an empty list still has one (empty) page. */
export function pagination(total: number, p: PageRequest) {
  return { total, per_page: p.perPage, current_page: p.page, last_page: Math.max(1, Math.ceil(total / p.perPage)) };
}
