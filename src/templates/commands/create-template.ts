// Create a template and its first, active version in one transaction (spec §5.2 POST /templates).
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/index.js';
import type { Origin } from '../../auth/index.js';
import { isUniqueViolation, type DB, type Executor } from '../../db/index.js';
import type { VersionContent } from '../content.js';
import { locateProject, messages } from '../locate.js';
import { slugify, uniqueSlug } from '../slug.js';
import { claimNextVersion, firstFolderId, folderInProject, insertTemplate, insertVersion, slugsLike, type TemplateRow, type VersionRow } from '../store.js';

export interface CreateTemplateInput {
  teamId: number;
  name: string;
  projectId: number | null;
  folderId: number | null;
  content: VersionContent;
  /** An exact slug (CLI push); without it the slug comes from the name, suffixed on collision. */
  slug?: string;
  subject?: string | null;
}

export type CreateTemplateOutcome =
  | { kind: 'created'; template: TemplateRow; version: VersionRow }
  | { kind: 'not_found'; message: string }
  | { kind: 'slug_taken'; slug: string };

/** Two requests naming templates alike can race for a slug; the loser retries with the next suffix. */
const SLUG_ATTEMPTS = 5;

async function folderFor(db: Executor, teamId: number, projectId: number, folderId: number | null) {
  if (folderId !== null) {
    return (await folderInProject(db, teamId, projectId, folderId)) ? { ok: true as const, id: folderId } : { ok: false as const, message: messages.folderNotFound(folderId) };
  }
  const first = await firstFolderId(db, teamId, projectId);
  return first !== null ? { ok: true as const, id: first } : { ok: false as const, message: messages.noFolders(projectId) };
}

async function attempt(trx: Executor, input: CreateTemplateInput, origin: Origin, now: number): Promise<CreateTemplateOutcome> {
  const project = await locateProject(trx, input.teamId, input.projectId);
  if (!project.ok) return { kind: 'not_found', message: project.message };
  const folder = await folderFor(trx, input.teamId, project.value.id, input.folderId);
  if (!folder.ok) return { kind: 'not_found', message: folder.message };
  const base = input.slug ?? slugify(input.name);
  const slug = input.slug ?? uniqueSlug(base, await slugsLike(trx, input.teamId, project.value.id, base));
  const row = await insertTemplate(trx, {
    team_id: input.teamId, project_id: project.value.id, folder_id: folder.id, name: input.name, slug,
    subject: input.subject ?? null, active_version: null, versions_count: 0, created_at: now, updated_at: now,
  });
  const number = await claimNextVersion(trx, input.teamId, row.id, now);
  const c = input.content;
  const version = await insertVersion(trx, {
    team_id: input.teamId, template_id: row.id, version: number, editor_type: c.editorType, html: c.html, json: c.json,
    text: c.text, merge_tags: JSON.stringify(c.mergeTags), created_at: now,
  });
  await recordAudit(trx, {
    teamId: input.teamId, actor: origin.actor, action: 'template.created', target: { type: 'template', id: row.id },
    ip: origin.ip, userAgent: origin.userAgent, details: { slug, project_id: project.value.id, version: number },
  }, now);
  return { kind: 'created', template: { ...row, versions_count: number, active_version: number }, version };
}

export async function createTemplate(db: Kysely<DB>, input: CreateTemplateInput, origin: Origin, now = Date.now()): Promise<CreateTemplateOutcome> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction().execute((trx) => attempt(trx, input, origin, now));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      if (input.slug !== undefined) return { kind: 'slug_taken', slug: input.slug };
      if (i >= SLUG_ATTEMPTS) throw err;
    }
  }
}
