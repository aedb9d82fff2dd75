// /api/templates…: schema in → scope (declared) → command → presenter out (spec §5.2, contract Templates).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Origin } from '../auth/index.js';
import type { AppContext } from '../http/context.js';
import { requestOrigin } from '../http/credentials.js';
import { ApiError, notFound, validationFailed } from '../http/errors.js';
import { Violations } from '../http/validation.js';
import { createTemplate } from './commands/create-template.js';
import { deleteTemplate, updateTemplate } from './commands/change-template.js';
import { prepareContent, type CompileLimits, type PrepareOutcome, type VersionContent } from './content.js';
import { locateProject, locateTemplate, locateVersion } from './locate.js';
import { pageOf, pagination, queryInt, queryString } from './params.js';
import { createdTemplateView, mergeTagsListView, templateDetailView, templateHtmlView, templateView, updatedTemplateView } from './presenters.js';
import { listTemplates } from './store.js';
import { templatePool } from './threads/pool.js';
import { validateCreate, validateUpdate, texts } from './validate.js';

type SlugRequest = FastifyRequest<{ Params: { slug: string } }>;

export const originOf = (request: FastifyRequest): Origin => requestOrigin(request);

const TEMPLATE_NOT_FOUND_HTML = new ApiError(404, null, 'Template not found.', { body: { success: false, message: 'Template not found.' } });

/** The prepared content, or the 422: invalid Topol JSON, or a compile over the template thread's time or memory bound. */
function contentOrThrow(p: PrepareOutcome): VersionContent {
  if (p.ok) return p.content;
  if (p.problem === 'invalid_json') throw validationFailed({ json: [texts.invalidJson] });
  throw validationFailed({ [p.field]: [`The ${p.field} could not be compiled within the template limits: ${p.message}.`] });
}

export function templateRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;
  const limits: CompileLimits = { work: templatePool(ctx.config.templates), budgetMs: ctx.config.templates.budgetMs };
  return async (app: FastifyInstance) => {
    app.get('/templates', { config: { scope: 'templates:read' } }, async (request) => {
      const bag = new Violations();
      const projectId = queryInt(request.query, 'project_id', bag);
      const page = pageOf(request.query, bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const project = await locateProject(db, teamId, projectId);
      if (!project.ok) throw notFound(project.message);
      const { rows, total } = await listTemplates(db, teamId, project.value.id, page);
      return { message: 'Templates retrieved successfully.', data: { templates: rows.map(templateView), pagination: pagination(total, page) } };
    });

    app.post('/templates', { config: { scope: 'templates:write' } }, async (request, reply) => {
      const v = validateCreate(request.body);
      if (!v.ok) throw validationFailed(v.bag.errors);
      const content = contentOrThrow(await prepareContent(v.value.content, limits));
      const out = await createTemplate(db, { teamId: request.auth!.teamId, ...v.value, content }, originOf(request), ctx.clock.now());
      if (out.kind !== 'created') throw notFound(out.kind === 'not_found' ? out.message : `Slug '${out.slug}' is taken.`);
      return reply.code(201).send({ message: 'Template created successfully.', data: createdTemplateView(out.template, out.version) });
    });

    // Registered before /templates/:slug; Fastify prefers the static segment anyway.
    app.get('/templates/html', { config: { scope: 'templates:read' } }, async (request) => {
      const bag = new Violations();
      const projectId = queryInt(request.query, 'project_id', bag);
      const slug = queryString(request.query, 'slug');
      if (projectId === null && !bag.has('project_id')) bag.add('project_id', 'The project_id field is required.');
      if (slug === null) bag.add('slug', 'The slug field is required.');
      else if (slug.length > 255) bag.add('slug', 'The slug must not be greater than 255 characters.');
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const found = await locateTemplate(db, teamId, projectId, slug!);
      if (!found.ok) throw TEMPLATE_NOT_FOUND_HTML;
      const version = await locateVersion(db, teamId, found.value.template, null);
      if (!version.ok) throw TEMPLATE_NOT_FOUND_HTML;
      return { success: true, data: templateHtmlView(found.value.template, version.value) };
    });

    app.get('/templates/:slug', { config: { scope: 'templates:read' } }, async (request: SlugRequest) => {
      const bag = new Violations();
      const projectId = queryInt(request.query, 'project_id', bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const found = await locateTemplate(db, teamId, projectId, request.params.slug);
      if (!found.ok) throw notFound(found.message);
      const active = await locateVersion(db, teamId, found.value.template, null);
      return { message: 'Template retrieved successfully.', data: templateDetailView(found.value.template, active.ok ? active.value : null) };
    });

    app.put('/templates/:slug', { config: { scope: 'templates:write' } }, async (request: SlugRequest) => {
      const v = validateUpdate(request.body);
      if (!v.ok) throw validationFailed(v.bag.errors);
      const content = v.value.content ? contentOrThrow(await prepareContent(v.value.content, limits)) : undefined;
      const out = await updateTemplate(db, {
        teamId: request.auth!.teamId, projectId: v.value.projectId, slug: request.params.slug,
        ...(v.value.name !== undefined ? { name: v.value.name } : {}), ...(content ? { content } : {}),
      }, originOf(request), ctx.clock.now());
      if (out.kind === 'not_found') throw notFound(out.message);
      return { message: 'Template updated successfully.', data: updatedTemplateView(out.template, out.active) };
    });

    app.delete('/templates/:slug', { config: { scope: 'templates:write' } }, async (request: SlugRequest) => {
      const bag = new Violations();
      const projectId = queryInt(request.query, 'project_id', bag);
      bag.throwIfAny();
      const out = await deleteTemplate(db, { teamId: request.auth!.teamId, projectId, slug: request.params.slug }, originOf(request), ctx.clock.now());
      if (out.kind === 'not_found') throw notFound(out.message);
      return { message: 'Template deleted successfully.' };
    });

    app.get('/templates/:slug/merge-tags', { config: { scope: 'templates:read' } }, async (request: SlugRequest) => {
      const bag = new Violations();
      const projectId = queryInt(request.query, 'project_id', bag);
      const version = queryInt(request.query, 'version', bag);
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      const found = await locateTemplate(db, teamId, projectId, request.params.slug);
      if (!found.ok) throw notFound(found.message);
      const v = await locateVersion(db, teamId, found.value.template, version);
      if (!v.ok) throw notFound(v.message);
      return { message: 'Merge tags retrieved successfully.', data: mergeTagsListView(found.value.template, v.value) };
    });
  };
}
