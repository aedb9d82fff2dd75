// Template sends (spec §2.3): POST /emails and scheduled sends name a template by slug, optionally project and
// version; sending calls resolveTemplateForSend and copies what it returns into the message.
import type { Executor } from '../db/index.js';
import { apiError, type ApiError } from '../http/errors.js';
import { createTemplateCache } from './cache.js';
import type { CompiledTemplate } from './language/index.js';
import { locateTemplate, locateVersion } from './locate.js';

export interface TemplateForSend {
  templateId: number;
  projectId: number;
  slug: string;
  name: string;
  /** The template's stored subject (null unless set by the dashboard or CLI). */
  subject: string | null;
  versionId: number;
  version: number;
  html: string;
  /** A stored text part (CLI); the request's own `text` wins over it. */
  text: string | null;
}

export type TemplateSendOutcome = { ok: true; template: TemplateForSend } | { ok: false; error: ApiError };

/**
 * The version to send, or the 404 `template_not_found` to answer: unknown project, no default project, unknown slug,
 * unknown version, or no active version. Tenant-scoped like every store call.
 */
export async function resolveTemplateForSend(
  db: Executor,
  teamId: number,
  req: { slug: string; projectId?: number | null; version?: number | null },
): Promise<TemplateSendOutcome> {
  const miss = (message: string): TemplateSendOutcome => ({ ok: false, error: apiError('template_not_found', message) });
  const found = await locateTemplate(db, teamId, req.projectId ?? null, req.slug);
  if (!found.ok) return miss(found.message);
  const t = found.value.template;
  const v = await locateVersion(db, teamId, t, req.version ?? null);
  if (!v.ok) return miss(v.message);
  return {
    ok: true,
    template: {
      templateId: t.id, projectId: t.project_id, slug: t.slug, name: t.name, subject: t.subject,
      versionId: v.value.id, version: v.value.version, html: v.value.html ?? '', text: v.value.text,
    },
  };
}

/** Subject of a template send: the request's subject → the template's stored subject → the template's name. */
export function templateSubject(requestSubject: string | null | undefined, t: Pick<TemplateForSend, 'subject' | 'name'>): string {
  if (requestSubject) return requestSubject;
  return t.subject || t.name;
}

const versions = createTemplateCache(1000);

/**
 * Compiled form of one part of a template version (or of any immutable content under a stable key), compiled once
 * per process: `compiledPart('tv:42:html', html)`. Versions never change, so the key never goes stale.
 */
export function compiledPart(key: string, source: string): CompiledTemplate {
  return versions.get(key, source);
}
