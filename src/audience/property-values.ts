// Typed contact property values (pure). The API carries every value as a string; the property's type decides what a
// valid string is, its canonical spelling, and the number segments compare (numbers as such, dates as epoch ms).
export const PROPERTY_TYPES = ['string', 'number', 'boolean', 'date', 'json'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export const MAX_VALUE_CHARS = 1000;

export type TypedValue = { ok: true; value: string; num: number | null } | { ok: false; reason: string };

// ISO 8601 calendar date, optionally with a time and an offset; anything else (e.g. "03/04/05") is ambiguous.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const NUMBER = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Epoch ms of an ISO date; a date without an offset is read as UTC. Null when not a real calendar date. */
export function parseIsoDate(text: string): number | null {
  if (!ISO_DATE.test(text)) return null;
  const withZone = text.length === 10 ? `${text}T00:00:00Z` : /(?:Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : `${text}Z`;
  const ms = Date.parse(withZone.replace(' ', 'T'));
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2024-02-30 over to March: require the calendar part to survive the round trip.
  const back = new Date(Date.parse(`${text.slice(0, 10)}T00:00:00Z`));
  return Number.isNaN(back.getTime()) || back.toISOString().slice(0, 10) !== text.slice(0, 10) ? null : ms;
}

export function typedValue(type: PropertyType, raw: string): TypedValue {
  if (raw.length > MAX_VALUE_CHARS) return { ok: false, reason: `must not be greater than ${MAX_VALUE_CHARS} characters` };
  switch (type) {
    case 'string':
      return { ok: true, value: raw, num: null };
    case 'number': {
      const t = raw.trim();
      const n = NUMBER.test(t) ? Number(t) : NaN;
      return Number.isFinite(n) ? { ok: true, value: t, num: n } : { ok: false, reason: 'must be a number' };
    }
    case 'boolean': {
      const t = raw.trim().toLowerCase();
      if (t === 'true' || t === '1') return { ok: true, value: 'true', num: 1 };
      if (t === 'false' || t === '0') return { ok: true, value: 'false', num: 0 };
      return { ok: false, reason: 'must be true or false' };
    }
    case 'date': {
      const t = raw.trim();
      const ms = parseIsoDate(t);
      return ms === null ? { ok: false, reason: 'must be an ISO 8601 date' } : { ok: true, value: t, num: ms };
    }
    case 'json':
      try {
        JSON.parse(raw);
        return { ok: true, value: raw, num: null };
      } catch {
        return { ok: false, reason: 'must be valid JSON' };
      }
  }
}

export const isPropertyType = (v: unknown): v is PropertyType => typeof v === 'string' && (PROPERTY_TYPES as readonly string[]).includes(v);
