// Property tests: for random templates, data, parts and limits, compile and render never throw, and every
// successful render respects the bounds it was given.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compileTemplate } from './compile.js';
import { extractMergeTags } from './merge-tags.js';
import { renderTemplate } from './render.js';
import type { Part, RenderData } from './types.js';

const KNOWN_FAILURES = /^(output exceeds|loop iterations exceed|nesting depth exceeds|rendering exceeded|render_snippet:|render_dynamic_content cannot be nested)/;
const PARTS: Part[] = ['html', 'amp', 'text', 'subject', 'header'];

const names = fc.constantFrom('a', 'b', 'items', 'loop_var', 'loop_index', 'loop_vars.items', 'address.email', 'email', 'x.y', 'dynamic_html.d', 'dynamic_plain.d');
const atoms = fc.oneof(names, fc.constantFrom('1', '0', "'s'", '"t"', 'nil', 'true', '#items', 'items[1]', 'a[b]', 'empty(items)'));
const expression: fc.Arbitrary<string> = fc.letrec((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atoms,
    fc.tuple(tie('e'), fc.constantFrom(' + ', ' - ', ' * ', ' / ', ' == ', ' != ', ' < ', ' >= ', ' and ', ' or '), tie('e')).map(([l, o, r]) => `${l}${o}${r}`),
    tie('e').map((e) => `not ${e}`),
    tie('e').map((e) => `(${e})`),
    tie('e').map((e) => `render_dynamic_content(${e})`),
  ),
})).e as fc.Arbitrary<string>;

const fragment = fc.oneof(
  fc.constantFrom('<a href="https://x.example/?q=', '">', '<img src=', ' ', '\n', '  ', 'text', '<p>', '</p>', '{', '}', '{{', '}}', "'", '"', '<!--', '-->'),
  expression.map((e) => `{{${e}}}`),
  expression.map((e) => `{{{ ${e} }}}`),
  expression.map((e) => `{{if ${e}}}`),
  expression.map((e) => `{{elseif ${e} then}}`),
  expression.map((e) => `{{each ${e}}}`),
  fc.constantFrom('{{else}}', '{{end}}', '{{end}}', '{{ render_snippet("s") }}', '{{opening_double_curly()}}', '{{ bad tag }}'),
  fc.string({ maxLength: 8 }),
);
const template = fc.array(fragment, { maxLength: 40 }).map((xs) => xs.join(''));

const jsonData = fc.dictionary(fc.constantFrom('a', 'b', 'items', 'x', 'dynamic_html', 'dynamic_plain', 'email'), fc.jsonValue({ maxDepth: 3 }));
const renderData = fc.record({ sub: jsonData, dyn: template }).map(({ sub, dyn }): RenderData => ({
  recipient: { email: 'r@example.com', name: 'R' },
  substitutionData: { ...sub, dynamic_html: { d: dyn }, dynamic_plain: { d: dyn } },
  metadata: { a: 'meta' },
  envFrom: 'b@example.com',
}));
const limits = fc.record({
  maxOutputChars: fc.integer({ min: 0, max: 5000 }),
  maxLoopIterations: fc.integer({ min: 0, max: 200 }),
  maxDepth: fc.integer({ min: 1, max: 12 }),
  maxTimeMs: fc.integer({ min: 0, max: 50 }),
});

function clock(): () => number { let t = 0; return () => t++; }

describe('template language: properties', () => {
  it('compile, extract and render never throw; successes stay within every bound', () => {
    fc.assert(
      fc.property(template, renderData, fc.constantFrom(...PARTS), limits, (src, d, part, lim) => {
        const compiled = compileTemplate(src);
        extractMergeTags(compiled);
        const out = renderTemplate(compiled, d, part, { ...lim, now: clock() });
        if (!out.ok) {
          assert.match(out.reason, KNOWN_FAILURES);
          return;
        }
        assert.ok(out.value.length <= lim.maxOutputChars, 'output bound');
        assert.ok(compiled.depth < lim.maxDepth, 'depth bound');
        if (part === 'subject' || part === 'header') assert.doesNotMatch(out.value, /[\r\n]/);
      }),
      { numRuns: 3000 },
    );
  });

  it('arbitrary strings (brace-heavy alphabet) compile and render as text or tags, never throwing', () => {
    const alphabet = fc.constantFrom('{', '}', ' ', 'a', '.', '[', ']', "'", '"', '#', '(', ')', 'if', 'end', 'each', '\\', '\n', '<', '=');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((a) => a.join('')), (src) => {
        const out = renderTemplate(compileTemplate(src), { recipient: { email: 'r@x' }, substitutionData: { a: [1] }, metadata: {}, envFrom: '' }, 'html');
        if (!out.ok) assert.match(out.reason, KNOWN_FAILURES);
        // Text without any `{{` can never change.
        if (!src.includes('{{')) assert.deepEqual(out, { ok: true, value: src });
      }),
      { numRuns: 3000 },
    );
  });

  it('loop output never exceeds the iteration bound', () => {
    const list = fc.array(fc.constant(0), { maxLength: 12 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), list, fc.integer({ min: 0, max: 300 }), (depth, l, max) => {
        const tpl = '{{each l}}'.repeat(depth) + '.' + '{{end}}'.repeat(depth);
        const out = renderTemplate(compileTemplate(tpl), { recipient: { email: 'r@x' }, substitutionData: { l }, metadata: {}, envFrom: '' }, 'text', { maxLoopIterations: max });
        const expected = l.length ** depth;
        if (out.ok) { assert.equal(out.value.length, expected); assert.ok(expected <= max); }
        else assert.match(out.reason, /loop iterations exceed/);
      }),
      { numRuns: 1000 },
    );
  });
});
