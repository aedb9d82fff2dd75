// What other capabilities may import from templates.
export {
  compileTemplate,
  renderTemplate,
  extractMergeTags,
  DEFAULT_LIMITS,
  type CompiledTemplate,
  type MergeTag,
  type MergeTagChild,
  type MergeTagType,
  type Part,
  type RenderData,
  type RenderLimits,
  type RenderOutcome,
} from './language/index.js';
export { createTemplateCache, type TemplateCache } from './cache.js';
