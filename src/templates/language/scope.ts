// Name resolution for path roots. Precedence (spec §5.4): loop variables, then recipient-level built-ins,
// then transmission-level substitution_data, then metadata.
import type { RenderData, Value } from './types.js';
import { asValue } from './values.js';

export interface LoopFrame { name: string | null; item: Value; index: number }

/** Roots that are not substitution keys: built-ins and loop variables. Merge-tag extraction skips them too. */
export const BUILT_IN_ROOTS = new Set([
  'address', 'email', 'email_id', 'env_from', 'return_path', 'loop_var', 'loop_index', 'loop_vars',
]);

function ownValue(source: unknown, key: string): Value | undefined {
  if (typeof source !== 'object' || source === null || Array.isArray(source)) return undefined;
  return Object.hasOwn(source, key) ? asValue((source as Record<string, unknown>)[key]) : undefined;
}

export function resolveRoot(root: string, data: RenderData, frames: LoopFrame[]): Value {
  const top = frames[frames.length - 1];
  switch (root) {
    case 'loop_var': return top ? top.item : null;
    case 'loop_index': return top ? top.index : null;
    case 'loop_vars': return null; // only meaningful with a loop name, see loopVarsItem
    case 'address': return { email: data.recipient.email, name: data.recipient.name ?? null };
    case 'email': case 'email_id': return data.recipient.email;
    case 'env_from': case 'return_path': return data.envFrom;
    default: return ownValue(data.substitutionData, root) ?? ownValue(data.metadata, root) ?? null;
  }
}

/** `loop_vars.<name>`: the current item of the innermost enclosing loop over an array named <name>. */
export function loopVarsItem(name: string, frames: LoopFrame[]): Value {
  for (let i = frames.length - 1; i >= 0; i--) {
    const f = frames[i] as LoopFrame;
    if (f.name === name) return f.item;
  }
  return null;
}
