// Resource bounds of one render (one part for one recipient). Exceeding any of them is an outcome
// ({ ok: false }), which the caller records as a generation_failure event; it is never an exception.

export interface RenderLimits {
  /** Characters of output, counted as the output grows (10 MiB: far above any real email body). */
  maxOutputChars: number;
  /** Loop iterations across all `each` blocks of the render, nested loops multiply quickly. */
  maxLoopIterations: number;
  /** Nesting of if/each blocks plus dynamic content; also bounds the renderer's recursion. */
  maxDepth: number;
  /** Time for the whole render in milliseconds, checked every few steps. */
  maxTimeMs: number;
  /** Millisecond clock; defaults to performance.now. */
  now: () => number;
}

export const DEFAULT_LIMITS: RenderLimits = {
  maxOutputChars: 10 * 1024 * 1024,
  maxLoopIterations: 100_000,
  maxDepth: 32,
  maxTimeMs: 1_000,
  now: () => performance.now(),
};

/** Recursion in the renderer is one frame per block level, so the depth bound is capped whatever the caller asks. */
export const HARD_MAX_DEPTH = 200;

export function resolveLimits(partial: Partial<RenderLimits> | undefined): RenderLimits {
  const l = { ...DEFAULT_LIMITS, ...partial };
  return { ...l, maxDepth: Math.min(l.maxDepth, HARD_MAX_DEPTH) };
}
