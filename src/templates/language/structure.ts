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

const HSPACE = /^[ \t]*$/;

/** Only spaces/tabs (and other statements) between the statement and the end of its line. */
function restOfLineBlank(items: Flat[], i: number): boolean {
  for (let j = i + 1; j < items.length; j++) {
    const f = items[j] as Flat;
    if (f.kind === 'text') {
      const nl = f.v.search(/\r|\n/);
      if (nl !== -1) return HSPACE.test(f.v.slice(0, nl));
      if (!HSPACE.test(f.v)) return false;
    } else if (!isStatement(f)) return false;
  }
  return true;
}

/** Only spaces/tabs (and other statements) between the start of the line and the statement. */
function lineStartBlank(items: Flat[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const f = items[j] as Flat;
    if (f.kind === 'text') {
      const nl = Math.max(f.v.lastIndexOf('\n'), f.v.lastIndexOf('\r'));
      if (nl !== -1) return HSPACE.test(f.v.slice(nl + 1));
      if (!HSPACE.test(f.v)) return false;
    } else if (!isStatement(f)) return false;
  }
  return true;
}

/**
 * Spec §5.4 whitespace: "whitespace after a statement is dropped" — we read that as the trailing spaces and the
 * line break when nothing else follows on the statement's line (inline `{{end}} and more` keeps its space), and
 * "a statement alone on a line leaves no blank line" — its indentation goes too. Flags are computed on the
 * original text first so one statement's trim cannot change another's decision.
 */
function applyWhitespace(items: Flat[]): void {
  const plan = items.map((f, i) => {
    if (!isStatement(f) || !restOfLineBlank(items, i)) return null;
    return { alone: lineStartBlank(items, i) };
  });
  plan.forEach((p, i) => {
    if (p === null) return;
    const next = items[i + 1];
    if (next?.kind === 'text') next.v = next.v.replace(/^[ \t]*(\r\n|\n|\r)?/, '');
    const prev = items[i - 1];
    if (p.alone && prev?.kind === 'text') prev.v = prev.v.replace(/[ \t]*$/, '');
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
