// Update (new active version on content change, rename) and delete a template (spec §5.2 PUT / DELETE).
import type { Kysely } from 'kysely';
import { recordAudit } from '../../audit/index.js';
import type { Origin } from '../../auth/index.js';
import type { DB } from '../../db/index.js';
import type { VersionContent } from '../content.js';
import { locateTemplate, locateVersion } from '../locate.js';
import { claimNextVersion, deleteTemplateRow, insertVersion, updateTemplateFields, type TemplateRow, type VersionRow } from '../store.js';

export interface UpdateTemplateInput {
  teamId: number;
  projectId: number | null;
  slug: string;
  name?: string;
  subject?: string | null;
  content?: VersionContent;
}

export type UpdateTemplateOutcome =
  | { kind: 'updated'; template: TemplateRow; active: VersionRow | null; newVersion: boolean }
  | { kind: 'not_found'; message: string };

export async function updateTemplate(db: Kysely<DB>, input: UpdateTemplateInput, origin: Origin, now = Date.now()): Promise<UpdateTemplateOutcome> {
  return db.transaction().execute(async (trx) => {
    const found = await locateTemplate(trx, input.teamId, input.projectId, input.slug);
    if (!found.ok) return { kind: 'not_found', message: found.message };
    const t = found.value.template;
    let template = t;
    const fields: { name?: string; subject?: string | null } = {};
    if (input.name !== undefined) fields.name = input.name;
    if (input.subject !== undefined) fields.subject = input.subject;
    if (Object.keys(fields).length > 0) template = await updateTemplateFields(trx, input.teamId, t.id, fields, now);
    let active: VersionRow | null = null;
    if (input.content) {
      const c = input.content;
      const number = await claimNextVersion(trx, input.teamId, t.id, now);
      active = await insertVersion(trx, {
        team_id: input.teamId, template_id: t.id, version: number, editor_type: c.editorType, html: c.html, json: c.json,
        text: c.text, merge_tags: JSON.stringify(c.mergeTags), created_at: now,
      });
      template = { ...template, versions_count: number, active_version: number, updated_at: now };
    } else {
      const current = await locateVersion(trx, input.teamId, template, null);
      active = current.ok ? current.value : null;
    }
    await recordAudit(trx, {
      teamId: input.teamId, actor: origin.actor, action: 'template.updated', target: { type: 'template', id: t.id },
      ip: origin.ip, userAgent: origin.userAgent,
      details: { slug: t.slug, ...fields, ...(input.content ? { version: template.active_version } : {}) },
    }, now);
    return { kind: 'updated', template, active, newVersion: input.content !== undefined };
  });
}

export async function deleteTemplate(
  db: Kysely<DB>, input: { teamId: number; projectId: number | null; slug: string }, origin: Origin, now = Date.now(),
): Promise<{ kind: 'deleted' } | { kind: 'not_found'; message: string }> {
  return db.transaction().execute(async (trx) => {
    const found = await locateTemplate(trx, input.teamId, input.projectId, input.slug);
    if (!found.ok) return { kind: 'not_found' as const, message: found.message };
    const t = found.value.template;
    await deleteTemplateRow(trx, input.teamId, t.id);
    await recordAudit(trx, {
      teamId: input.teamId, actor: origin.actor, action: 'template.deleted', target: { type: 'template', id: t.id },
      ip: origin.ip, userAgent: origin.userAgent, details: { slug: t.slug, project_id: t.project_id, versions: t.versions_count },
    }, now);
    return { kind: 'deleted' as const };
  });
}
