// GET /api/projects (contract Projects): the team's projects, default project first by id.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { Violations } from '../http/validation.js';
import { pageOf, pagination } from './params.js';
import { projectView } from './presenters.js';
import { listProjects } from './store.js';

export function projectRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/projects', { config: { scope: 'projects:read' } }, async (request) => {
      const bag = new Violations();
      const page = pageOf(request.query, bag);
      bag.throwIfAny();
      const { rows, total } = await listProjects(ctx.db.kysely, request.auth!.teamId, page);
      return { message: 'Projects retrieved successfully.', data: { projects: rows.map(projectView), pagination: pagination(total, page) } };
    });
  };
}
