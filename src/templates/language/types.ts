// AST and value types of the SparkPost-dialect template language (spec sending.md §5.4).

/** A JSON value as it arrives in substitution_data / metadata. */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

export type BinaryOp = '+' | '-' | '*' | '/' | '==' | '!=' | '<' | '>' | '<=' | '>=';

/** One step after a path root: `.name` or `[expr]`. */
export type Segment = { k: 'key'; name: string } | { k: 'index'; expr: Expr };

export type Expr =
  | { k: 'lit'; v: Value }
  | { k: 'path'; root: string; segs: Segment[] }
  | { k: 'len'; e: Expr }
  | { k: 'not'; e: Expr }
  | { k: 'neg'; e: Expr }
  | { k: 'bin'; op: BinaryOp; l: Expr; r: Expr }
  | { k: 'and'; l: Expr; r: Expr }
  | { k: 'or'; l: Expr; r: Expr }
  | { k: 'call'; fn: MacroName; args: Expr[] };

export type MacroName =
  | 'empty'
  | 'render_dynamic_content'
  | 'render_snippet'
  | 'opening_single_curly'
  | 'closing_single_curly'
  | 'opening_double_curly'
  | 'closing_double_curly'
  | 'opening_triple_curly'
  | 'closing_triple_curly';

/**
 * Where an output tag sits in an HTML/AMP part, decided once at compile time from the literal text around it.
 * - `text`: element content or a quoted attribute → HTML-escape.
 * - `attrUnquoted`: unquoted attribute value → HTML-escape plus whitespace, `=` and backtick, which end such values.
 * - `url`: href/src value whose literal head is `http(s)://` → URL-encode (spec §5.4 "In link URLs").
 * - `urlStart` / `urlStartUnquoted`: href/src value that begins with the tag (no literal protocol, so not a
 *   recognised link) → escaped as its attribute kind, and script schemes are refused.
 */
export type HtmlContext = 'text' | 'attrUnquoted' | 'url' | 'urlStart' | 'urlStartUnquoted';

/** The link attribute an output tag sits in, if any (merge tags type such values as image / button). */
export type UrlAttr = 'href' | 'src' | null;

/** Where an output tag sits in a text part: inside a literal `http(s)://…` run (URL-encode) or not. */
export type TextContext = 'plain' | 'url';

export type Node =
  | { t: 'text'; v: string }
  | { t: 'out'; expr: Expr; raw: boolean; html: HtmlContext; text: TextContext; urlAttr: UrlAttr }
  | { t: 'if'; branches: { cond: Expr; body: Node[] }[]; otherwise: Node[] | null }
  | { t: 'each'; expr: Expr; name: string | null; body: Node[] };

export interface CompiledTemplate {
  readonly nodes: Node[];
  /** Deepest block nesting (if/each) in the template; render refuses templates deeper than its bound. */
  readonly depth: number;
  readonly sourceLength: number;
}

export type Part = 'html' | 'amp' | 'text' | 'subject' | 'header';

export interface RenderData {
  recipient: { email: string; name?: string | null };
  substitutionData: Record<string, unknown> | null | undefined;
  metadata: Record<string, string> | null | undefined;
  envFrom: string;
}

export type RenderOutcome = { ok: true; value: string } | { ok: false; reason: string };
