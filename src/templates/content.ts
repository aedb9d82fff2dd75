// A version's content from what the client sent: custom HTML as is, or Topol JSON rendered to HTML; merge tags are
// extracted from the parts a send renders (subject, HTML, text) once, when the version is created.
import { compileTemplate, extractMergeTags, type MergeTag } from './language/index.js';
import type { EditorType } from './tables.js';
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

export function prepareContent(input: ContentInput, extra: { subject?: string | null; text?: string | null } = {}): VersionContent | null {
  let html: string;
  let json: string | null = null;
  let editorType: EditorType = 'custom_html';
  if (input.json !== undefined) {
    const parsed = parseTopolJson(input.json);
    if (!parsed.ok) return null;
    html = topolToHtml(parsed.doc);
    json = input.json;
    editorType = 'topol';
  } else html = input.html;
  const text = extra.text ?? null;
  const parts = [extra.subject, html, text].filter((p): p is string => typeof p === 'string' && p !== '');
  return { editorType, html, json, text, mergeTags: extractMergeTags(...parts.map(compileTemplate)) };
}
