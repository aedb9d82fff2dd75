// GET /security/overview (dashboard only, owners and admins: it reads across keys and mail like Full Access
// administration). The founding security page's numbers in one read: sending volume per day with spikes, recipient
// domains new to this team, failed authentication against this team's keys. Recent keys, members and the audit log
// come from their own routes.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../http/context.js';
import { DAY_MS, daySeries, markSpikes, SPIKE_BASELINE_DAYS } from './overview.js';
import { failedAuth, keysCreatedSince, newRecipientDomains, sendsPerDay } from './store.js';

const VOLUME_DAYS = 30;
const NEW_DOMAIN_DAYS = 7;
const FAILED_AUTH_DAYS = 7;
const LIST_LIMIT = 50;

export function securityRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/security/overview', { config: { scope: 'full_access' } }, async (request) => {
      const teamId = request.auth!.teamId;
      const db = ctx.db.kysely;
      const now = ctx.clock.now();
      const today = Math.floor(now / DAY_MS);
      const firstDay = today - VOLUME_DAYS - SPIKE_BASELINE_DAYS + 1;
      const counts = await sendsPerDay(db, teamId, firstDay * DAY_MS);
      const all = daySeries(counts, today, VOLUME_DAYS + SPIKE_BASELINE_DAYS);
      const volume = markSpikes(all.slice(SPIKE_BASELINE_DAYS), all.slice(0, SPIKE_BASELINE_DAYS).map((d) => d.count));
      const usual = volume.at(-1)!.baseline_mean;
      const domains = await newRecipientDomains(db, ctx.db.dialect, teamId, now - NEW_DOMAIN_DAYS * DAY_MS, LIST_LIMIT);
      const failures = await failedAuth(db, teamId, now - FAILED_AUTH_DAYS * DAY_MS, LIST_LIMIT);
      const failedDay = await failedAuth(db, teamId, now - DAY_MS, 1000);
      return {
        message: 'Security overview retrieved successfully.',
        data: {
          generated_at: new Date(now).toISOString(),
          tiles: {
            sends_today: volume.at(-1)!.count,
            sends_usual: usual,
            failed_auth_24h: failedDay.reduce((n, f) => n + f.attempts, 0),
            new_recipient_domains_7d: domains.length,
            keys_created_7d: await keysCreatedSince(db, teamId, now - 7 * DAY_MS),
          },
          volume,
          new_recipient_domains: domains,
          failed_auth: failures,
        },
      };
    });
  };
}
