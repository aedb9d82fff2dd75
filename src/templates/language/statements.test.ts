// Spec §5.4 rows: If, Loop, Whitespace, and block structure errors (bad syntax stays literal).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render, type Row } from './test-support.js';

const CART = [{ name: 'Jacket', price: 39.99 }, { name: 'Gloves', price: 5 }];
const SIGNUP = '{{if signed_up}}\n  <p>Welcome back!</p>\n{{elseif rejected}}\n  <p>No follow-up.</p>\n{{else}}\n  <p>Please sign up.</p>\n{{end}}\n';

const rows: Row[] = [
  // If.
  { name: 'if true', tpl: '{{if a}}A{{end}}', sub: { a: true }, out: 'A' },
  { name: 'if false', tpl: '[{{if a}}A{{end}}]', sub: { a: false }, out: '[]' },
  { name: 'if missing', tpl: '[{{if a}}A{{end}}]', out: '[]' },
  { name: 'if with then', tpl: '{{if a then}}A{{end}}', sub: { a: 1 }, out: 'A' },
  { name: 'elseif with then', tpl: '{{if a}}A{{elseif b then}}B{{end}}', sub: { b: 1 }, out: 'B' },
  { name: 'first branch', tpl: SIGNUP, sub: { signed_up: true }, out: '  <p>Welcome back!</p>\n' },
  { name: 'elseif branch', tpl: SIGNUP, sub: { rejected: true }, out: '  <p>No follow-up.</p>\n' },
  { name: 'else branch', tpl: SIGNUP, sub: {}, out: '  <p>Please sign up.</p>\n' },
  { name: 'nested if', tpl: '{{if a}}{{if b}}AB{{else}}A{{end}}{{end}}', sub: { a: 1 }, out: 'A' },
  { name: 'empty string is false', tpl: '{{if s}}x{{else}}y{{end}}', sub: { s: '' }, out: 'y' },
  { name: 'empty list is true (use empty())', tpl: '{{if l}}x{{end}}', sub: { l: [] }, out: 'x' },
  // Loop.
  { name: 'each strings', tpl: '{{each children}}\nChild {{loop_var}}.\n{{end}}', sub: { children: ['Rusty', 'Audrey'] }, out: 'Child Rusty.\nChild Audrey.\n' },
  { name: 'each objects', tpl: '{{each cart}}{{loop_var.name}}={{loop_var.price}};{{end}}', sub: { cart: CART }, out: 'Jacket=39.99;Gloves=5;' },
  { name: 'loop_index is 1-based like arrays', tpl: '{{each l}}{{loop_index}}:{{loop_var}} {{end}}', sub: { l: ['a', 'b'] }, out: '1:a 2:b ' },
  { name: 'loop_index pairs with indexing', tpl: '{{each a}}{{b[loop_index]}}{{end}}', sub: { a: [0, 0], b: ['x', 'y'] }, out: 'xy' },
  { name: 'empty list renders nothing', tpl: '[{{each l}}x{{end}}]', sub: { l: [] }, out: '[]' },
  { name: 'null list renders nothing', tpl: '[{{each l}}x{{end}}]', sub: { l: null }, out: '[]' },
  { name: 'missing list renders nothing', tpl: '[{{each l}}x{{end}}]', out: '[]' },
  { name: 'non-list renders nothing', tpl: '[{{each l}}x{{end}}]', sub: { l: 'abc' }, out: '[]' },
  { name: 'nested path list', tpl: '{{each order.items}}{{loop_vars.items}}{{end}}', sub: { order: { items: [1, 2] } }, out: '12' },
  {
    name: 'nested loops with loop_vars',
    tpl: '{{each cats}}{{loop_vars.cats.name}}:{{each loop_vars.cats.products}}{{loop_vars.products.sku}}/{{loop_vars.cats.name}} {{end}}{{end}}',
    sub: { cats: [{ name: 'A', products: [{ sku: 1 }, { sku: 2 }] }, { name: 'B', products: [{ sku: 3 }] }] },
    out: 'A:1/A 2/A B:3/B ',
  },
  { name: 'loop_var is innermost', tpl: '{{each a}}{{each loop_var.b}}{{loop_var}}{{end}}{{end}}', sub: { a: [{ b: [1, 2] }] }, out: '12' },
  { name: 'loop_var outside loop is nothing', tpl: '[{{loop_var}}{{loop_index}}{{loop_vars.x}}]', out: '[]' },
  { name: 'if inside each', tpl: '{{each l}}{{if loop_var > 1}}{{loop_var}}{{end}}{{end}}', sub: { l: [1, 2, 3] }, out: '23' },
  // Whitespace: a statement alone on its line leaves no line; trailing whitespace after a statement goes.
  { name: 'statement lines vanish', tpl: 'a\n{{if x}}\nb\n{{end}}\nc', sub: { x: 1 }, out: 'a\nb\nc' },
  { name: 'indented statements vanish', tpl: '<ul>\n  {{each l}}\n  <li>{{loop_var}}</li>\n  {{end}}\n</ul>', sub: { l: [1, 2] }, out: '<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>' },
  { name: 'trailing spaces after statement', tpl: '{{if x}}   \nb{{end}}', sub: { x: 1 }, out: 'b' },
  { name: 'CRLF line endings', tpl: 'a\r\n{{if x}}\r\nb\r\n{{end}}\r\nc', sub: { x: 1 }, out: 'a\r\nb\r\nc' },
  { name: 'inline statements keep inline spaces', tpl: 'Hi {{if n}}{{n}}{{else}}friend{{end}} and welcome', sub: { n: 'Bo' }, out: 'Hi Bo and welcome' },
  { name: 'two statements on one line', tpl: 'a\n  {{if x}}{{if y}}\nb\n{{end}}{{end}}\nc', sub: { x: 1, y: 1 }, out: 'a\nb\nc' },
  { name: 'expression lines keep their newline', tpl: '{{a}}\n{{b}}\n', sub: { a: 1, b: 2 }, out: '1\n2\n' },
  { name: 'blank line after a block stays', tpl: '{{if x}}\nyes\n{{end}}\n\nThanks', sub: { x: 1 }, out: 'yes\n\nThanks' },
  // Structure errors stay literal, their contents render normally.
  { name: 'stray end', tpl: 'a{{end}}b', out: 'a{{end}}b' },
  { name: 'stray else', tpl: 'a{{else}}b', out: 'a{{else}}b' },
  { name: 'unclosed if', tpl: '{{if x}}{{y}}', sub: { y: 'Y' }, out: '{{if x}}Y' },
  { name: 'unclosed if with else', tpl: '{{if x}}a{{else}}b', out: '{{if x}}a{{else}}b' },
  { name: 'elseif after else', tpl: '{{if x}}a{{else}}b{{elseif y}}c{{end}}', out: 'b{{elseif y}}c' },
  { name: 'else inside each is literal', tpl: '{{each l}}a{{else}}b{{end}}', sub: { l: [1] }, out: 'a{{else}}b' },
  { name: 'if without condition', tpl: '{{if}}x{{end}}', out: '{{if}}x{{end}}' },
  { name: 'end with junk', tpl: '{{if 1}}x{{end if}}', out: '{{if 1}}x{{end if}}' },
  { name: 'statement in triple braces', tpl: '{{{if x}}}y{{{end}}}', out: '{{{if x}}}y{{{end}}}' },
];

describe('template language: statements (spec §5.4)', () => {
  for (const r of rows) {
    it(r.name, () => assert.deepEqual(render(r.tpl, r.sub, r.part ?? 'text'), { ok: true, value: r.out }));
  }
});
