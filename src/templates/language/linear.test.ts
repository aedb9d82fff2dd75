// Compile is linear in the source: the whitespace pass and the lexer agree with simple reference definitions on random
// input (fast-check), and a 2 MB template of each hostile shape compiles within a multiple of the time a 20 KB one
// takes in the same run (no wall-clock constant). The 2 MB compile runs on a thread that is stopped once it is over
// that budget, so a quadratic regression fails in seconds instead of hanging the suite.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { lex, type Token } from './lexer.js';
import { applyWhitespace, type Flat } from './structure.js';

// --- whitespace: the definition, written the obvious (per-statement scan) way ------------------------------------

const HSPACE = /^[ \t]*$/;
const isStatement = (f: Flat | undefined): boolean => f?.kind === 'tag' && f.tag.k !== 'out';

function referenceWhitespace(items: Flat[]): void {
  const restBlank = (i: number): boolean => {
    for (let j = i + 1; j < items.length; j++) {
      const f = items[j] as Flat;
      if (f.kind === 'text') {
        const nl = f.v.search(/\r|\n/);
        if (nl !== -1) return HSPACE.test(f.v.slice(0, nl));
        if (!HSPACE.test(f.v)) return false;
      } else if (!isStatement(f)) return false;
    }
    return true;
  };
  const startBlank = (i: number): boolean => {
    for (let j = i - 1; j >= 0; j--) {
      const f = items[j] as Flat;
      if (f.kind === 'text') {
        const nl = Math.max(f.v.lastIndexOf('\n'), f.v.lastIndexOf('\r'));
        if (nl !== -1) return HSPACE.test(f.v.slice(nl + 1));
        if (!HSPACE.test(f.v)) return false;
      } else if (!isStatement(f)) return false;
    }
    return true;
  };
  const plan = items.map((f, i) => (isStatement(f) && restBlank(i) ? { alone: startBlank(i) } : null));
  plan.forEach((p, i) => {
    if (p === null) return;
    const next = items[i + 1];
    if (next?.kind === 'text') next.v = next.v.replace(/^[ \t]*(\r\n|\n|\r)?/, '');
    const prev = items[i - 1];
    if (p.alone && prev?.kind === 'text') prev.v = prev.v.replace(/[ \t]*$/, '');
  });
}

const STATEMENT: Flat = { kind: 'tag', tag: { k: 'end' }, src: '{{end}}' };
const OUTPUT: Flat = { kind: 'tag', tag: { k: 'out', expr: { k: 'lit', v: 1 }, raw: false }, src: '{{1}}' };
const textOf = (maxLength: number) => fc.array(fc.constantFrom(' ', '\t', '\n', '\r', '\r\n', 'a', '  '), { maxLength })
  .map((cs) => ({ kind: 'text', v: cs.join('') }) as Flat);
const flats = (maxItems: number, maxText: number) => fc.array(
  fc.oneof(textOf(maxText), fc.constant(STATEMENT), fc.constant(OUTPUT)),
  { maxLength: maxItems },
);
const clone = (items: Flat[]): Flat[] => items.map((f) => (f.kind === 'text' ? { ...f } : f));

// --- lexer: tokens printed back to source lex to the same tokens -------------------------------------------------

const OPS = ['==', '!=', '<=', '>=', '<', '>', '+', '-', '*', '/', '(', ')', '[', ']', '.', ',', '#'];
const token: fc.Arbitrary<Token> = fc.oneof(
  fc.nat({ max: 100_000 }).map((v) => ({ t: 'num', v }) as Token),
  fc.string({ maxLength: 12 }).map((v) => ({ t: 'str', v }) as Token),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/).map((v) => ({ t: 'id', v }) as Token),
  fc.constantFrom(...OPS).map((v) => ({ t: 'op', v }) as Token),
);
function print(t: Token): string {
  if (t.t === 'str') return `'${t.v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return String(t.v);
}

// --- scaling -----------------------------------------------------------------------------------------------------

/** The hostile shapes: long whitespace runs, many statements on a line, deep nesting, long `or` chains, broken tags. */
const SHAPES: Record<string, (n: number) => string> = {
  'whitespace run before a statement': (n) => `a${' '.repeat(n)}x\n{{if a}}\nb\n{{end}}\n`,
  'statements on one line': (n) => `${'{{if a}} '.repeat(n / 9)}\n${'{{end}}'.repeat(n / 9)}`,
  'statements between spaces': (n) => `{{if a}}${' '.repeat(60)}x${' '.repeat(60)}{{end}}`.repeat(n / 135),
  'deep nesting': (n) => `${'{{if a}}'.repeat(n / 15)}x${'{{end}}'.repeat(n / 15)}`,
  'long or chains': (n) => `{{ ${Array.from({ length: 250 }, (_, i) => `a${i}`).join(' or ')} }}\n`.repeat(Math.ceil(n / 1700)),
  'unclosed quotes': (n) => `{{'${'x'.repeat(20)}`.repeat(n / 23),
  'unclosed tags': (n) => '{{ a '.repeat(n / 5),
  'triple braces': (n) => '{{{x'.repeat(n / 4),
  'one huge string literal': (n) => `{{ '${'\\x'.repeat(n / 2)}' }}`,
  'else chains': (n) => `{{if a}}${'{{elseif b}}\n'.repeat(n / 13)}{{end}}`,
};

/** 2 MB is 100× the 20 KB input; linear work with noise stays far below this multiple, quadratic (×10 000) does not. */
const SIZE_RATIO = 100;
const ALLOWED_MULTIPLE = 30 * SIZE_RATIO;

const fromSource = import.meta.url.endsWith('.ts');
const compileUrl = new URL(fromSource ? './compile.ts' : './compile.js', import.meta.url).href;
const mergeTagsUrl = new URL(fromSource ? './merge-tags.ts' : './merge-tags.js', import.meta.url).href;
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads');
(${fromSource} ? import('tsx/esm/api').then((tsx) => tsx.register()) : Promise.resolve()).then(async () => {
  const { compileTemplate } = await import(${JSON.stringify(compileUrl)});
  const { extractMergeTags } = await import(${JSON.stringify(mergeTagsUrl)});
  const time = (s) => { const t = performance.now(); extractMergeTags(compileTemplate(s)); return performance.now() - t; };
  for (let i = 0; i < 3; i++) time(workerData.small);
  const runs = [0, 1, 2, 3, 4].map(() => time(workerData.small)).sort((a, b) => a - b);
  parentPort.postMessage({ small: runs[2] });
  parentPort.postMessage({ big: time(workerData.big) });
});`;

/** Compiles `small` (median of 5), then `big` under a budget of ALLOWED_MULTIPLE × small; over it, the thread is stopped. */
function measure(small: string, big: string): Promise<{ small: number; big: number | null; budget: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(THREAD, { eval: true, workerData: { small, big } });
    let smallMs = 0;
    let budget = 0;
    let timer: NodeJS.Timeout | undefined;
    worker.on('message', (m: { small?: number; big?: number }) => {
      if (m.small !== undefined) {
        smallMs = m.small;
        budget = Math.max(m.small, 0.05) * ALLOWED_MULTIPLE;
        timer = setTimeout(() => { void worker.terminate(); resolve({ small: smallMs, big: null, budget }); }, budget);
      } else if (m.big !== undefined) {
        clearTimeout(timer);
        void worker.terminate();
        resolve({ small: smallMs, big: m.big, budget });
      }
    });
    worker.on('error', reject);
  });
}

describe('template language: linear-time compile', () => {
  it('whitespace handling matches its definition on random item lists (statements, outputs, spaces, tabs, CR/LF)', () => {
    fc.assert(fc.property(flats(30, 12), (items) => {
      const a = clone(items);
      const b = clone(items);
      applyWhitespace(a);
      referenceWhitespace(b);
      assert.deepEqual(a, b);
    }), { numRuns: 3000 });
  });

  it('whitespace handling matches its definition on large random inputs (long runs, thousands of statements)', () => {
    fc.assert(fc.property(flats(3000, 400), (items) => {
      const a = clone(items);
      const b = clone(items);
      applyWhitespace(a);
      referenceWhitespace(b);
      assert.deepEqual(a, b);
    }), { numRuns: 20 });
  });

  it('lexer: any token sequence printed with random spacing lexes back to the same tokens (large inputs too)', () => {
    const spacing = fc.constantFrom(' ', '  ', '\t', '\n', ' \r\n ');
    fc.assert(fc.property(fc.array(fc.tuple(token, spacing), { maxLength: 4000 }), (pairs) => {
      const src = pairs.map(([t, s]) => print(t) + s).join('');
      assert.deepEqual(lex(src), pairs.map(([t]) => t));
    }), { numRuns: 60 });
  });

  it('lexer: arbitrary large input is tokens or null, never a throw', () => {
    const ch = fc.constantFrom('a', '1', '.', ' ', "'", '"', '\\', '=', '!', '<', '#', '(', ']', '@', '\n', 'é');
    fc.assert(fc.property(fc.array(ch, { maxLength: 50_000 }), (cs) => {
      const out = lex(cs.join(''));
      assert.ok(out === null || Array.isArray(out));
    }), { numRuns: 30 });
  });

  for (const [name, shape] of Object.entries(SHAPES)) {
    it(`2 MB of "${name}" compiles within ${ALLOWED_MULTIPLE}× the time of 20 KB of it`, async () => {
      const small = shape(20_000);
      const big = shape(2_000_000);
      assert.ok(big.length / small.length > SIZE_RATIO * 0.9 && big.length / small.length < SIZE_RATIO * 1.1);
      const m = await measure(small, big);
      assert.ok(m.big !== null, `2 MB took over ${m.budget.toFixed(0)} ms (${ALLOWED_MULTIPLE}× the ${m.small.toFixed(2)} ms of 20 KB): superlinear`);
    });
  }
});
