// A bounded LRU of compiled templates. Template versions are immutable, so a version's compiled parts can be
// cached under a key like `v:<versionId>:html` for the life of the process without invalidation.
import { compileTemplate, type CompiledTemplate } from './language/index.js';

export interface TemplateCache {
  /** The compiled form of `source`, compiled at most once while it stays among the `max` most recent keys. */
  get(key: string, source: string): CompiledTemplate;
  readonly size: number;
}

export function createTemplateCache(max = 500): TemplateCache {
  const entries = new Map<string, { source: string; compiled: CompiledTemplate }>();
  return {
    get(key, source) {
      const hit = entries.get(key);
      if (hit !== undefined && hit.source === source) {
        entries.delete(key); // re-insert: Map order is recency order
        entries.set(key, hit);
        return hit.compiled;
      }
      const compiled = compileTemplate(source);
      entries.delete(key);
      entries.set(key, { source, compiled });
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
      return compiled;
    },
    get size() { return entries.size; },
  };
}
