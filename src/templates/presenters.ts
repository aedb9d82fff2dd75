// Rows → contract JSON (TemplateView, TemplateDetailView, CreatedTemplateView, UpdatedTemplateView, MergeTagsListView,
// ProjectView, GetTemplateHtmlResponse data).
import { jsonParse } from '../db/index.js';
import type { MergeTag } from './language/index.js';
import type { ProjectRow, TemplateRow, VersionRow } from './store.js';

/** ISO 8601 with an explicit offset, as the contract's examples write it: 2025-01-15T10:00:00+00:00. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

export function mergeTagsOf(version: VersionRow | null): MergeTag[] {
  return version ? jsonParse<MergeTag[]>(version.merge_tags, []) : [];
}

export const projectView = (p: ProjectRow) => ({
  id: p.id, name: p.name, emoji: p.emoji, team_id: p.team_id, created_at: isoTime(p.created_at), updated_at: isoTime(p.updated_at),
});

export const templateView = (t: TemplateRow) => ({
  id: t.id, name: t.name, slug: t.slug, project_id: t.project_id, folder_id: t.folder_id,
  created_at: isoTime(t.created_at), updated_at: isoTime(t.updated_at),
});

export const templateDetailView = (t: TemplateRow, active: VersionRow | null) => ({
  ...templateView(t), active_version: t.active_version, versions_count: t.versions_count,
  html: active?.html ?? null, json: active?.json ?? null,
});

export const createdTemplateView = (t: TemplateRow, v: VersionRow) => ({
  id: t.id, name: t.name, slug: t.slug, project_id: t.project_id, folder_id: t.folder_id,
  active_version: v.version, merge_tags: mergeTagsOf(v), created_at: isoTime(t.created_at),
});

export const updatedTemplateView = (t: TemplateRow, active: VersionRow | null) => ({
  ...templateView(t), active_version: t.active_version ?? 0, merge_tags: mergeTagsOf(active),
});

export const mergeTagsListView = (t: TemplateRow, v: VersionRow) => ({
  project_id: t.project_id, template_slug: t.slug, version: v.version, merge_tags: mergeTagsOf(v),
});

/** GET /templates/html: the flat form of merge tags ({ key, name, required }). */
export const templateHtmlView = (t: TemplateRow, v: VersionRow) => ({
  html: v.html ?? '', merge_tags: mergeTagsOf(v).map((m) => ({ key: m.key, name: m.key, required: m.required })), subject: t.subject,
});
