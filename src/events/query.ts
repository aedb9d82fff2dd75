// Query parameters of GET /emails, GET /emails/events and GET /emails/{requestId} (spec sending.md §1.2, §4).
// Pure: query object + now in, a typed filter or the contract's 422 errors map out.
import { isRequestId, isValidEmail, parseDateTime } from '../sending/index.js';
import { decodeCursor, type CursorPosition } from './cursor.js';
import { isEventType, type EventType } from './model.js';

export const DEFAULT_PER_PAGE = 25;
export const MAX_PER_PAGE = 100;
/** Default look-back of every read (spec §4: from = now − 10 days). */
export const DEFAULT_WINDOW_MS = 10 * 24 * 60 * 60 * 1000;
/** Filter lists are bounded so one request cannot build an unbounded IN (…). */
export const MAX_FILTER_VALUES = 50;
const DAY_MS = 24 * 60 * 60 * 1000;

export const queryText = {
  perPageInteger: 'The per_page parameter must be an integer.',
  perPageMax: `The per_page parameter must not exceed ${MAX_PER_PAGE}.`,
  perPageMin: 'The per_page parameter must be at least 1.',
  date: (name: string) => `The ${name} parameter must be a valid date.`,
  range: 'The to parameter must be a date after or equal to from.',
  cursor: 'The cursor parameter is invalid.',
  recipient: 'The recipients parameter must be a valid email address.',
  recipients: 'The recipients parameter must only contain valid email addresses.',
  events: 'The events parameter must only contain valid event types.',
  bounceClasses: 'The bounce_classes parameter must be a comma-separated list of integers.',
  transmissions: 'The transmissions parameter must be a valid transmission ID.',
  tooMany: (name: string) => `The ${name} parameter must not contain more than ${MAX_FILTER_VALUES} values.`,
} as const;

export type Query = Record<string, unknown>;
export type QueryErrors = Record<string, string[]>;
export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: QueryErrors };

export interface Window {
  from: number;
  to: number;
}

export interface Page {
  perPage: number;
  cursor: CursorPosition | null;
}

export interface EventFilter extends Window, Page {
  types: EventType[];
  recipients: string[];
  requestId: string | null;
  bounceClasses: number[];
}

/** A scalar parameter. Repeated (`?a=1&a=2`) is refused by returning a non-string. */
function scalar(query: Query, name: string): string | undefined | null {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  return typeof value === 'string' ? value : null;
}

/** A comma list (OpenAPI form, explode: false); repeated parameters are joined into one list. */
function list(query: Query, name: string): string[] {
  const value = query[name];
  const raw = Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : '';
  return raw.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
}

/** `YYYY-MM-DD` (the contract's format: date) or a full date-time (spec §4 REC). A bare `to` date means its end. */
export function parseQueryDate(value: string, endOfDay: boolean): number | null {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!day) return parseDateTime(value);
  const start = parseDateTime(`${value}T00:00:00Z`);
  return start === null ? null : endOfDay ? start + DAY_MS - 1 : start;
}

export function parseWindow(query: Query, now: number, errors: QueryErrors): Window {
  const window: Window = { from: now - DEFAULT_WINDOW_MS, to: now };
  for (const name of ['from', 'to'] as const) {
    const raw = scalar(query, name);
    if (raw === undefined) continue;
    const at = raw === null ? null : parseQueryDate(raw, name === 'to');
    if (at === null) errors[name] = [queryText.date(name)];
    else window[name] = at;
  }
  if (!errors.from && !errors.to && window.to < window.from) errors.to = [queryText.range];
  return window;
}

export function parsePage(query: Query, errors: QueryErrors): Page {
  const page: Page = { perPage: DEFAULT_PER_PAGE, cursor: null };
  const perPage = scalar(query, 'per_page');
  if (perPage !== undefined) {
    if (perPage === null || !/^-?[0-9]{1,9}$/.test(perPage)) errors.per_page = [queryText.perPageInteger];
    else if (Number(perPage) > MAX_PER_PAGE) errors.per_page = [queryText.perPageMax];
    else if (Number(perPage) < 1) errors.per_page = [queryText.perPageMin];
    else page.perPage = Number(perPage);
  }
  const cursor = scalar(query, 'cursor');
  if (cursor !== undefined) {
    page.cursor = cursor === null ? null : decodeCursor(cursor);
    if (page.cursor === null) errors.cursor = [queryText.cursor];
  }
  return page;
}

function done<T>(value: T, errors: QueryErrors): Parsed<T> {
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value };
}

/** GET /emails: one optional recipient. */
export function parseListQuery(query: Query, now: number): Parsed<Window & Page & { recipient: string | null }> {
  const errors: QueryErrors = {};
  const window = parseWindow(query, now, errors);
  const page = parsePage(query, errors);
  const recipient = scalar(query, 'recipients');
  if (recipient === null || (recipient !== undefined && !isValidEmail(recipient))) errors.recipients = [queryText.recipient];
  return done({ ...window, ...page, recipient: typeof recipient === 'string' ? recipient : null }, errors);
}

/** GET /emails/events. */
export function parseEventsQuery(query: Query, now: number): Parsed<EventFilter> {
  const errors: QueryErrors = {};
  const window = parseWindow(query, now, errors);
  const page = parsePage(query, errors);
  const types = list(query, 'events');
  const recipients = list(query, 'recipients');
  const classes = list(query, 'bounce_classes');
  const check = (name: string, values: string[], valid: (v: string) => boolean, message: string) => {
    if (values.length > MAX_FILTER_VALUES) errors[name] = [queryText.tooMany(name)];
    else if (!values.every(valid)) errors[name] = [message];
  };
  check('events', types, isEventType, queryText.events);
  check('recipients', recipients, isValidEmail, queryText.recipients);
  check('bounce_classes', classes, (v) => /^[0-9]{1,3}$/.test(v), queryText.bounceClasses);
  const requestId = scalar(query, 'transmissions');
  if (requestId === null || (requestId !== undefined && !isRequestId(requestId))) {
    errors.transmissions = [queryText.transmissions];
  }
  return done({
    ...window, ...page,
    types: types.filter(isEventType),
    recipients,
    requestId: typeof requestId === 'string' ? requestId : null,
    bounceClasses: classes.map(Number),
  }, errors);
}

/** GET /emails/{requestId}: only the window. */
export function parseDetailQuery(query: Query, now: number): Parsed<Window> {
  const errors: QueryErrors = {};
  return done(parseWindow(query, now, errors), errors);
}
