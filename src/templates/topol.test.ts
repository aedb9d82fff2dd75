import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { topolToHtml } from './topol.js';

const body = (html: string) => html.replace(/^.*<body>/, '').replace(/<\/body><\/html>$/, '');

describe('Topol JSON → HTML', () => {
  it('renders the contract example with its merge tag', () => {
    const doc = JSON.parse('{"tagName":"mj-container","children":[{"tagName":"mj-text","content":"Hello {{FIRST_NAME}}!"}]}');
    assert.equal(body(topolToHtml(doc)), '<div><div>Hello {{FIRST_NAME}}!</div></div>');
  });

  it('buttons, images, dividers, spacers; attributes escaped; head skipped', () => {
    const doc = { tagName: 'mj-body', children: [
      { tagName: 'mj-head', children: [{ tagName: 'mj-title', content: 'x' }] },
      { tagName: 'mj-section', attributes: { 'background-color': '#fff' }, children: [
        { tagName: 'mj-button', attributes: { href: '{{url}}', align: 'center' }, content: 'Go' },
        { tagName: 'mj-image', attributes: { src: 'https://img.example/a.png', alt: '"q"', href: 'https://x.example' } },
        { tagName: 'mj-divider' }, { tagName: 'mj-spacer', attributes: { height: '10px' } },
      ] },
    ] };
    assert.equal(body(topolToHtml(doc)),
      '<div><div style="background-color:#fff"><p style="text-align:center"><a href="{{url}}">Go</a></p>' +
      '<a href="https://x.example"><img src="https://img.example/a.png" alt="&quot;q&quot;" style="max-width:100%"></a>' +
      '<hr><div style="height:10px"></div></div></div>');
  });

  it('tolerates any JSON and very deep nesting', () => {
    for (const v of [null, 1, 'x', [], { children: 'no' }, { tagName: 5, attributes: [1] }]) assert.match(topolToHtml(v), /<body><\/body>|<body><div><\/div><\/body>/);
    let deep: unknown = { tagName: 'mj-text', content: 'deep' };
    for (let i = 0; i < 10_000; i++) deep = { tagName: 'mj-section', children: [deep] };
    assert.doesNotMatch(topolToHtml(deep), /deep/);
  });
});
