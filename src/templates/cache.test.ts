import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTemplateCache } from './cache.js';

describe('compiled-template cache', () => {
  it('compiles once per key and source, evicts the least recently used', () => {
    const cache = createTemplateCache(2);
    const a = cache.get('v:1:html', 'A {{x}}');
    assert.equal(cache.get('v:1:html', 'A {{x}}'), a);
    cache.get('v:2:html', 'B');
    cache.get('v:1:html', 'A {{x}}'); // 1 is now most recent
    cache.get('v:3:html', 'C'); // evicts 2
    assert.equal(cache.size, 2);
    assert.equal(cache.get('v:1:html', 'A {{x}}'), a);
    assert.notEqual(cache.get('v:1:html', 'changed'), a, 'a different source under the same key recompiles');
  });
});
