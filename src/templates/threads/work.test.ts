// The task a template thread runs, with a deterministic clock (every reading is 1 ms later): one budget spans every
// part of a copy, compile included, so parts that each fit alone fail together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTemplateCache } from '../cache.js';
import type { RenderData } from '../language/index.js';
import { mergeTagsOf, renderParts, type RenderPart } from './work.js';

function steppingClock(): () => number {
  let t = 0;
  return () => t++;
}

const data: RenderData = { recipient: { email: 'r@example.test' }, substitutionData: { l: Array.from({ length: 640 }, (_, i) => i) }, metadata: {}, envFrom: '' };
/** 640 loop iterations: about ten clock readings of the renderer (it reads the clock every 64 steps). */
const PART = '{{each l}}.{{end}}';
const part = (name: string): RenderPart => ({ name, source: PART, part: 'text' });

describe('template thread work', () => {
  it('each part alone fits the budget', () => {
    const r = renderParts({ kind: 'render', cacheKey: 'a', parts: [part('html')], data, budgetMs: 40 }, createTemplateCache(), steppingClock());
    assert.ok(r.ok);
  });

  it('five parts share one budget: the copy fails at a later part, naming the budget', () => {
    const parts = ['subject', 'html', 'text', 'amp_html', 'header X-A'].map(part);
    const r = renderParts({ kind: 'render', cacheKey: 'b', parts, data, budgetMs: 40 }, createTemplateCache(), steppingClock());
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.reason, 'template work exceeded the 40 ms time budget');
    assert.ok(r.part !== 'subject' && r.part !== undefined, `failed at ${r.part}`);
  });

  it('merge tags: compile time counts against the budget', () => {
    const ok = mergeTagsOf({ kind: 'mergeTags', parts: ['{{a}}', '{{b}}'], budgetMs: 10 }, steppingClock());
    assert.deepEqual(ok, { ok: true, mergeTags: [{ key: 'a', required: true }, { key: 'b', required: true }] });
    const over = mergeTagsOf({ kind: 'mergeTags', parts: Array.from({ length: 20 }, (_, i) => `{{k${i}}}`), budgetMs: 10 }, steppingClock());
    assert.deepEqual(over, { ok: false, reason: 'template work exceeded the 10 ms time budget' });
  });
});
