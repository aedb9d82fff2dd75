// Queries for projects, folders, templates and versions. Every function takes teamId and filters by it.
import type { Selectable } from 'kysely';
import type { Executor } from '../db/index.js';
import type { ProjectsTable, TemplatesTable, TemplateVersionsTable } from './tables.js';

export type ProjectRow = Selectable<ProjectsTable>;
export type TemplateRow = Selectable<TemplatesTable>;
export type VersionRow = Selectable<TemplateVersionsTable>;
export interface Page { limit: number; offset: number }

export const DEFAULT_PROJECT_NAME = 'Default Project';
export const DEFAULT_FOLDER_NAME = 'Default';

/** The default project and its first folder; called in the transaction that creates the team. */
export async function insertDefaultProject(db: Executor, teamId: number, now: number): Promise<number> {
  const { id } = await db.insertInto('projects')
    .values({ team_id: teamId, name: DEFAULT_PROJECT_NAME, emoji: null, is_default: 1, created_at: now, updated_at: now })
    .returning('id').executeTakeFirstOrThrow();
  await db.insertInto('template_folders').values({ team_id: teamId, project_id: id, name: DEFAULT_FOLDER_NAME, created_at: now }).execute();
  return id;
}

export function findProject(db: Executor, teamId: number, projectId: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('team_id', '=', teamId).where('id', '=', projectId).executeTakeFirst();
}

export function findDefaultProject(db: Executor, teamId: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('team_id', '=', teamId).where('is_default', '=', 1).executeTakeFirst();
}

export async function listProjects(db: Executor, teamId: number, page: Page): Promise<{ rows: ProjectRow[]; total: number }> {
  const rows = await db.selectFrom('projects').selectAll().where('team_id', '=', teamId).orderBy('id').limit(page.limit).offset(page.offset).execute();
  const { total } = await db.selectFrom('projects').select((e) => e.fn.countAll<number>().as('total')).where('team_id', '=', teamId).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function firstFolderId(db: Executor, teamId: number, projectId: number): Promise<number | null> {
  const row = await db.selectFrom('template_folders').select('id').where('team_id', '=', teamId).where('project_id', '=', projectId).orderBy('id').limit(1).executeTakeFirst();
  return row?.id ?? null;
}

export async function folderInProject(db: Executor, teamId: number, projectId: number, folderId: number): Promise<boolean> {
  const row = await db.selectFrom('template_folders').select('id').where('team_id', '=', teamId).where('project_id', '=', projectId).where('id', '=', folderId).executeTakeFirst();
  return row !== undefined;
}

export async function listTemplates(db: Executor, teamId: number, projectId: number, page: Page): Promise<{ rows: TemplateRow[]; total: number }> {
  const base = db.selectFrom('templates').where('team_id', '=', teamId).where('project_id', '=', projectId);
  const rows = await base.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute();
  const { total } = await base.select((e) => e.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export function findTemplate(db: Executor, teamId: number, projectId: number, slug: string): Promise<TemplateRow | undefined> {
  return db.selectFrom('templates').selectAll().where('team_id', '=', teamId).where('project_id', '=', projectId).where('slug', '=', slug).executeTakeFirst();
}

/** Slugs in the project that could collide with `base` (`base`, `base-2`, …). Slugified bases hold no LIKE wildcards. */
export async function slugsLike(db: Executor, teamId: number, projectId: number, base: string): Promise<Set<string>> {
  const rows = await db.selectFrom('templates').select('slug').where('team_id', '=', teamId).where('project_id', '=', projectId)
    .where((e) => e.or([e('slug', '=', base), e('slug', 'like', `${base}-%`)])).execute();
  return new Set(rows.map((r) => r.slug));
}

export async function insertTemplate(db: Executor, row: Omit<TemplateRow, 'id'>): Promise<TemplateRow> {
  return db.insertInto('templates').values(row).returningAll().executeTakeFirstOrThrow();
}

/** Claims the next version number and makes it active, atomically on the template row (concurrent PUTs get 2 and 3). */
export async function claimNextVersion(db: Executor, teamId: number, templateId: number, now: number): Promise<number> {
  const { versions_count } = await db.updateTable('templates')
    .set((e) => ({ versions_count: e('versions_count', '+', 1), active_version: e('versions_count', '+', 1), updated_at: now }))
    .where('team_id', '=', teamId).where('id', '=', templateId)
    .returning('versions_count').executeTakeFirstOrThrow();
  return versions_count;
}

export async function insertVersion(db: Executor, row: Omit<VersionRow, 'id'>): Promise<VersionRow> {
  return db.insertInto('template_versions').values(row).returningAll().executeTakeFirstOrThrow();
}

export function findVersion(db: Executor, teamId: number, templateId: number, version: number): Promise<VersionRow | undefined> {
  return db.selectFrom('template_versions').selectAll().where('team_id', '=', teamId).where('template_id', '=', templateId).where('version', '=', version).executeTakeFirst();
}

export async function updateTemplateFields(db: Executor, teamId: number, templateId: number, fields: { name?: string; subject?: string | null }, now: number): Promise<TemplateRow> {
  return db.updateTable('templates').set({ ...fields, updated_at: now }).where('team_id', '=', teamId).where('id', '=', templateId).returningAll().executeTakeFirstOrThrow();
}

/** Removes the template and all its versions (explicitly, so it never depends on foreign-key enforcement). */
export async function deleteTemplateRow(db: Executor, teamId: number, templateId: number): Promise<void> {
  await db.deleteFrom('template_versions').where('team_id', '=', teamId).where('template_id', '=', templateId).execute();
  await db.deleteFrom('templates').where('team_id', '=', teamId).where('id', '=', templateId).execute();
}
