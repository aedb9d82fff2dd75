// Spec §5.4 rows: Escaping (per part), In link URLs, Links, Macros.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { render, type Row } from './test-support.js';

const H = { h: '<b>"Hi" & \'bye\'</b>' };
const DEAL = { user: 'john', offercode: 'Daily Deal!' };

const rows: Row[] = [
  // Escaping per part.
  { name: 'html escapes', part: 'html', tpl: '{{h}}', sub: H, out: '&lt;b&gt;&quot;Hi&quot; &amp; &#39;bye&#39;&lt;/b&gt;' },
  { name: 'amp escapes', part: 'amp', tpl: '{{h}}', sub: H, out: '&lt;b&gt;&quot;Hi&quot; &amp; &#39;bye&#39;&lt;/b&gt;' },
  { name: 'text never escapes', part: 'text', tpl: '{{h}}', sub: H, out: H.h },
  { name: 'subject never escapes', part: 'subject', tpl: 'Re: {{h}}', sub: H, out: `Re: ${H.h}` },
  { name: 'header never escapes', part: 'header', tpl: '{{h}}', sub: H, out: H.h },
  { name: 'triple braces raw in html', part: 'html', tpl: '{{{h}}}', sub: H, out: H.h },
  { name: 'triple braces raw in amp', part: 'amp', tpl: '{{{ h }}}', sub: H, out: H.h },
  { name: 'escaped in quoted attribute', part: 'html', tpl: '<img alt="{{h}}">', sub: H, out: '<img alt="&lt;b&gt;&quot;Hi&quot; &amp; &#39;bye&#39;&lt;/b&gt;">' },
  { name: 'unquoted attribute cannot be broken out of', part: 'html', tpl: '<td class={{c}}>', sub: { c: 'x onmouseover=alert(1)' }, out: '<td class=x&#32;onmouseover&#61;alert(1)>' },
  { name: 'literal template text is never escaped', part: 'html', tpl: '<p class="a">&amp;</p>', out: '<p class="a">&amp;</p>' },
  // Header injection: subject/header output is one line.
  { name: 'subject flattens newlines', part: 'subject', tpl: 'Hi {{n}}', sub: { n: 'a\r\nBcc: x@evil.test' }, out: 'Hi a Bcc: x@evil.test' },
  { name: 'subject flattens statement lines', part: 'subject', tpl: 'A{{if x}}\n\nB{{end}}', sub: { x: 1 }, out: 'A B' },
  // In link URLs: URL-encoded instead of escaped; triple braces disable.
  { name: 'query values URL-encoded', part: 'html', tpl: '<a href="https://company.com/deals?user={{user}}&code={{offercode}}">Go</a>', sub: DEAL, out: '<a href="https://company.com/deals?user=john&code=Daily%20Deal%21">Go</a>' },
  { name: 'src URL-encoded', part: 'html', tpl: "<img src='http://img.example/{{p}}.png'>", sub: { p: 'a b/c' }, out: "<img src='http://img.example/a%20b%2Fc.png'>" },
  { name: 'unquoted href URL-encoded', part: 'html', tpl: '<a href=https://x.example/?q={{q}}>', sub: { q: '<&>' }, out: '<a href=https://x.example/?q=%3C%26%3E>' },
  { name: 'protocol case-insensitive', part: 'html', tpl: '<A HREF="HTTPS://x.example/{{q}}">', sub: { q: ' ' }, out: '<A HREF="HTTPS://x.example/%20">' },
  { name: 'triple braces disable URL encoding', part: 'html', tpl: '<a href="https://{{{link}}}">Open</a>', sub: { link: 'www.company.com/join?user=clark' }, out: '<a href="https://www.company.com/join?user=clark">Open</a>' },
  { name: 'after a raw host, query still encoded', part: 'html', tpl: '<a href="https://{{{host}}}/p?q={{q}}">', sub: { host: 'h.example', q: 'a&b' }, out: '<a href="https://h.example/p?q=a%26b">' },
  { name: 'UTF-8 percent-encoded', part: 'html', tpl: '<a href="https://x.example/?n={{n}}">', sub: { n: 'Zoë' }, out: '<a href="https://x.example/?n=Zo%C3%AB">' },
  { name: 'text part links URL-encoded', part: 'text', tpl: 'Go to https://x.example/?code={{c}} now {{c}}', sub: { c: 'Daily Deal!' }, out: 'Go to https://x.example/?code=Daily%20Deal%21 now Daily Deal!' },
  { name: 'text link with triple braces raw', part: 'text', tpl: 'https://{{{host}}}/x', sub: { host: 'a.example/b c' }, out: 'https://a.example/b c/x' },
  { name: 'statements end a text link', part: 'text', tpl: 'https://x.example/{{if a}}{{b}}{{end}}', sub: { a: 1, b: 'y z' }, out: 'https://x.example/y z' },
  // Links: protocol must be literal; otherwise the value is an ordinary escaped attribute.
  { name: 'whole URL in a variable is escaped, not encoded', part: 'html', tpl: '<a href="{{url}}">', sub: { url: 'https://shop.example/p?a=1&b=2' }, out: '<a href="https://shop.example/p?a=1&amp;b=2">' },
  { name: 'unquoted whole URL in a variable', part: 'html', tpl: '<a href={{url}}>', sub: { url: 'https://s.example/?a=1 b' }, out: '<a href=https://s.example/?a&#61;1&#32;b>' },
  { name: 'script URL from data refused', part: 'html', tpl: '<a href="{{url}}">x</a>', sub: { url: ' JavaScript:alert(1)' }, out: '<a href="#">x</a>' },
  { name: 'relative link escaped', part: 'html', tpl: '<a href="/p?q={{q}}">', sub: { q: 'a"b' }, out: '<a href="/p?q=a&quot;b">' },
  { name: 'mailto escaped', part: 'html', tpl: '<a href="mailto:{{e}}">', sub: { e: 'a@b.example' }, out: '<a href="mailto:a@b.example">' },
  { name: 'other attributes escaped', part: 'html', tpl: '<a title="https://x/{{t}}">', sub: { t: 'a b' }, out: '<a title="https://x/a b">' },
  { name: 'href text in element content is text', part: 'html', tpl: '<p>href="https://x/{{t}}"</p>', sub: { t: 'a b' }, out: '<p>href="https://x/a b"</p>' },
  { name: 'comments do not confuse the scanner', part: 'html', tpl: '<!-- <a href="https://x/ --><p>{{t}}</p>', sub: { t: 'a b' }, out: '<!-- <a href="https://x/ --><p>a b</p>' },
  { name: 'doctype does not confuse the scanner', part: 'html', tpl: '<!DOCTYPE html><a href="https://x/?q={{t}}">', sub: { t: 'a b' }, out: '<!DOCTYPE html><a href="https://x/?q=a%20b">' },
  // Macros.
  { name: 'empty() on empty list', part: 'text', tpl: '{{if empty(l)}}none{{end}}', sub: { l: [] }, out: 'none' },
  { name: 'not empty()', part: 'text', tpl: '{{if not empty(l)}}{{#l}}{{end}}', sub: { l: [1] }, out: '1' },
  { name: 'empty() on missing, null, blank, {}', part: 'text', tpl: '{{empty(a)}}{{empty(b)}}{{empty(c)}}{{empty(d)}}{{empty(e)}}', sub: { b: null, c: '', d: {}, e: 0 }, out: 'truetruetruetruefalse' },
  { name: 'brace macros', part: 'html', tpl: '{{opening_single_curly()}}{{closing_single_curly()}} {{opening_double_curly()}}x{{closing_double_curly()}} {{opening_triple_curly()}}y{{closing_triple_curly()}}', out: '{} {{x}} {{{y}}}' },
  { name: 'brace macros inside a link stay braces', part: 'html', tpl: '<a href="https://x/{{opening_double_curly()}}">', out: '<a href="https://x/{{">' },
  {
    name: 'render_dynamic_content runs tags and is not escaped',
    part: 'html',
    tpl: '<p>Recommended:</p>\n{{ render_dynamic_content(dynamic_html.reco) }}',
    sub: { username: 'foo bar', dynamic_html: { reco: '<p><a href="http://www.example.com?q={{username}}">Click</a> {{username}}</p>' } },
    out: '<p>Recommended:</p>\n<p><a href="http://www.example.com?q=foo%20bar">Click</a> foo bar</p>',
  },
  {
    name: 'render_dynamic_content in a loop, triple braces too',
    part: 'html',
    tpl: '<ul>\n{{each offers}}\n<li>{{{render_dynamic_content(dynamic_html[loop_var])}}}</li>\n{{end}}\n</ul>',
    sub: { offers: ['o1', 'o2'], dynamic_html: { o1: '<b>50%</b>', o2: '<em>Free</em>' } },
    out: '<ul>\n<li><b>50%</b></li>\n<li><em>Free</em></li>\n</ul>',
  },
  { name: 'dynamic plain in text', part: 'text', tpl: '{{render_dynamic_content(dynamic_plain.p)}}', sub: { n: 'Bo', dynamic_plain: { p: 'Hi {{n}}' } }, out: 'Hi Bo' },
  { name: 'render_dynamic_content ignores ordinary data', part: 'html', tpl: '[{{render_dynamic_content(bio)}}]', sub: { bio: '{{email}}<script>' }, out: '[]' },
  { name: 'render_dynamic_content of missing key', part: 'html', tpl: '[{{render_dynamic_content(dynamic_html.none)}}]', out: '[]' },
];

describe('template language: escaping, links and macros (spec §5.4)', () => {
  for (const r of rows) {
    it(r.name, () => assert.deepEqual(render(r.tpl, r.sub, r.part ?? 'html'), { ok: true, value: r.out }));
  }

  it('render_snippet is a generation failure (snippets are not stored)', () => {
    const out = render('a {{ render_snippet("ourfooter") }}', {}, 'html');
    assert.equal(out.ok, false);
    assert.match(!out.ok ? out.reason : '', /render_snippet.*ourfooter/);
  });

  it('render_snippet in an untaken branch is harmless', () => {
    assert.deepEqual(render('{{if 0 == 1}}{{render_snippet(x)}}{{end}}ok', {}, 'html'), { ok: true, value: 'ok' });
  });

  it('nested render_dynamic_content is a generation failure, not a loop', () => {
    const sub = { dynamic_html: { a: '{{render_dynamic_content(dynamic_html.a)}}' } };
    const out = render('{{render_dynamic_content(dynamic_html.a)}}', sub, 'html');
    assert.deepEqual(out, { ok: false, reason: 'render_dynamic_content cannot be nested' });
  });
});
