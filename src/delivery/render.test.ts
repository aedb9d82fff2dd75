import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { templatePool, type RenderData } from '../templates/index.js';
import { renderForRecipient, type MessageContent } from './render.js';

const content: MessageContent = {
  subject: 'Hi {{name}}', html: '<p>{{name}} &amp; {{html_snippet}}</p>', text: 'Hello {{name}}', ampHtml: null,
  fromName: 'Team {{team}}', headers: { 'X-User': '{{name}}' },
};
const data = (sub: Record<string, unknown>): RenderData => ({ recipient: { email: 'r@example.test' }, substitutionData: sub, metadata: {}, envFrom: 'a@sender.test' });

const pool = templatePool({ threads: 1, memoryMb: 128 });
const BUDGET = 2000;

describe('renderForRecipient', () => {
  after(() => pool.close());

  it('renders every part, escaping HTML in the html part only', async () => {
    const r = await renderForRecipient(content, data({ name: 'Ann <b>', team: 'X', html_snippet: '<i>' }), pool, 'm1', true, BUDGET);
    assert.ok(r.ok);
    assert.equal(r.value.subject, 'Hi Ann <b>');
    assert.equal(r.value.text, 'Hello Ann <b>');
    assert.match(r.value.html ?? '', /Ann &lt;b&gt;/);
    assert.equal(r.value.fromName, 'Team X');
    assert.deepEqual(r.value.headers, { 'X-User': 'Ann <b>' });
  });

  it('leaves content alone when substitutions are off', async () => {
    const r = await renderForRecipient(content, data({ name: 'Ann' }), pool, 'm2', false, BUDGET);
    assert.deepEqual(r, { ok: true, value: content });
  });

  it('never lets substituted data break a header line', async () => {
    const r = await renderForRecipient(content, data({ name: 'Ann\r\nBcc: x@evil.test' }), pool, 'm3', true, BUDGET);
    assert.ok(r.ok);
    for (const value of [r.value.subject, r.value.fromName ?? '', ...Object.values(r.value.headers)]) assert.doesNotMatch(value, /[\r\n]/);
  });

  it('reports an exceeded bound as data', async () => {
    const loop = { ...content, html: '{{each items}}{{each items}}{{each items}}x{{end}}{{end}}{{end}}' };
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const r = await renderForRecipient(loop, data({ name: 'A', items }), pool, 'm4', true, BUDGET);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /^Rendering html failed/);
  });
});
