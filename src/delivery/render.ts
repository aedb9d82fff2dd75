// Per-recipient rendering through the one template engine (INTERFACES: templates → everyone who renders):
// subject, html, AMP, text, the display name and custom header values, all on a template thread under one budget
// for the whole copy (LETTR_TEMPLATE_BUDGET). A bound exceeded is data (ok:false) that becomes a
// generation_failure event, never a throw.
import type { Part, RenderData, RenderPart, TemplateWork } from '../templates/index.js';

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
const FIELDS: Array<[keyof Omit<MessageContent, 'headers'>, Part, string]> = [
  ['subject', 'subject', 'subject'], ['html', 'html', 'html'], ['text', 'text', 'text'], ['ampHtml', 'amp', 'amp_html'], ['fromName', 'header', 'from_name'],
];

/** The parts to render, named as the failure reason names them (`html`, `amp_html`, `header X-Tag`). */
function partsOf(content: MessageContent): RenderPart[] {
  const parts: RenderPart[] = [];
  for (const [field, part, label] of FIELDS) {
    const source = content[field];
    if (source !== null) parts.push({ name: label, source, part });
  }
  for (const [name, value] of Object.entries(content.headers)) parts.push({ name: `header ${name}`, source: value, part: 'header' });
  return parts;
}

/**
 * @param cacheKey identifies the message (its parts never change), so a thread compiles each part once for all recipients
 */
export async function renderForRecipient(
  content: MessageContent, data: RenderData, work: TemplateWork, cacheKey: string, performSubstitutions: boolean, budgetMs: number,
): Promise<RenderResult> {
  if (!performSubstitutions) return { ok: true, value: content };
  const parts = partsOf(content);
  const answer = await work.render({ kind: 'render', cacheKey, parts, data, budgetMs });
  if (!answer.ok) return { ok: false, reason: answer.part ? `Rendering ${answer.part} failed: ${answer.reason}` : `Rendering failed: ${answer.reason}` };
  const byName = new Map(parts.map((p, i) => [p.name, answer.values[i] as string]));
  const out: MessageContent = { subject: '', html: null, text: null, ampHtml: null, fromName: null, headers: {} };
  for (const [field, , label] of FIELDS) if (byName.has(label)) (out as unknown as Record<string, string>)[field] = byName.get(label)!;
  for (const name of Object.keys(content.headers)) out.headers[name] = byName.get(`header ${name}`)!;
  // Substituted data must not smuggle a new header line in (the request values were checked; the data was not).
  for (const [label, value] of [['subject', out.subject], ['from_name', out.fromName ?? ''], ...Object.entries(out.headers)] as const) {
    if (LINE_BREAK.test(value)) return { ok: false, reason: `Rendered ${label} contains a line break` };
  }
  return { ok: true, value: out };
}
