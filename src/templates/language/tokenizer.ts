// Splits template source into literal text and `{{ … }}` / `{{{ … }}}` tags. Pure and linear in the source length.

export type Segment =
  | { kind: 'text'; v: string }
  | { kind: 'tag'; triple: boolean; inner: string; src: string };

const OPEN = '{{';

/**
 * Finds the end of a tag body starting at `from`: the index of `closer`, or -1.
 * Quotes are honoured so `{{ x or '}}' }}` works; a `{{` outside quotes means this was not a tag after all.
 */
function findClose(source: string, from: number, closer: string): { at: number } | { restartAt: number } | null {
  let quote: string | null = null;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (quote !== null) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === '{' && source[i + 1] === '{') return { restartAt: i };
    else if (source.startsWith(closer, i)) return { at: i };
  }
  // An unbalanced quote (`{{ it's }}`) must not swallow the rest of the template: retry without quote handling.
  const next = source.indexOf(OPEN, from);
  const at = source.indexOf(closer, from);
  if (at === -1) return null;
  if (next !== -1 && next < at) return { restartAt: next };
  return { at };
}

export function tokenize(source: string): Segment[] {
  const out: Segment[] = [];
  let textStart = 0;
  let i = 0;
  while (i < source.length) {
    const j = source.indexOf(OPEN, i);
    if (j === -1) break;
    const triple = source[j + 2] === '{';
    const openLen = triple ? 3 : 2;
    const closer = triple ? '}}}' : '}}';
    const found = findClose(source, j + openLen, closer);
    if (found === null || (triple && 'restartAt' in found)) {
      // `{{{ a }}` is a literal `{` followed by `{{ a }}`; with no closer at all the rest is text.
      if (triple) { i = j + 1; continue; }
      break;
    }
    if ('restartAt' in found) {
      i = found.restartAt > j ? found.restartAt : j + 1;
      continue;
    }
    if (j > textStart) out.push({ kind: 'text', v: source.slice(textStart, j) });
    const end = found.at + closer.length;
    out.push({ kind: 'tag', triple, inner: source.slice(j + openLen, found.at), src: source.slice(j, end) });
    textStart = i = end;
  }
  if (textStart < source.length) out.push({ kind: 'text', v: source.slice(textStart) });
  return out;
}
