// Finding a team's project → template → version, with the contract's messages as data. Routes turn a miss into
// 404 `not_found`, sends into 404 `template_not_found` (spec §2.3, §5.2).
import type { Executor } from '../db/index.js';
import { findDefaultProject, findProject, findTemplate, findVersion, type ProjectRow, type TemplateRow, type VersionRow } from './store.js';

export type Located<T> = { ok: true; value: T } | { ok: false; message: string };

export const messages = {
  projectNotFound: (id: number) => `Project with ID '${id}' was not found or you don't have access to it.`,
  noDefaultProject: 'No default project is configured for this team.',
  templateNotFound: (slug: string) => `Template with slug '${slug}' was not found.`,
  versionNotFound: (slug: string, version: number) => `Version ${version} of template '${slug}' was not found.`,
  noActiveVersion: (slug: string) => `Template '${slug}' has no active version.`,
  folderNotFound: (id: number) => `Folder with ID '${id}' was not found in the specified project.`,
  noFolders: (id: number) => `Project with ID '${id}' has no folders. Please create a folder first.`,
};

/** `project_id` when given (it must be the team's), else the team's default project. */
export async function locateProject(db: Executor, teamId: number, projectId: number | null): Promise<Located<ProjectRow>> {
  if (projectId !== null) {
    const p = await findProject(db, teamId, projectId);
    return p ? { ok: true, value: p } : { ok: false, message: messages.projectNotFound(projectId) };
  }
  const p = await findDefaultProject(db, teamId);
  return p ? { ok: true, value: p } : { ok: false, message: messages.noDefaultProject };
}

export async function locateTemplate(db: Executor, teamId: number, projectId: number | null, slug: string): Promise<Located<{ project: ProjectRow; template: TemplateRow }>> {
  const project = await locateProject(db, teamId, projectId);
  if (!project.ok) return project;
  const template = await findTemplate(db, teamId, project.value.id, slug);
  return template ? { ok: true, value: { project: project.value, template } } : { ok: false, message: messages.templateNotFound(slug) };
}

/** The requested version, else the active one. */
export async function locateVersion(db: Executor, teamId: number, template: TemplateRow, version: number | null): Promise<Located<VersionRow>> {
  const wanted = version ?? template.active_version;
  if (wanted === null) return { ok: false, message: messages.noActiveVersion(template.slug) };
  const row = await findVersion(db, teamId, template.id, wanted);
  return row ? { ok: true, value: row } : { ok: false, message: messages.versionNotFound(template.slug, wanted) };
}
