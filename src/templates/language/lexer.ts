// Lexes the inside of one tag into tokens. Returns null on any character the language does not know,
// which makes the whole tag literal text (spec §5.4 "Bad syntax: tag emitted literally").

export type Token =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'id'; v: string }
  | { t: 'op'; v: string };

const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', '.', ',', '#'];
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

function isIdentStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
}
function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

function readString(src: string, start: number): { v: string; end: number } | null {
  const quote = src[start];
  let v = '';
  for (let i = start + 1; i < src.length; i++) {
    const c = src[i] as string;
    if (c === quote) return { v, end: i + 1 };
    if (c === '\\' && i + 1 < src.length) {
      const n = src[++i] as string;
      v += ESCAPES[n] ?? n;
    } else v += c;
  }
  return null;
}

export function lex(src: string): Token[] | null {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (isDigit(c)) {
      let j = i + 1;
      while (isDigit(src[j])) j++;
      if (src[j] === '.' && isDigit(src[j + 1])) { j++; while (isDigit(src[j])) j++; }
      if (isIdentStart(src[j] ?? ' ')) return null; // `1abc` is not a key (keys never start with a digit)
      out.push({ t: 'num', v: Number(src.slice(i, j)) });
      i = j;
      continue;
    }
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < src.length && (isIdentStart(src[j] as string) || isDigit(src[j]))) j++;
      out.push({ t: 'id', v: src.slice(i, j) });
      i = j;
      continue;
    }
    if (c === "'" || c === '"') {
      const s = readString(src, i);
      if (s === null) return null;
      out.push({ t: 'str', v: s.v });
      i = s.end;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i));
    if (op === undefined) return null;
    out.push({ t: 'op', v: op });
    i += op.length;
  }
  return out;
}
