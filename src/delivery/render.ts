// Per-recipient rendering through the one template engine (INTERFACES: templates → everyone who renders):
// subject, html, AMP, text, the display name and custom header values. A bound exceeded is data (ok:false) that
// becomes a generation_failure event, never a throw.
import type { RenderData, TemplateCache } from '../templates/index.js';
import { renderTemplate, type Part } from '../templates/index.js';

export interface MessageContent {
  subject: string;
  html: string | null;
  text: string | null;
  ampHtml: string | null;
  fromName: string | null;
  headers: Record<string, string>;
}

export type RenderResult = { ok: true; value: MessageContent } | { ok: false; reason: string };

const LINE_BREAK = /[\r\n]/;

/**
 * @param cacheKey identifies the message (its parts never change), so 50 recipients compile each part once
 */
export function renderForRecipient(content: MessageContent, data: RenderData, cache: TemplateCache, cacheKey: string, performSubstitutions: boolean): RenderResult {
  if (!performSubstitutions) return { ok: true, value: content };
  const render = (key: string, source: string, part: Part): { ok: true; value: string } | { ok: false; reason: string } =>
    renderTemplate(cache.get(`${cacheKey}:${key}`, source), data, part);
  const out: MessageContent = { subject: '', html: null, text: null, ampHtml: null, fromName: null, headers: {} };

  const one: Array<[keyof Omit<MessageContent, 'headers'>, Part]> = [['subject', 'subject'], ['html', 'html'], ['text', 'text'], ['ampHtml', 'amp'], ['fromName', 'header']];
  for (const [field, part] of one) {
    const source = content[field];
    if (source === null) continue;
    const r = render(field, source, part);
    if (!r.ok) return { ok: false, reason: `Rendering ${field === 'ampHtml' ? 'amp_html' : field === 'fromName' ? 'from_name' : field} failed: ${r.reason}` };
    (out as unknown as Record<string, string>)[field] = r.value;
  }
  for (const [name, value] of Object.entries(content.headers)) {
    const r = render(`h:${name}`, value, 'header');
    if (!r.ok) return { ok: false, reason: `Rendering header ${name} failed: ${r.reason}` };
    out.headers[name] = r.value;
  }
  // Substituted data must not smuggle a new header line in (the request values were checked; the data was not).
  for (const [label, value] of [['subject', out.subject], ['from_name', out.fromName ?? ''], ...Object.entries(out.headers)] as const) {
    if (LINE_BREAK.test(value)) return { ok: false, reason: `Rendered ${label} contains a line break` };
  }
  return { ok: true, value: out };
}
