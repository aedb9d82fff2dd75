// Every resource bound of a render: exceeding it is { ok: false, reason }, never an exception or a hang.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileTemplate } from './compile.js';
import { HARD_MAX_DEPTH } from './limits.js';
import { renderTemplate } from './render.js';
import { data, render } from './test-support.js';

/** A deterministic clock: every reading is one millisecond later than the previous. */
function steppingClock(): () => number {
  let t = 0;
  return () => t++;
}

const failure = (reason: RegExp) => (out: ReturnType<typeof render>): void => {
  assert.equal(out.ok, false, `expected failure, got ${JSON.stringify(out).slice(0, 200)}`);
  assert.match(out.ok ? '' : out.reason, reason);
};

describe('template language: resource bounds', () => {
  it('output size: at the bound is fine, one past it fails', () => {
    const sub = { s: 'x'.repeat(10) };
    assert.deepEqual(render('{{s}}{{s}}', sub, 'text', { maxOutputChars: 20 }), { ok: true, value: 'x'.repeat(20) });
    failure(/output exceeds 20 characters/)(render('{{s}}{{s}}!', sub, 'text', { maxOutputChars: 20 }));
  });

  it('output size: a loop cannot amplify data past the bound (default limit)', () => {
    const sub = { big: 'y'.repeat(1_000_000), l: Array.from({ length: 20 }, () => 0) };
    failure(/output exceeds 10485760 characters/)(render('{{each l}}{{big}}{{end}}', sub, 'html'));
  });

  it('loop iterations: counted across nested loops', () => {
    const sub = { a: [1, 2, 3], b: [1, 2, 3] };
    const tpl = '{{each a}}{{each b}}.{{end}}{{end}}';
    assert.deepEqual(render(tpl, sub, 'text', { maxLoopIterations: 12 }), { ok: true, value: '.........' });
    failure(/loop iterations exceed 11/)(render(tpl, sub, 'text', { maxLoopIterations: 11 }));
  });

  it('loop iterations: nested loops over one large list hit the default bound', () => {
    const sub = { l: Array.from({ length: 1000 }, (_, i) => i) };
    failure(/loop iterations exceed 100000/)(render('{{each l}}{{each l}}{{end}}{{end}}', sub, 'text'));
  });

  it('nesting depth: at the bound renders, one deeper fails even when branches are not taken', () => {
    const nest = (n: number): string => '{{if 1}}'.repeat(n) + 'x' + '{{end}}'.repeat(n);
    assert.deepEqual(render(nest(4), {}, 'text', { maxDepth: 5 }), { ok: true, value: 'x' });
    failure(/nesting depth exceeds 5/)(render(nest(5), {}, 'text', { maxDepth: 5 }));
    failure(/nesting depth exceeds 5/)(render('{{if 0}}'.repeat(5) + '{{end}}'.repeat(5), {}, 'text', { maxDepth: 5 }));
  });

  it('nesting depth: dynamic content counts its own blocks', () => {
    const sub = { dynamic_plain: { d: '{{if 1}}{{if 1}}deep{{end}}{{end}}' } };
    const tpl = '{{if 1}}{{render_dynamic_content(dynamic_plain.d)}}{{end}}';
    assert.deepEqual(render(tpl, sub, 'text', { maxDepth: 5 }), { ok: true, value: 'deep' });
    failure(/nesting depth exceeds 4/)(render(tpl, sub, 'text', { maxDepth: 4 }));
  });

  it('nesting depth: 20,000 nested blocks compile without recursion and fail to render', () => {
    const n = 20_000;
    const compiled = compileTemplate('{{each l}}'.repeat(n) + '{{end}}'.repeat(n));
    assert.equal(compiled.depth, n);
    failure(/nesting depth exceeds/)(renderTemplate(compiled, data(), 'html'));
    failure(new RegExp(`nesting depth exceeds ${HARD_MAX_DEPTH}`))(renderTemplate(compiled, data(), 'html', { maxDepth: 1e9 }));
  });

  it('time: a render that outlives maxTimeMs stops (stepping clock, no wall time involved)', () => {
    const sub = { l: Array.from({ length: 5000 }, (_, i) => i) };
    failure(/rendering exceeded 10 ms/)(render('{{each l}}{{loop_var}}{{end}}', sub, 'text', { maxTimeMs: 10, now: steppingClock() }));
    const ok = render('{{each l}}{{end}}', { l: [1, 2] }, 'text', { maxTimeMs: 10, now: steppingClock() });
    assert.deepEqual(ok, { ok: true, value: '' });
  });

  it('expressions: deep parentheses and very long chains stay literal instead of exhausting the stack', () => {
    const parens = `{{${'('.repeat(5000)}1${')'.repeat(5000)}}}`;
    assert.deepEqual(render(parens, {}, 'text'), { ok: true, value: parens });
    const chain = `{{${Array.from({ length: 2000 }, () => 'a').join(' + ')}}}`;
    assert.deepEqual(render(chain, { a: 1 }, 'text'), { ok: true, value: chain });
    const nots = `{{${'not '.repeat(5000)}a}}`;
    assert.deepEqual(render(nots, {}, 'text'), { ok: true, value: nots });
    assert.deepEqual(render(`{{${'not '.repeat(20)}a}}`, {}, 'text'), { ok: true, value: 'false' });
  });
});
