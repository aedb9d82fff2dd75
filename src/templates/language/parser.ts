// Recursive-descent parser for expressions inside tags. Any error returns null (the tag stays literal text).
// Precedence, loosest first: or · and · not · comparison · + - · * / · unary - and # · postfix path steps.
import type { Token } from './lexer.js';
import type { BinaryOp, Expr, MacroName, Segment } from './types.js';

/** Deeper expressions are refused so that neither parsing nor evaluation can exhaust the stack. */
export const MAX_EXPRESSION_DEPTH = 48;

/** Words that can never be a substitution key (spec §5.4 "Reserved"), plus the Lua words SparkPost also refuses. */
export const KEYWORDS = new Set([
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'if', 'in', 'local', 'nil', 'not',
  'or', 'each', 'repeat', 'return', 'then', 'true', 'until', 'while',
]);

const MACRO_ARITY: Record<MacroName, number> = {
  empty: 1,
  render_dynamic_content: 1,
  render_snippet: 1,
  opening_single_curly: 0,
  closing_single_curly: 0,
  opening_double_curly: 0,
  closing_double_curly: 0,
  opening_triple_curly: 0,
  closing_triple_curly: 0,
};

const COMPARISONS = new Set(['==', '!=', '<', '>', '<=', '>=']);

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly toks: Token[]) {}

  private peek(): Token | undefined { return this.toks[this.pos]; }
  private isOp(v: string): boolean { const t = this.peek(); return t?.t === 'op' && t.v === v; }
  private isWord(v: string): boolean { const t = this.peek(); return t?.t === 'id' && t.v === v; }

  done(): boolean { return this.pos === this.toks.length; }

  /** Each nesting level goes through here, so the depth bound holds for every recursive path. */
  expr(): Expr | null {
    if (++this.depth > MAX_EXPRESSION_DEPTH) return null;
    const e = this.or();
    this.depth--;
    return e;
  }

  private or(): Expr | null {
    let l = this.and();
    while (l && this.isWord('or')) { this.pos++; const r = this.and(); l = r && { k: 'or', l, r }; }
    return l;
  }
  private and(): Expr | null {
    let l = this.not();
    while (l && this.isWord('and')) { this.pos++; const r = this.not(); l = r && { k: 'and', l, r }; }
    return l;
  }
  private not(): Expr | null {
    if (!this.isWord('not')) return this.comparison();
    this.pos++;
    if (++this.depth > MAX_EXPRESSION_DEPTH) return null;
    const e = this.not();
    this.depth--;
    return e && { k: 'not', e };
  }
  private comparison(): Expr | null {
    let l = this.additive();
    for (let t = this.peek(); l && t?.t === 'op' && COMPARISONS.has(t.v); t = this.peek()) {
      this.pos++;
      const r = this.additive();
      l = r && { k: 'bin', op: t.v as BinaryOp, l, r };
    }
    return l;
  }
  private additive(): Expr | null {
    let l = this.multiplicative();
    for (let t = this.peek(); l && t?.t === 'op' && (t.v === '+' || t.v === '-'); t = this.peek()) {
      this.pos++;
      const r = this.multiplicative();
      l = r && { k: 'bin', op: t.v as BinaryOp, l, r };
    }
    return l;
  }
  private multiplicative(): Expr | null {
    let l = this.unary();
    for (let t = this.peek(); l && t?.t === 'op' && (t.v === '*' || t.v === '/'); t = this.peek()) {
      this.pos++;
      const r = this.unary();
      l = r && { k: 'bin', op: t.v as BinaryOp, l, r };
    }
    return l;
  }
  private unary(): Expr | null {
    const kind = this.isOp('-') ? 'neg' : this.isOp('#') ? 'len' : null;
    if (kind === null) return this.primary();
    this.pos++;
    if (++this.depth > MAX_EXPRESSION_DEPTH) return null;
    const e = this.unary();
    this.depth--;
    return e && { k: kind, e };
  }

  private primary(): Expr | null {
    const t = this.peek();
    if (t === undefined) return null;
    this.pos++;
    if (t.t === 'num' || t.t === 'str') return { k: 'lit', v: t.v };
    if (t.t === 'op') {
      if (t.v !== '(') return null;
      const e = this.expr();
      if (!e || !this.isOp(')')) return null;
      this.pos++;
      return e;
    }
    if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
    if (t.v === 'nil') return { k: 'lit', v: null };
    if (this.isOp('(')) return this.call(t.v);
    if (KEYWORDS.has(t.v)) return null;
    return this.path(t.v);
  }

  private call(name: string): Expr | null {
    if (!Object.hasOwn(MACRO_ARITY, name)) return null;
    const fn = name as MacroName;
    this.pos++; // (
    const args: Expr[] = [];
    while (!this.isOp(')')) {
      if (args.length > 0) { if (!this.isOp(',')) return null; this.pos++; }
      const a = this.expr();
      if (!a) return null;
      args.push(a);
    }
    this.pos++; // )
    return args.length === MACRO_ARITY[fn] ? { k: 'call', fn, args } : null;
  }

  private path(root: string): Expr | null {
    const segs: Segment[] = [];
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        const n = this.peek();
        if (n?.t !== 'id') return null;
        this.pos++;
        segs.push({ k: 'key', name: n.v });
      } else if (this.isOp('[')) {
        this.pos++;
        const e = this.expr();
        if (!e || !this.isOp(']')) return null;
        this.pos++;
        segs.push({ k: 'index', expr: e });
      } else return { k: 'path', root, segs };
    }
  }
}

/** Parses a whole token list as one expression; trailing tokens are an error. */
export function parseExpression(tokens: Token[]): Expr | null {
  if (tokens.length === 0) return null;
  const p = new Parser(tokens);
  const e = p.expr();
  return e && p.done() ? e : null;
}
