// `lettr template push`: create the template under an exact slug, or add a version when anything a send would use
// (HTML/JSON, text, subject, name) changed; pushing the same file again changes nothing.
import type { Kysely } from 'kysely';
import type { Origin } from '../../auth/index.js';
import type { DB } from '../../db/index.js';
import { prepareContent, type CompileLimits, type ContentInput } from '../content.js';
import type { MergeTag } from '../language/index.js';
import { locateProject, locateVersion } from '../locate.js';
import { isValidSlug } from '../slug.js';
import { findTemplate, type TemplateRow } from '../store.js';
import { createTemplate } from './create-template.js';
import { updateTemplate } from './change-template.js';

export interface PushInput {
  teamId: number;
  projectId: number | null;
  slug: string;
  content: ContentInput;
  name?: string;
  subject?: string;
  text?: string;
}

export type PushOutcome =
  | { kind: 'created' | 'updated' | 'unchanged'; template: TemplateRow; version: number; mergeTags: MergeTag[] }
  | { kind: 'error'; message: string };

export async function pushTemplate(db: Kysely<DB>, input: PushInput, origin: Origin, limits: CompileLimits, now = Date.now()): Promise<PushOutcome> {
  if (!isValidSlug(input.slug)) return { kind: 'error', message: `slug "${input.slug}" must be letters, digits, "-", "_" or "." (not "html"), at most 255 characters` };
  const project = await locateProject(db, input.teamId, input.projectId);
  if (!project.ok) return { kind: 'error', message: project.message };
  const existing = await findTemplate(db, input.teamId, project.value.id, input.slug);
  const active = existing ? await locateVersion(db, input.teamId, existing, null) : null;
  const a = active?.ok ? active.value : null;
  // Omitted options keep what the template has: a push without --subject / --text / --name changes only content.
  const subject = input.subject ?? existing?.subject ?? null;
  const prepared = await prepareContent(input.content, limits, { subject, text: input.text ?? a?.text ?? null });
  if (!prepared.ok) return { kind: 'error', message: `the file is ${prepared.problem === 'invalid_json' ? prepared.message : `over a template limit: ${prepared.message}`}` };
  const content = prepared.content;
  const name = input.name ?? existing?.name ?? input.slug;

  if (!existing) {
    const out = await createTemplate(db, { teamId: input.teamId, name, projectId: project.value.id, folderId: null, content, slug: input.slug, subject }, origin, now);
    if (out.kind === 'created') return { kind: 'created', template: out.template, version: out.version.version, mergeTags: content.mergeTags };
    return { kind: 'error', message: out.kind === 'not_found' ? out.message : `slug "${out.slug}" was taken concurrently; push again` };
  }
  const same = a !== null && a.html === content.html && a.json === content.json && a.text === content.text
    && existing.name === name && existing.subject === subject;
  if (same) return { kind: 'unchanged', template: existing, version: a.version, mergeTags: content.mergeTags };
  const out = await updateTemplate(db, { teamId: input.teamId, projectId: project.value.id, slug: input.slug, name, subject, content }, origin, now);
  if (out.kind === 'not_found') return { kind: 'error', message: out.message };
  return { kind: 'updated', template: out.template, version: out.template.active_version ?? 0, mergeTags: content.mergeTags };
}
