// The team's suppression list in the dashboard (issue 15 point 6; dashboard only, the public contract has none):
// list, add, remove, each with reason and date. Same store as sending and delivery use.
import type { FastifyInstance } from 'fastify';
import { addSuppression, listSuppressions, removeSuppression } from '../delivery/index.js';
import type { AppContext } from '../http/context.js';
import { notFound } from '../http/errors.js';
import { isPlainObject, says, Violations } from '../http/validation.js';
import { isValidEmail, normalizedAddress } from '../sending/index.js';

const REASONS = ['manual', 'unsubscribe', 'hard_bounce', 'spam_complaint'] as const;

const view = (r: { email: string; reason: string; transactional: number; non_transactional: number; created_at: number }) => ({
  email: r.email, reason: r.reason, transactional: r.transactional === 1, non_transactional: r.non_transactional === 1,
  created_at: new Date(r.created_at).toISOString(),
});

export function suppressionRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;
  return async (app: FastifyInstance) => {
    app.get('/suppressions', { config: { scope: 'audience:read' } }, async (request) => {
      const rows = await listSuppressions(db, request.auth!.teamId);
      return { message: 'Suppressions retrieved successfully.', data: { suppressions: rows.map(view) } };
    });

    app.post('/suppressions', { config: { scope: 'audience:write' } }, async (request, reply) => {
      const bag = new Violations();
      const b = isPlainObject(request.body) ? request.body : {};
      const email = typeof b.email === 'string' ? b.email.trim() : '';
      if (!email) bag.add('email', says.required('email'));
      else if (!isValidEmail(email)) bag.add('email', says.email('email'));
      const reason = b.reason ?? 'manual';
      if (!(REASONS as readonly unknown[]).includes(reason)) bag.add('reason', says.oneOf('reason', REASONS));
      if (b.marketing_only !== undefined && typeof b.marketing_only !== 'boolean') bag.add('marketing_only', says.boolean('marketing_only'));
      bag.throwIfAny();
      const teamId = request.auth!.teamId;
      await addSuppression(db, { teamId, email, reason: reason as (typeof REASONS)[number], transactional: b.marketing_only !== true, nonTransactional: true, now: ctx.clock.now() });
      const row = (await listSuppressions(db, teamId)).find((r) => r.email === normalizedAddress(email))!;
      return reply.code(201).send({ message: 'Address suppressed.', data: view(row) });
    });

    app.delete<{ Params: { email: string } }>('/suppressions/:email', { config: { scope: 'audience:write' } }, async (request) => {
      if (!(await removeSuppression(db, request.auth!.teamId, request.params.email))) throw notFound('Address is not on the suppression list.');
      return { message: 'Address removed from the suppression list.' };
    });
  };
}
