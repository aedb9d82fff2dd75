// compileTemplate: source → node tree, once per template version. Never throws: whatever does not parse is text.
import { HtmlScanner, TextScanner } from './contexts.js';
import { structure, type Flat } from './structure.js';
import { tokenize } from './tokenizer.js';
import type { CompiledTemplate, Node } from './types.js';

type Frame = { body: Node[]; node: Extract<Node, { t: 'if' } | { t: 'each' }> | null };

/** Builds the tree with an explicit stack; blocks were already matched by structure(). */
function buildTree(items: Flat[]): { nodes: Node[]; depth: number } {
  const html = new HtmlScanner();
  const text = new TextScanner();
  const root: Frame = { body: [], node: null };
  const stack: Frame[] = [root];
  let depth = 0;
  for (const f of items) {
    const top = stack[stack.length - 1] as Frame;
    if (f.kind === 'text') {
      html.feed(f.v);
      text.feed(f.v);
      top.body.push({ t: 'text', v: f.v });
      continue;
    }
    const tag = f.tag;
    if (tag.k === 'out') {
      const ctx = html.outputTag();
      top.body.push({ t: 'out', expr: tag.expr, raw: tag.raw, html: ctx, text: text.outputTag(), urlAttr: html.urlAttr() });
      continue;
    }
    text.statement();
    if (tag.k === 'if' || tag.k === 'each') {
      const body: Node[] = [];
      const node: Node = tag.k === 'if'
        ? { t: 'if', branches: [{ cond: tag.cond, body }], otherwise: null }
        : { t: 'each', expr: tag.expr, name: tag.name, body };
      top.body.push(node);
      stack.push({ body, node });
      depth = Math.max(depth, stack.length - 1);
    } else if (tag.k === 'end') {
      stack.pop();
    } else if (top.node?.t === 'if') {
      const body: Node[] = [];
      if (tag.k === 'elseif') top.node.branches.push({ cond: tag.cond, body });
      else top.node.otherwise = body;
      top.body = body;
    }
  }
  return { nodes: root.body, depth };
}

export function compileTemplate(source: string): CompiledTemplate {
  const { nodes, depth } = buildTree(structure(tokenize(source)));
  return { nodes, depth, sourceLength: source.length };
}
