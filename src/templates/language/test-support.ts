// Shared fixtures for the language's table-driven tests.
import { compileTemplate } from './compile.js';
import type { RenderLimits } from './limits.js';
import { renderTemplate } from './render.js';
import type { Part, RenderData, RenderOutcome } from './types.js';

export const RECIPIENT = { email: 'ann@example.com', name: 'Ann Lee' };

export function data(substitutionData: Record<string, unknown> = {}, metadata: Record<string, string> = {}): RenderData {
  return { recipient: RECIPIENT, substitutionData, metadata, envFrom: 'bounces+x@mail.example.com' };
}

export function render(
  source: string,
  sub: Record<string, unknown> = {},
  part: Part = 'html',
  limits?: Partial<RenderLimits>,
): RenderOutcome {
  return renderTemplate(compileTemplate(source), data(sub), part, limits);
}

/** One row of a table: template + substitution_data (+ part) → expected output. */
export interface Row { name: string; tpl: string; sub?: Record<string, unknown>; part?: Part; out: string }
