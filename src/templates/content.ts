// A version's content from what the client sent: custom HTML as is, or Topol JSON rendered to HTML; merge tags are
// extracted from the parts a send renders (subject, HTML, text) once, when the version is created.
import type { MergeTag } from './language/index.js';
import type { EditorType } from './tables.js';
import type { TemplateWork } from './threads/pool.js';
import { topolToHtml } from './topol.js';

export type ContentInput = { html: string; json?: undefined } | { json: string; html?: undefined };

export interface VersionContent {
  editorType: EditorType;
  html: string;
  json: string | null;
  text: string | null;
  mergeTags: MergeTag[];
}

/** Topol documents are JSON objects; anything else (or unparsable text) is "not valid". */
export function parseTopolJson(json: string): { ok: true; doc: object } | { ok: false } {
  try {
    const doc: unknown = JSON.parse(json);
    return typeof doc === 'object' && doc !== null && !Array.isArray(doc) ? { ok: true, doc } : { ok: false };
  } catch {
    return { ok: false };
  }
}

/** Where the merge tags are compiled (a template thread) and the time budget that compile gets (LETTR_TEMPLATE_BUDGET). */
export interface CompileLimits { work: TemplateWork; budgetMs: number }

export type PrepareOutcome =
  | { ok: true; content: VersionContent }
  | { ok: false; field: 'json' | 'html'; problem: 'invalid_json' | 'over_limit'; message: string };

export async function prepareContent(
  input: ContentInput, limits: CompileLimits, extra: { subject?: string | null; text?: string | null } = {},
): Promise<PrepareOutcome> {
  let html: string;
  let json: string | null = null;
  let editorType: EditorType = 'custom_html';
  if (input.json !== undefined) {
    const parsed = parseTopolJson(input.json);
    if (!parsed.ok) return { ok: false, field: 'json', problem: 'invalid_json', message: 'not valid Topol JSON (a JSON object)' };
    html = topolToHtml(parsed.doc);
    json = input.json;
    editorType = 'topol';
  } else html = input.html;
  const text = extra.text ?? null;
  const parts = [extra.subject, html, text].filter((p): p is string => typeof p === 'string' && p !== '');
  const tags = await limits.work.mergeTags({ kind: 'mergeTags', parts, budgetMs: limits.budgetMs });
  if (!tags.ok) return { ok: false, field: json === null ? 'html' : 'json', problem: 'over_limit', message: tags.reason };
  return { ok: true, content: { editorType, html, json, text, mergeTags: tags.mergeTags } };
}
