// Merge-tag extraction from a compiled template (contract MergeTagView, spec §5.5).
// Rule: a key referenced where it always renders is required; under if / elseif / else, inside each, on either
// side of `or`, right of `and` or inside empty() it is optional. `each X` gives X children from loop_var.k and
// loop_vars.X.k, typed number (arithmetic, ordering), image (src), button (href) or text.
import { BUILT_IN_ROOTS } from './scope.js';
import type { CompiledTemplate, Expr, Node, UrlAttr } from './types.js';

export type MergeTagType = 'text' | 'number' | 'image' | 'button';
export interface MergeTagChild { key: string; type?: MergeTagType }
export interface MergeTag { key: string; required: boolean; children?: MergeTagChild[] }

/** Children of one loop: key → inferred type (undefined for a nested list). */
type Sink = Map<string, MergeTagType | undefined>;
interface Loop { name: string | null; sink: Sink | null }
interface Ctx { guarded: boolean; loops: Loop[]; hint: MergeTagType }

/** The walk is recursive per block level; deeper levels than this are not rendered either (HARD_MAX_DEPTH). */
const MAX_WALK_DEPTH = 200;
const RANK: Record<MergeTagType, number> = { text: 0, button: 1, image: 2, number: 3 };

class Extractor {
  readonly tags = new Map<string, { required: boolean; children: Sink | null }>();

  private root(key: string, ctx: Ctx): { required: boolean; children: Sink | null } {
    let t = this.tags.get(key);
    if (t === undefined) { t = { required: false, children: null }; this.tags.set(key, t); }
    if (!ctx.guarded) t.required = true;
    return t;
  }

  private child(sink: Sink | null, key: string, type: MergeTagType | undefined): void {
    if (sink === null) return;
    const prev = sink.get(key);
    if (!sink.has(key) || (type !== undefined && prev !== undefined && RANK[type] > RANK[prev])) sink.set(key, type);
  }

  /** The loop whose item a path reads (`loop_var.k` → innermost, `loop_vars.N.k` → loop N) and the key k. */
  private loopChild(e: Extract<Expr, { k: 'path' }>, ctx: Ctx): { loop: Loop; key: string } | null {
    const [a, b] = e.segs;
    if (e.root === 'loop_var' && a?.k === 'key') {
      const loop = ctx.loops[ctx.loops.length - 1];
      return loop ? { loop, key: a.name } : null;
    }
    if (e.root === 'loop_vars' && a?.k === 'key' && b?.k === 'key') {
      const loop = [...ctx.loops].reverse().find((l) => l.name === a.name);
      return loop ? { loop, key: b.name } : null;
    }
    return null;
  }

  expr(e: Expr, ctx: Ctx): void {
    switch (e.k) {
      case 'lit': return;
      case 'path': {
        if (!BUILT_IN_ROOTS.has(e.root)) this.root(e.root, ctx);
        else {
          const c = this.loopChild(e, ctx);
          if (c) this.child(c.loop.sink, c.key, ctx.hint);
        }
        for (const s of e.segs) if (s.k === 'index') this.expr(s.expr, { ...ctx, hint: 'text' });
        return;
      }
      case 'len': case 'neg': return this.expr(e.e, { ...ctx, hint: e.k === 'neg' ? 'number' : 'text' });
      case 'not': return this.expr(e.e, ctx);
      case 'and': this.expr(e.l, ctx); return this.expr(e.r, { ...ctx, guarded: true });
      case 'or': this.expr(e.l, { ...ctx, guarded: true }); return this.expr(e.r, { ...ctx, guarded: true });
      case 'call': return e.args.forEach((a) => this.expr(a, { ...ctx, guarded: ctx.guarded || e.fn === 'empty' }));
      case 'bin': {
        const numeric = e.op !== '==' && e.op !== '!=';
        const hint = (o: Expr): MergeTagType => (numeric || (o.k === 'lit' && typeof o.v === 'number') ? 'number' : 'text');
        this.expr(e.l, { ...ctx, hint: hint(e.r) });
        this.expr(e.r, { ...ctx, hint: hint(e.l) });
      }
    }
  }

  private eachSink(e: Expr, ctx: Ctx): Sink | null {
    if (e.k !== 'path') return null;
    if (!BUILT_IN_ROOTS.has(e.root) && e.segs.length === 0) {
      const t = this.root(e.root, ctx);
      return (t.children ??= new Map());
    }
    const c = this.loopChild(e, ctx);
    if (c && e.segs.length === (e.root === 'loop_var' ? 1 : 2)) this.child(c.loop.sink, c.key, undefined);
    return null; // lists inside lists: the contract has one level of children
  }

  nodes(nodes: Node[], ctx: Ctx, depth: number): void {
    if (depth > MAX_WALK_DEPTH) return;
    for (const n of nodes) {
      if (n.t === 'out') this.expr(n.expr, { ...ctx, hint: hintFor(n.urlAttr) });
      else if (n.t === 'if') {
        const inner = { ...ctx, guarded: true };
        for (const b of n.branches) { this.expr(b.cond, inner); this.nodes(b.body, inner, depth + 1); }
        if (n.otherwise) this.nodes(n.otherwise, inner, depth + 1);
      } else if (n.t === 'each') {
        const sink = this.eachSink(n.expr, ctx);
        if (sink === null) this.expr(n.expr, ctx);
        const loops = [...ctx.loops, { name: n.name, sink }];
        this.nodes(n.body, { ...ctx, guarded: true, loops }, depth + 1);
      }
    }
  }
}

function hintFor(attr: UrlAttr): MergeTagType {
  return attr === 'src' ? 'image' : attr === 'href' ? 'button' : 'text';
}

/** Merge tags of one or more compiled parts (e.g. subject and HTML), in order of first appearance. */
export function extractMergeTags(...parts: CompiledTemplate[]): MergeTag[] {
  const x = new Extractor();
  for (const p of parts) x.nodes(p.nodes, { guarded: false, loops: [], hint: 'text' }, 0);
  return [...x.tags].map(([key, t]) => {
    const tag: MergeTag = { key, required: t.required };
    if (t.children !== null && t.children.size > 0) {
      tag.children = [...t.children].map(([k, type]) => (type === undefined ? { key: k } : { key: k, type }));
    }
    return tag;
  });
}
