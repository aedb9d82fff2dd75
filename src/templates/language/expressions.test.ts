// Spec §5.4 rows: Expression, Default, Paths, Operators, Keys, Reserved, Built-ins, Values, Precedence, Bad syntax.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTemplate } from './compile.js';
import { renderTemplate } from './render.js';
import { data, render, RECIPIENT, type Row } from './test-support.js';

const CART = [{ name: 'Jacket', price: 39.99 }, { name: 'Gloves', price: 5 }];

const rows: Row[] = [
  // Expression: inner whitespace ignored; missing or null renders nothing.
  { name: 'plain variable', tpl: 'Hello, {{first_name}}!', sub: { first_name: 'Jordan' }, out: 'Hello, Jordan!' },
  { name: 'inner whitespace ignored', tpl: '{{   first_name\t}}', sub: { first_name: 'Jo' }, out: 'Jo' },
  { name: 'missing is empty', tpl: 'Name: {{name}}|Age: {{age}}|', sub: { name: 'Jane' }, out: 'Name: Jane|Age: |' },
  { name: 'null is empty', tpl: 'Age: {{age}}.', sub: { age: null }, out: 'Age: .' },
  { name: 'object renders nothing', tpl: '[{{a}}]', sub: { a: { b: 1 } }, out: '[]' },
  { name: 'array renders nothing', tpl: '[{{a}}]', sub: { a: [1, 2] }, out: '[]' },
  { name: 'string literal', tpl: "{{ 'x' }}{{ \"y\" }}", out: 'xy' },
  { name: 'string escapes', tpl: "{{ 'it\\'s' }}", part: 'text', out: "it's" },
  // Default with `or`.
  { name: 'or default on null', tpl: "Hello {{ first_name or 'Customer' }},", sub: { first_name: null }, out: 'Hello Customer,' },
  { name: 'or default on missing', tpl: "{{ first_name or 'Customer' }}", out: 'Customer' },
  { name: 'or default on blank', tpl: "{{ first_name or 'Customer' }}", sub: { first_name: '' }, out: 'Customer' },
  { name: 'or keeps a value', tpl: "{{ first_name or 'Customer' }}", sub: { first_name: 'Ada' }, out: 'Ada' },
  { name: 'or keeps zero', tpl: '{{ qty or 1 }}', sub: { qty: 0 }, out: '0' },
  { name: 'or chains', tpl: "{{ a or b or 'c' }}", sub: { b: 'B' }, out: 'B' },
  // Paths.
  { name: 'dot path', tpl: '{{address_.street}}', sub: { address_: { street: 'Howard Street' } }, out: 'Howard Street' },
  { name: 'bracket string', tpl: "{{place['city']}}", sub: { place: { city: 'SF' } }, out: 'SF' },
  { name: 'bracket odd key', tpl: "{{place['zip-code']}}", sub: { place: { 'zip-code': '94105' } }, out: '94105' },
  { name: 'bracket variable', tpl: '{{place[part]}}', sub: { place: { street: 'Howard' }, part: 'street' }, out: 'Howard' },
  { name: 'array 1-based', tpl: '{{items[1]}},{{items[3]}}', sub: { items: ['apple', 'banana', 'cherry'] }, out: 'apple,cherry' },
  { name: 'array index 0 is nothing', tpl: '[{{items[0]}}]', sub: { items: ['a'] }, out: '[]' },
  { name: 'array past end is nothing', tpl: '[{{items[2]}}]', sub: { items: ['a'] }, out: '[]' },
  { name: 'array then key', tpl: '{{cart[2].name}}', sub: { cart: CART }, out: 'Gloves' },
  { name: 'length of array', tpl: 'Items: {{#cart}}', sub: { cart: CART }, out: 'Items: 2' },
  { name: 'length of missing', tpl: '{{#nothing}}', out: '0' },
  { name: 'length in arithmetic', tpl: '{{#cart + 1}}', sub: { cart: CART }, out: '3' },
  { name: 'path through missing', tpl: '[{{a.b.c}}]', out: '[]' },
  { name: 'no prototype access', tpl: '[{{a.constructor}}{{a.__proto__}}{{toString}}{{a.length}}]', sub: { a: {} }, out: '[]' },
  // Operators.
  { name: 'subtraction', tpl: '${{price - 5}}', sub: { price: 15 }, out: '$10' },
  { name: 'precedence * over +', tpl: '{{1 + 2 * 3}}', out: '7' },
  { name: 'parentheses', tpl: '{{(1 + 2) * 3}}', out: '9' },
  { name: 'division', tpl: '{{7 / 2}}', out: '3.5' },
  { name: 'division by zero is nothing', tpl: '[{{1 / 0}}]', out: '[]' },
  { name: 'float formatting', tpl: '{{0.1 + 0.2}}', out: '0.3' },
  { name: 'numeric strings count', tpl: '{{qty * price}}', sub: { qty: '3', price: '2.5' }, out: '7.5' },
  { name: 'non-numbers do not add', tpl: '[{{a + 1}}]', sub: { a: 'x' }, out: '[]' },
  { name: 'unary minus', tpl: '{{-n}}', sub: { n: 4 }, out: '-4' },
  { name: 'comparison and', tpl: '{{if age > 30 and state == "MD"}}yes{{end}}', sub: { age: 41, state: 'MD' }, out: 'yes' },
  { name: 'string number comparison', tpl: '{{if age >= 18}}adult{{end}}', sub: { age: '18' }, out: 'adult' },
  { name: '!= and <=', tpl: '{{if a != b and a <= b}}ok{{end}}', sub: { a: 1, b: 2 }, out: 'ok' },
  { name: 'string ordering', tpl: "{{if name < 'b'}}early{{end}}", sub: { name: 'alice' }, out: 'early' },
  { name: 'mixed ordering is false', tpl: '{{if a < 1}}x{{else}}y{{end}}', sub: { a: 'q' }, out: 'y' },
  { name: 'not', tpl: '{{if not member}}join{{end}}', sub: { member: false }, out: 'join' },
  { name: 'not binds looser than ==', tpl: "{{if not tier == 'gold'}}basic{{end}}", sub: { tier: 'silver' }, out: 'basic' },
  { name: 'comparison result prints', tpl: '{{1 < 2}}', out: 'true' },
  // Keys and reserved words.
  { name: 'key with digits and underscore', tpl: '{{_a1_b2}}', sub: { _a1_b2: 'ok' }, out: 'ok' },
  { name: 'leading digit is literal', tpl: '{{1abc}}', sub: { '1abc': 'no' }, out: '{{1abc}}' },
  { name: 'non-ASCII key is literal', tpl: '{{prénom}}', sub: { prénom: 'no' }, out: '{{prénom}}' },
  { name: 'reserved word is literal', tpl: '{{ while }} {{ function }} {{ local }}', out: '{{ while }} {{ function }} {{ local }}' },
  { name: 'nil, true, false literals', tpl: '[{{nil}}|{{true}}|{{false}}]', out: '[|true|false]' },
  // Built-ins.
  { name: 'address.email / address.name', tpl: '{{address.name}} <{{address.email}}>', part: 'text', out: `${RECIPIENT.name} <${RECIPIENT.email}>` },
  { name: 'email and email_id', tpl: '{{email}}|{{email_id}}', out: `${RECIPIENT.email}|${RECIPIENT.email}` },
  { name: 'env_from and return_path', tpl: '{{env_from}}|{{return_path}}', out: 'bounces+x@mail.example.com|bounces+x@mail.example.com' },
  { name: 'built-in wins over data', tpl: '{{email}}', sub: { email: 'spoof@evil.test' }, out: RECIPIENT.email },
  // Values.
  { name: 'numbers stringified', tpl: '{{price}} {{n}} {{big}}', sub: { price: 39.99, n: 5, big: 12345678901234 }, out: '39.99 5 12345678901234' },
  { name: 'booleans stringified', tpl: '{{t}} {{f}}', sub: { t: true, f: false }, out: 'true false' },
  { name: 'boolean in condition', tpl: '{{if is_member}}member{{end}}', sub: { is_member: true }, out: 'member' },
  { name: 'zero is true in condition', tpl: '{{if count}}has count{{end}}', sub: { count: 0 }, out: 'has count' },
  // Bad syntax is literal.
  { name: 'unknown operator', tpl: 'a {{ x % 2 }} b', sub: { x: 1 }, out: 'a {{ x % 2 }} b' },
  { name: 'two values', tpl: '{{ first last }}', out: '{{ first last }}' },
  { name: 'empty tag', tpl: '{{}}{{ }}', out: '{{}}{{ }}' },
  { name: 'unclosed paren', tpl: '{{ (a }}', out: '{{ (a }}' },
  { name: 'unknown function', tpl: '{{ upper(name) }}', sub: { name: 'x' }, out: '{{ upper(name) }}' },
  { name: 'wrong arity', tpl: '{{ empty() }}', out: '{{ empty() }}' },
  { name: 'unterminated string', tpl: "{{ it's }} {{ok}}", sub: { ok: 'fine' }, out: "{{ it's }} fine" },
  { name: 'no closing braces', tpl: 'a {{ b', out: 'a {{ b' },
  { name: 'nested opener', tpl: '{{ a {{b}}', sub: { b: 'B' }, out: '{{ a B' },
  { name: 'malformed tag in HTML stays verbatim', tpl: '<b>{{ "a" "b" }}</b>', out: '<b>{{ "a" "b" }}</b>' },
  { name: 'closing braces in string', tpl: "{{ x or '}}' }}", part: 'text', out: '}}' },
  { name: 'single braces are text', tpl: '{ a } {x}', out: '{ a } {x}' },
];

describe('template language: expressions (spec §5.4)', () => {
  for (const r of rows) {
    it(r.name, () => assert.deepEqual(render(r.tpl, r.sub, r.part ?? 'html'), { ok: true, value: r.out }));
  }

  it('precedence: recipient built-ins > substitution_data > metadata', () => {
    const compiled = compileTemplate('{{city}}|{{only_meta}}|{{address.email}}');
    const d = data({ city: 'Seattle' }, { city: 'San Francisco', only_meta: 'M' });
    assert.deepEqual(renderTemplate(compiled, d, 'text'), { ok: true, value: `Seattle|M|${RECIPIENT.email}` });
  });

  it('tolerates substitution_data and metadata that are not objects', () => {
    const compiled = compileTemplate('[{{a}}]');
    const d = { recipient: RECIPIENT, substitutionData: null, metadata: undefined, envFrom: '' };
    assert.deepEqual(renderTemplate(compiled, d, 'text'), { ok: true, value: '[]' });
  });
});
