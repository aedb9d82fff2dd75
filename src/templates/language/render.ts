// The evaluator: walks a compiled template for one recipient and one part, within the resource bounds.
// Bound violations set `fail` and unwind; renderTemplate turns that into { ok: false, reason }.
import { compileTemplate } from './compile.js';
import { encodeFor, flattenHeader } from './escape.js';
import { resolveLimits, type RenderLimits } from './limits.js';
import { loopVarsItem, resolveRoot, type LoopFrame } from './scope.js';
import type { CompiledTemplate, Expr, Node, Part, RenderData, RenderOutcome, Value } from './types.js';
import { arithmetic, equal, isEmpty, length, order, step, stringify, truthy } from './values.js';

interface State {
  part: Part;
  data: RenderData;
  limits: RenderLimits;
  out: string[];
  size: number;
  iterations: number;
  steps: number;
  started: number;
  depth: number;
  frames: LoopFrame[];
  inDynamic: boolean;
  dynamic: Map<string, CompiledTemplate>;
  fail: string | null;
}

const CURLY: Record<string, string> = {
  opening_single_curly: '{', closing_single_curly: '}',
  opening_double_curly: '{{', closing_double_curly: '}}',
  opening_triple_curly: '{{{', closing_triple_curly: '}}}',
};

/** dynamic content lives only under these keys (spec §5.4 "Macros"), so ordinary data is never run as a template. */
const DYNAMIC_ROOTS = new Set(['dynamic_html', 'dynamic_amp_html', 'dynamic_plain']);

function emit(st: State, s: string): void {
  st.size += s.length;
  if (st.size > st.limits.maxOutputChars) st.fail = `output exceeds ${st.limits.maxOutputChars} characters`;
  else st.out.push(s);
}

/** Time is checked every 64 steps: cheap, and a step is bounded (tags have at most 512 tokens). */
function tick(st: State): void {
  if (++st.steps % 64 !== 0) return;
  if (st.limits.now() - st.started > st.limits.maxTimeMs) st.fail = `rendering exceeded ${st.limits.maxTimeMs} ms`;
}

function evalPath(e: Extract<Expr, { k: 'path' }>, st: State): Value {
  let i = 0;
  let v: Value;
  if (e.root === 'loop_vars') {
    const first = e.segs[0];
    if (first === undefined) return null;
    const name = first.k === 'key' ? first.name : evaluate(first.expr, st);
    v = typeof name === 'string' ? loopVarsItem(name, st.frames) : null;
    i = 1;
  } else v = resolveRoot(e.root, st.data, st.frames);
  for (; i < e.segs.length && v !== null; i++) {
    const seg = e.segs[i]!;
    v = step(v, seg.k === 'key' ? seg.name : evaluate(seg.expr, st));
  }
  return v;
}

function evaluate(e: Expr, st: State): Value {
  switch (e.k) {
    case 'lit': return e.v;
    case 'path': return evalPath(e, st);
    case 'len': return length(evaluate(e.e, st));
    case 'not': return !truthy(evaluate(e.e, st));
    case 'neg': return arithmetic('-', 0, evaluate(e.e, st));
    case 'and': { const l = evaluate(e.l, st); return truthy(l) ? evaluate(e.r, st) : l; }
    case 'or': { const l = evaluate(e.l, st); return truthy(l) ? l : evaluate(e.r, st); }
    case 'bin': {
      const l = evaluate(e.l, st);
      const r = evaluate(e.r, st);
      if (e.op === '==') return equal(l, r);
      if (e.op === '!=') return !equal(l, r);
      if (e.op === '<' || e.op === '>' || e.op === '<=' || e.op === '>=') return order(e.op, l, r);
      return arithmetic(e.op, l, r);
    }
    case 'call': return call(e, st);
  }
}

function call(e: Extract<Expr, { k: 'call' }>, st: State): Value {
  const curly = CURLY[e.fn];
  if (curly !== undefined) return curly;
  const arg = e.args[0] as Expr;
  if (e.fn === 'empty') return isEmpty(evaluate(arg, st));
  if (e.fn === 'render_snippet') {
    // Snippets have no API or storage yet (spec §5.4 REC): an unknown snippet is a generation failure.
    st.fail = `render_snippet: snippet ${JSON.stringify(stringify(evaluate(arg, st)))} does not exist`;
    return null;
  }
  const saved = st.out;
  st.out = [];
  renderDynamic(arg, st);
  const text = st.out.join('');
  st.out = saved;
  return text;
}

function renderDynamic(arg: Expr, st: State): void {
  if (arg.k !== 'path' || !DYNAMIC_ROOTS.has(arg.root)) return;
  if (st.inDynamic) { st.fail = 'render_dynamic_content cannot be nested'; return; }
  const source = evaluate(arg, st);
  if (typeof source !== 'string') return;
  let compiled = st.dynamic.get(source);
  if (compiled === undefined) { compiled = compileTemplate(source); st.dynamic.set(source, compiled); }
  st.inDynamic = true;
  renderBlock(compiled.nodes, st);
  st.inDynamic = false;
}

function output(node: Extract<Node, { t: 'out' }>, st: State): void {
  const e = node.expr;
  if (e.k === 'call' && e.fn === 'render_dynamic_content') return renderDynamic(e.args[0] as Expr, st);
  if (e.k === 'call' && CURLY[e.fn] !== undefined) return emit(st, CURLY[e.fn] as string);
  const text = stringify(evaluate(e, st));
  if (text !== '' && st.fail === null) emit(st, encodeFor(st.part, node.html, node.text, node.raw, text));
}

/** Entering a block body: one level deeper, bounded by maxDepth. */
function renderBlock(nodes: Node[], st: State): void {
  if (++st.depth > st.limits.maxDepth) { st.fail = `nesting depth exceeds ${st.limits.maxDepth}`; return; }
  for (const n of nodes) {
    renderNode(n, st);
    if (st.fail !== null) return;
  }
  st.depth--;
}

function renderNode(n: Node, st: State): void {
  tick(st);
  if (st.fail !== null) return;
  switch (n.t) {
    case 'text': return emit(st, n.v);
    case 'out': return output(n, st);
    case 'if': {
      const taken = n.branches.find((b) => st.fail === null && truthy(evaluate(b.cond, st)));
      const body = taken ? taken.body : n.otherwise;
      if (body && st.fail === null) renderBlock(body, st);
      return;
    }
    case 'each': {
      const list = evaluate(n.expr, st);
      if (!Array.isArray(list)) return; // missing, null or not a list: nothing (spec §5.4 "Loop")
      for (let i = 0; i < list.length && st.fail === null; i++) {
        if (++st.iterations > st.limits.maxLoopIterations) {
          st.fail = `loop iterations exceed ${st.limits.maxLoopIterations}`;
          return;
        }
        st.frames.push({ name: n.name, item: list[i] ?? null, index: i + 1 });
        renderBlock(n.body, st);
        st.frames.pop();
      }
    }
  }
}

export function renderTemplate(
  compiled: CompiledTemplate,
  data: RenderData,
  part: Part,
  limits?: Partial<RenderLimits>,
): RenderOutcome {
  const l = resolveLimits(limits);
  if (compiled.depth >= l.maxDepth) return { ok: false, reason: `nesting depth exceeds ${l.maxDepth}` };
  const st: State = {
    part, data, limits: l, out: [], size: 0, iterations: 0, steps: 0, started: l.now(), depth: 0,
    frames: [], inDynamic: false, dynamic: new Map(), fail: null,
  };
  try {
    renderBlock(compiled.nodes, st);
  } catch (err) {
    // Unreachable by design (the property test asserts it); kept so a bug costs one message, not a worker.
    return { ok: false, reason: `template rendering failed: ${(err as Error)?.message ?? String(err)}` };
  }
  if (st.fail !== null) return { ok: false, reason: st.fail };
  const value = st.out.join('');
  return { ok: true, value: part === 'subject' || part === 'header' ? flattenHeader(value) : value };
}
