// /confirm/<token>: the double opt-in link. A valid, unused, unexpired token subscribes the contact and redirects to
// the redirect_url given at creation; a used, expired or forged one shows a page and never redirects.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../http/context.js';
import { readConfirmToken } from './confirm-token.js';

const HEADERS = {
  'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', 'x-robots-tag': 'noindex',
  'x-frame-options': 'DENY', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

function page(reply: FastifyReply, status: number, title: string, text: string) {
  return reply.code(status).headers(HEADERS).send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`);
}

type Outcome = { kind: 'confirmed'; redirect: string } | { kind: 'used' | 'expired' | 'invalid' };

export function confirmRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { '*': string } }>('/confirm/*', { config: { auth: 'none' } }, async (request, reply) => {
      const claims = readConfirmToken(ctx.secrets, request.params['*']);
      const now = ctx.clock.now();
      const outcome: Outcome = !claims ? { kind: 'invalid' } : await ctx.db.kysely.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('audience_confirmations').selectAll()
          .where('id', '=', claims.confirmationId).where('team_id', '=', claims.teamId).executeTakeFirst();
        if (!row) return { kind: 'invalid' as const };
        if (row.used_at !== null) return { kind: 'used' as const };
        if (now > row.expires_at) return { kind: 'expired' as const };
        // The guard makes two racing clicks one confirmation.
        const took = await trx.updateTable('audience_confirmations').set({ used_at: now }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
        if (Number(took.numUpdatedRows) === 0) return { kind: 'used' as const };
        await trx.updateTable('audience_contacts').set({ status: 'subscribed', updated_at: now })
          .where('id', '=', row.contact_id).where('team_id', '=', row.team_id).where('status', '=', 'unverified').execute();
        return { kind: 'confirmed' as const, redirect: row.redirect_url };
      });
      switch (outcome.kind) {
        case 'confirmed': return reply.code(302).header('cache-control', 'no-store').redirect(outcome.redirect);
        case 'used': return page(reply, 410, 'Already confirmed', 'This confirmation link has already been used. Your subscription is unchanged.');
        case 'expired': return page(reply, 410, 'Link expired', 'This confirmation link has expired. Sign up again to get a new one.');
        default: return page(reply, 404, 'Link not valid', 'This confirmation link is not valid. Copy the whole link from the email.');
      }
    });
  };
}
