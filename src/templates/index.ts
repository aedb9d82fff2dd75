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
export { templatePool, type TemplatePool, type TemplateWork } from './threads/pool.js';
export type { RenderPart, RenderTask } from './threads/work.js';
export { templateRoutes } from './routes.js';
export { projectRoutes } from './project-routes.js';
export { insertDefaultProject } from './store.js';
export { resolveTemplateForSend, templateSubject, compiledPart, type TemplateForSend, type TemplateSendOutcome } from './send.js';
export { pushTemplate, type PushInput, type PushOutcome } from './commands/push-template.js';
