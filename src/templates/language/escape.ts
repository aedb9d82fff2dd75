// Encoders applied to inserted values, chosen per part and per compile-time context (spec §5.4 "Escaping").
import type { HtmlContext, Part, TextContext } from './types.js';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML[c] as string);
}

/** Unquoted attribute values end at whitespace, so those (and `=`, backtick) are encoded as well. */
export function escapeAttribute(s: string): string {
  return s.replace(/[&<>"'`=\s]/g, (c) => HTML[c] ?? `&#${c.codePointAt(0)};`);
}

/** Lone surrogates would make encodeURIComponent throw; they become U+FFFD first. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** RFC 3986 §2.3: everything but unreserved characters is percent-encoded (`Daily Deal!` → `Daily%20Deal%21`). */
export function encodeUrlComponent(s: string): string {
  const encoded = encodeURIComponent(s.replace(LONE_SURROGATE, '\uFFFD'));
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A value that alone makes up a link's URL must not turn it into script (email clients differ in filtering). */
const SCRIPT_SCHEME = /^[\s\u0000-\u001f]*(javascript|vbscript)[\s\u0000-\u001f]*:/i;

export function encodeFor(part: Part, html: HtmlContext, text: TextContext, raw: boolean, s: string): string {
  if (part === 'subject' || part === 'header') return s;
  if (part === 'text') return raw || text === 'plain' ? s : encodeUrlComponent(s);
  if (raw) return s;
  switch (html) {
    case 'url': return encodeUrlComponent(s);
    case 'urlStart': return SCRIPT_SCHEME.test(s) ? '#' : escapeHtml(s);
    case 'urlStartUnquoted': return SCRIPT_SCHEME.test(s) ? '#' : escapeAttribute(s);
    case 'attrUnquoted': return escapeAttribute(s);
    default: return escapeHtml(s);
  }
}

/** Subject and header values are one line: CR/LF from data or statements must never start a new header. */
export function flattenHeader(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
