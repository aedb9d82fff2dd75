// Turns tokenized segments into a flat list of literal text and well-formed tags:
// classifies every tag, matches if/elseif/else/each/end blocks (anything unmatched becomes literal text),
// and applies the statement whitespace rules of spec §5.4.
import { classifyTag, type Tag } from './tags.js';
import type { Segment } from './tokenizer.js';

export type Flat = { kind: 'text'; v: string } | { kind: 'tag'; tag: Exclude<Tag, { k: 'malformed' }>; src: string };

const isStatement = (f: Flat | undefined): boolean => f?.kind === 'tag' && f.tag.k !== 'out';

/** Block matching with an explicit stack (no recursion, so any nesting depth is safe here). */
function matchBlocks(items: Flat[]): void {
  type Open = { at: number; kind: 'if' | 'each'; parts: number[]; sawElse: boolean };
  const stack: Open[] = [];
  const literal = (i: number): void => {
    const f = items[i];
    if (f?.kind === 'tag') items[i] = { kind: 'text', v: f.src };
  };
  items.forEach((f, i) => {
    if (f.kind !== 'tag') return;
    const top = stack[stack.length - 1];
    switch (f.tag.k) {
      case 'if': case 'each':
        stack.push({ at: i, kind: f.tag.k, parts: [], sawElse: false });
        return;
      case 'elseif': case 'else':
        if (top?.kind !== 'if' || top.sawElse) return literal(i);
        top.parts.push(i);
        if (f.tag.k === 'else') top.sawElse = true;
        return;
      case 'end':
        if (top === undefined) return literal(i);
        stack.pop();
        return;
      default:
    }
  });
  for (const open of stack) { literal(open.at); open.parts.forEach(literal); }
}

function mergeText(items: Flat[]): Flat[] {
  const out: Flat[] = [];
  for (const f of items) {
    const prev = out[out.length - 1];
    if (f.kind === 'text' && prev?.kind === 'text') prev.v += f.v;
    else if (f.kind !== 'text' || f.v !== '') out.push(f.kind === 'text' ? { kind: 'text', v: f.v } : f);
  }
  return out;
}

const isHspace = (c: number): boolean => c === 32 || c === 9; // space, tab
const isBreak = (c: number): boolean => c === 10 || c === 13;

/** Only spaces/tabs in s[from, to). */
function blank(s: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isHspace(s.charCodeAt(k))) return false;
  return true;
}

function firstBreak(s: string): number {
  for (let k = 0; k < s.length; k++) if (isBreak(s.charCodeAt(k))) return k;
  return -1;
}

function lastBreak(s: string): number {
  for (let k = s.length - 1; k >= 0; k--) if (isBreak(s.charCodeAt(k))) return k;
  return -1;
}

/**
 * For every item: is the rest of its line (after it) only spaces/tabs and statements, and is the start of its line
 * (before it) only that? One pass each way, so the whole computation is linear in the source (a scan per statement
 * was quadratic for many statements on one line).
 */
function lineBlanks(items: Flat[]): { after: boolean[]; before: boolean[] } {
  const after: boolean[] = new Array(items.length);
  const before: boolean[] = new Array(items.length);
  let blankAfter = true;
  for (let i = items.length - 1; i >= 0; i--) {
    after[i] = blankAfter;
    const f = items[i] as Flat;
    if (f.kind === 'text') {
      const nl = firstBreak(f.v);
      blankAfter = nl !== -1 ? blank(f.v, 0, nl) : blankAfter && blank(f.v, 0, f.v.length);
    } else if (!isStatement(f)) blankAfter = false;
  }
  let blankBefore = true;
  for (let i = 0; i < items.length; i++) {
    before[i] = blankBefore;
    const f = items[i] as Flat;
    if (f.kind === 'text') {
      const nl = lastBreak(f.v);
      blankBefore = nl !== -1 ? blank(f.v, nl + 1, f.v.length) : blankBefore && blank(f.v, 0, f.v.length);
    } else if (!isStatement(f)) blankBefore = false;
  }
  return { after, before };
}

/** Leading spaces/tabs and one line break (CRLF, LF or CR). */
function trimLineStart(s: string): string {
  let k = 0;
  while (k < s.length && isHspace(s.charCodeAt(k))) k++;
  if (s.charCodeAt(k) === 13) k += s.charCodeAt(k + 1) === 10 ? 2 : 1;
  else if (s.charCodeAt(k) === 10) k++;
  return s.slice(k);
}

/** Trailing spaces/tabs, by a backward scan (`/[ \t]*$/` retries from every position: quadratic on long runs). */
function trimLineEnd(s: string): string {
  let k = s.length;
  while (k > 0 && isHspace(s.charCodeAt(k - 1))) k--;
  return s.slice(0, k);
}

/**
 * Spec §5.4 whitespace: "whitespace after a statement is dropped" — we read that as the trailing spaces and the
 * line break when nothing else follows on the statement's line (inline `{{end}} and more` keeps its space), and
 * "a statement alone on a line leaves no blank line" — its indentation goes too. Flags are computed on the
 * original text first so one statement's trim cannot change another's decision.
 */
export function applyWhitespace(items: Flat[]): void {
  const { after, before } = lineBlanks(items);
  const plan = items.map((f, i) => (isStatement(f) && after[i] ? { alone: before[i] as boolean } : null));
  plan.forEach((p, i) => {
    if (p === null) return;
    const next = items[i + 1];
    if (next?.kind === 'text') next.v = trimLineStart(next.v);
    const prev = items[i - 1];
    if (p.alone && prev?.kind === 'text') prev.v = trimLineEnd(prev.v);
  });
}

export function structure(segments: Segment[]): Flat[] {
  const items: Flat[] = segments.map((s) => {
    if (s.kind === 'text') return s;
    const tag = classifyTag(s.inner, s.triple);
    return tag.k === 'malformed' ? { kind: 'text', v: s.src } : { kind: 'tag', tag, src: s.src };
  });
  matchBlocks(items);
  const merged = mergeText(items);
  applyWhitespace(merged);
  return merged.filter((f) => f.kind !== 'text' || f.v !== '');
}
