// The template language: compile once per template version, render per recipient and part.
export { compileTemplate } from './compile.js';
export { renderTemplate } from './render.js';
export { DEFAULT_LIMITS, type RenderLimits } from './limits.js';
export { BUILT_IN_ROOTS } from './scope.js';
export type { CompiledTemplate, Expr, Node, Part, RenderData, RenderOutcome, Value } from './types.js';
export { extractMergeTags, type MergeTag, type MergeTagChild, type MergeTagType } from './merge-tags.js';
