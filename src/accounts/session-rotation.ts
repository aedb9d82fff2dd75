// A new session id for the same signed-in session (same absolute end): after the account's protection changes
// (2FA turned on), so an id captured before the change stops working.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientIp } from '../http/client-ip.js';
import type { AppContext } from '../http/context.js';
import { setSessionCookie } from './session-auth.js';
import { createSession, deleteSession } from './sessions.js';

export async function rotateSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const s = request.session!;
  const db = ctx.db.kysely;
  const old = await db.selectFrom('user_sessions').select(['expires_at', 'user_agent']).where('id', '=', s.id).executeTakeFirst();
  if (!old) return;
  const now = ctx.clock.now();
  const { token, row } = await db.transaction().execute(async (trx) => {
    await deleteSession(trx, s.id);
    return createSession(trx, { userId: s.userId, stage: 'active', ip: clientIp(request), userAgent: old.user_agent, expiresAt: old.expires_at }, now, ctx.config.accounts.sessionLifetimeMs);
  });
  request.session = { ...s, id: row.id };
  setSessionCookie(request, reply, token);
}
