// Classifies one tag: an output expression, a statement (if / elseif / else / end / each), or malformed.
import { lex } from './lexer.js';
import { parseExpression } from './parser.js';
import type { Expr } from './types.js';

/**
 * Left-deep chains (`a+a+a+…`) are parsed by loops, so their depth is bounded by the token count instead:
 * 512 tokens is far beyond any hand-written tag and keeps evaluation recursion shallow.
 */
export const MAX_TAG_TOKENS = 512;

export type Tag =
  | { k: 'out'; expr: Expr; raw: boolean }
  | { k: 'if'; cond: Expr }
  | { k: 'elseif'; cond: Expr }
  | { k: 'else' | 'end' }
  | { k: 'each'; expr: Expr; name: string | null }
  | { k: 'malformed' };

const MALFORMED: Tag = { k: 'malformed' };

/** The loop's name for `loop_vars.<name>`: the last path step (`each order.items` → `items`). */
function loopName(e: Expr): string | null {
  if (e.k !== 'path') return null;
  const last = e.segs[e.segs.length - 1];
  if (last === undefined) return e.root;
  if (last.k === 'key') return last.name;
  return last.expr.k === 'lit' && typeof last.expr.v === 'string' ? last.expr.v : null;
}

export function classifyTag(inner: string, triple: boolean): Tag {
  const toks = lex(inner);
  if (toks === null || toks.length === 0 || toks.length > MAX_TAG_TOKENS) return MALFORMED;
  const first = toks[0];
  const word = first?.t === 'id' ? first.v : null;
  const isStatement = word === 'if' || word === 'elseif' || word === 'else' || word === 'end' || word === 'each';
  if (!isStatement) {
    const expr = parseExpression(toks);
    return expr ? { k: 'out', expr, raw: triple } : MALFORMED;
  }
  if (triple) return MALFORMED; // statements only take double braces
  const rest = toks.slice(1);
  if (word === 'else' || word === 'end') return rest.length === 0 ? { k: word } : MALFORMED;
  if (word === 'each') {
    const expr = parseExpression(rest);
    return expr ? { k: 'each', expr, name: loopName(expr) } : MALFORMED;
  }
  // `{{if c then}}` — the optional trailing `then` (spec §5.4 "If").
  const last = rest[rest.length - 1];
  const condToks = last?.t === 'id' && last.v === 'then' ? rest.slice(0, -1) : rest;
  const cond = parseExpression(condToks);
  if (!cond) return MALFORMED;
  return word === 'if' ? { k: 'if', cond } : { k: 'elseif', cond };
}
