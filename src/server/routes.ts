// Every capability's routes. The public API under /api (API keys); the dashboard under /dashboard/api (sessions):
// the accounts routes, and every capability plugin mounted a second time per team, so the dashboard reaches exactly
// what a key of that team reaches, with the member's role standing in for the key's scopes (docs/dashboard-api.md).
// A new capability adds its plugin to CAPABILITIES. Everything else under `/` is the dashboard's single-page app.
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { accountMeRoutes, accountSessionRoutes, accountTeamRoutes } from '../accounts/index.js';
import { audienceRoutes, confirmRoutes, suppressionRoutes, unsubscribeRoutes } from '../audience/index.js';
import { auditRoutes } from '../audit/routes.js';
import { campaignEditorRoutes, campaignRoutes } from '../campaigns/index.js';
import { dashboardStaticRoutes } from '../dashboard/static-routes.js';
import { apiKeyRoutes } from '../auth/routes.js';
import { domainRoutes } from '../domains/index.js';
import { eventReadRoutes } from '../events/routes.js';
import { securityRoutes } from '../security/routes.js';
import { sendingRoutes } from '../sending/routes.js';
import { mailboxRoutes } from '../mailbox/routes.js';
import { docsRoutes } from '../system/docs-routes.js';
import { systemRoutes } from '../system/routes.js';
import { projectRoutes, templateRoutes } from '../templates/index.js';
import { webhookRoutes } from '../webhooks/index.js';
import type { AppContext } from '../http/context.js';
import { mountWith } from '../http/credentials.js';
import { registerCsrf } from '../http/csrf.js';

const CAPABILITIES: Array<(ctx: AppContext) => FastifyPluginAsync> = [
  systemRoutes, templateRoutes, projectRoutes, domainRoutes, sendingRoutes, eventReadRoutes, apiKeyRoutes, auditRoutes,
  mailboxRoutes, webhookRoutes, audienceRoutes, campaignRoutes,
];

/** Dashboard-only capability routes (no public API counterpart): the campaign editor, the suppression list, the security overview. */
const DASHBOARD_ONLY: Array<(ctx: AppContext) => FastifyPluginAsync> = [campaignEditorRoutes, suppressionRoutes, securityRoutes];

export async function registerRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  // The List-Unsubscribe target: public, the signed token is the authority (src/audience/unsubscribe-routes.ts).
  await app.register(unsubscribeRoutes(ctx));
  await app.register(confirmRoutes(ctx));
  await app.register(async (api) => {
    // Cross-origin calls only for the origins LETTR_CORS_ORIGINS names; otherwise no CORS header is ever sent.
    if (ctx.config.corsOrigins.length) {
      await api.register(cors, {
        origin: ctx.config.corsOrigins,
        methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
        allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key'],
        exposedHeaders: ['Retry-After', 'Idempotent-Replayed'],
        maxAge: 600,
        strictPreflight: false,
        logLevel: 'silent',
      });
    }
    for (const routes of CAPABILITIES) await api.register(mountWith('api_key', routes(ctx)));
    await api.register(docsRoutes(ctx));
  }, { prefix: '/api' });

  await app.register(async (dashboard) => {
    registerCsrf(dashboard, ctx.config.publicUrl);
    await dashboard.register(accountSessionRoutes(ctx));
    await dashboard.register(accountMeRoutes(ctx));
    await dashboard.register(accountTeamRoutes(ctx));
    for (const routes of [...CAPABILITIES, ...DASHBOARD_ONLY]) await dashboard.register(mountWith('session', routes(ctx)), { prefix: '/teams/:teamId' });
  }, { prefix: '/dashboard/api' });

  // The browser app itself at `/` (its client-side routes included); registered last so it only catches what no API
  // route matched.
  await app.register(dashboardStaticRoutes());
}
