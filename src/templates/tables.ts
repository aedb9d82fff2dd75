// Team → Project → Folder → Template → Versions (spec sending.md §5.1). Versions are immutable once written; a
// content change adds one and makes it the active version.
import type { Generated } from 'kysely';

export interface ProjectsTable {
  id: Generated<number>;
  team_id: number;
  name: string;
  emoji: string | null;
  /** 1 for the team's default project (exactly one per team, created with the team, never deleted). */
  is_default: number;
  created_at: number;
  updated_at: number;
}

export interface TemplateFoldersTable {
  id: Generated<number>;
  team_id: number;
  project_id: number;
  name: string;
  created_at: number;
}

export interface TemplatesTable {
  id: Generated<number>;
  team_id: number;
  project_id: number;
  folder_id: number;
  name: string;
  /** Unique within the project; `-2`, `-3` … on collision (spec §5.2). */
  slug: string;
  /** Stored subject (dashboard / CLI only); a send falls back to it, then to the name (spec §2.3). */
  subject: string | null;
  /** Version number of the active version; null only if none is active. */
  active_version: number | null;
  versions_count: number;
  created_at: number;
  updated_at: number;
}

export type EditorType = 'custom_html' | 'topol';

export interface TemplateVersionsTable {
  id: Generated<number>;
  team_id: number;
  template_id: number;
  /** 1, 2, 3 … per template. */
  version: number;
  editor_type: EditorType;
  /** The HTML sent (for Topol versions, rendered from `json` when the version was created). */
  html: string | null;
  json: string | null;
  /** Optional plain-text part (CLI `--text`); the API stores none (spec §2.3 REC). */
  text: string | null;
  /** JSON array of MergeTagView, extracted when the version was created. */
  merge_tags: string;
  created_at: number;
}

export interface TemplateTables {
  projects: ProjectsTable;
  template_folders: TemplateFoldersTable;
  templates: TemplatesTable;
  template_versions: TemplateVersionsTable;
}
