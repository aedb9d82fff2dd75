// Topol editor JSON (an MJML-like tree: { tagName, attributes, content, children }) → the HTML a version sends.
// Topol's own renderer is a hosted service; this is a deliberately small, faithful-in-content rendering so JSON
// templates are sendable and their merge tags are extracted from the same HTML the recipient gets.
import { escapeHtml } from './language/escape.js';

interface TopolNode { tagName?: unknown; attributes?: unknown; content?: unknown; children?: unknown }

/** Deeper trees are cut off: a JSON body can nest far deeper than any editor document. */
const MAX_DEPTH = 64;
const SKIPPED = new Set(['mj-head', 'mj-attributes', 'mj-style', 'mj-preview', 'mj-title', 'mj-font', 'mj-breakpoint']);
const STYLE_ATTRIBUTES = ['background-color', 'color', 'font-size', 'font-family', 'padding', 'text-align', 'align', 'width', 'border-radius'];

function attr(node: TopolNode, name: string): string | null {
  const a = node.attributes;
  if (typeof a !== 'object' || a === null || !Object.hasOwn(a, name)) return null;
  const v = (a as Record<string, unknown>)[name];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}

function style(node: TopolNode, extra = ''): string {
  const parts = STYLE_ATTRIBUTES.flatMap((name) => {
    const v = attr(node, name);
    return v === null ? [] : [`${name === 'align' ? 'text-align' : name}:${v}`];
  });
  const css = [...parts, extra].filter(Boolean).join(';');
  return css ? ` style="${escapeHtml(css)}"` : '';
}

function render(node: unknown, depth: number, out: string[]): void {
  if (depth > MAX_DEPTH || typeof node !== 'object' || node === null || Array.isArray(node)) return;
  const n = node as TopolNode;
  const tag = typeof n.tagName === 'string' ? n.tagName : '';
  if (SKIPPED.has(tag)) return;
  const content = typeof n.content === 'string' ? n.content : '';
  const children = (): void => { if (Array.isArray(n.children)) for (const c of n.children) render(c, depth + 1, out); };
  switch (tag) {
    case 'mj-raw': out.push(content); return;
    case 'mj-text': out.push(`<div${style(n)}>${content}</div>`); return;
    case 'mj-button': {
      const href = attr(n, 'href');
      out.push(`<p${style(n)}><a href="${escapeHtml(href ?? '#')}">${content}</a></p>`);
      return;
    }
    case 'mj-image': {
      const img = `<img src="${escapeHtml(attr(n, 'src') ?? '')}" alt="${escapeHtml(attr(n, 'alt') ?? '')}"${style(n, 'max-width:100%')}>`;
      const href = attr(n, 'href');
      out.push(href === null ? img : `<a href="${escapeHtml(href)}">${img}</a>`);
      return;
    }
    case 'mj-divider': out.push('<hr>'); return;
    case 'mj-spacer': out.push(`<div style="height:${escapeHtml(attr(n, 'height') ?? '20px')}"></div>`); return;
    default:
      out.push(`<div${style(n)}>`);
      if (content) out.push(content);
      children();
      out.push('</div>');
  }
}

/** The HTML document for a parsed Topol JSON value. */
export function topolToHtml(doc: unknown): string {
  const out: string[] = [];
  render(doc, 0, out);
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body>${out.join('')}</body></html>`;
}
