// The template work a template thread does (pool.ts): compile and render under one time budget for the whole task.
// Pure apart from the clock, so it runs the same on a thread or, in tests, inline.
import type { TemplateCache } from '../cache.js';
import { compileTemplate, extractMergeTags, renderTemplate, type MergeTag, type Part, type RenderData } from '../language/index.js';

export interface RenderPart { name: string; source: string; part: Part }

/** Every part of one message for one recipient: one budget for all of them, compile included. */
export interface RenderTask { kind: 'render'; cacheKey: string; parts: RenderPart[]; data: RenderData; budgetMs: number }
/** The merge tags of a template version's parts (POST/PUT /templates): compile under the budget. */
export interface MergeTagsTask { kind: 'mergeTags'; parts: string[]; budgetMs: number }
export type TemplateTask = RenderTask | MergeTagsTask;

export type RenderAnswer = { ok: true; values: string[] } | { ok: false; reason: string; part?: string };
export type MergeTagsAnswer = { ok: true; mergeTags: MergeTag[] } | { ok: false; reason: string };
export type TemplateAnswer = RenderAnswer | MergeTagsAnswer;

export const overBudget = (budgetMs: number): string => `template work exceeded the ${budgetMs} ms time budget`;
export const overMemory = (memoryMb: number): string => `template work exceeded the ${memoryMb} MB memory bound`;

export function renderParts(task: RenderTask, cache: TemplateCache, now: () => number): RenderAnswer {
  const started = now();
  const values: string[] = [];
  for (const p of task.parts) {
    const compiled = cache.get(`${task.cacheKey}:${p.name}`, p.source);
    const left = task.budgetMs - (now() - started);
    if (left <= 0) return { ok: false, reason: overBudget(task.budgetMs), part: p.name };
    const r = renderTemplate(compiled, task.data, p.part, { maxTimeMs: left, now });
    if (!r.ok) return { ok: false, reason: r.reason.startsWith('rendering exceeded') ? overBudget(task.budgetMs) : r.reason, part: p.name };
    values.push(r.value);
  }
  return { ok: true, values };
}

export function mergeTagsOf(task: MergeTagsTask, now: () => number): MergeTagsAnswer {
  const started = now();
  const compiled = [];
  for (const source of task.parts) {
    compiled.push(compileTemplate(source));
    if (now() - started > task.budgetMs) return { ok: false, reason: overBudget(task.budgetMs) };
  }
  return { ok: true, mergeTags: extractMergeTags(...compiled) };
}

export function runTask(task: TemplateTask, cache: TemplateCache, now: () => number): TemplateAnswer {
  return task.kind === 'render' ? renderParts(task, cache, now) : mergeTagsOf(task, now);
}
