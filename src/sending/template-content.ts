// Template sends (spec sending.md §2.3, step 5 of §2.7): the template version's HTML replaces inline html, the
// subject falls back to the template's stored subject and then its name, a stored text part is used when the
// request has none. The content is copied into the message, so a later template edit or delete cannot change mail
// that was already accepted (scheduled sends keep the version resolved at scheduling).
import type { Executor } from '../db/index.js';
import { resolveTemplateForSend, templateSubject } from '../templates/index.js';
import type { SendRequest } from './request.js';

/** The request with the template's content in place; throws the 404 `template_not_found` when it cannot be found. */
export async function withTemplateContent(db: Executor, teamId: number, request: SendRequest): Promise<SendRequest> {
  if (request.templateSlug === null) return request;
  const found = await resolveTemplateForSend(db, teamId, {
    slug: request.templateSlug, projectId: request.projectId, version: request.templateVersion,
  });
  if (!found.ok) throw found.error;
  const t = found.template;
  return {
    ...request,
    html: t.html,
    subject: templateSubject(request.subject, t),
    text: request.text ?? t.text,
    templateVersion: t.version,
    projectId: t.projectId,
  };
}
