// /dashboard/api: sign-up, sign-in (password, then the second factor), sign-out, the signed-in user. See
// docs/dashboard-api.md for the wire format.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clientIp } from '../../http/client-ip.js';
import type { Executor } from '../../db/index.js';
import type { AppContext } from '../../http/context.js';
import { cookiesOf, currentCsrfToken, issueCsrfToken } from '../../http/csrf.js';
import { auditUserEvent } from '../audit.js';
import { completeSecondFactor, signIn, type ClientMeta } from '../commands/sign-in.js';
import { signUp } from '../commands/sign-up.js';
import { secondFactorInput, signInInput, signUpInput } from '../input.js';
import { teamMembershipView, userView } from '../presenters.js';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../session-auth.js';
import { createSession, deleteSession, findSessionByToken } from '../sessions.js';
import { findUser, teamsOfUser, twoFactorEnabled } from '../store.js';

const none = { config: { auth: 'none' as const } };
const signedIn = { config: { credential: 'session' as const } };

/** The signed-in user and their teams, as `GET /me` and every sign-in step answer. */
export async function meView(db: Executor, userId: number) {
  const user = (await findUser(db, userId))!;
  const twoFactor = await twoFactorEnabled(db, userId);
  return { user: userView(user, twoFactor), teams: (await teamsOfUser(db, userId)).map((t) => teamMembershipView(t, twoFactor)) };
}

export function clientMeta(request: FastifyRequest, previousSessionId: number | null = null): ClientMeta {
  const ua = request.headers['user-agent'];
  return { ip: clientIp(request), userAgent: typeof ua === 'string' ? ua.slice(0, 512) : null, previousSessionId };
}

export function accountSessionRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;

  /** The session the browser already holds (any stage), so a new sign-in replaces it rather than leaving it live. */
  const presented = async (request: FastifyRequest) => {
    const token = cookiesOf(request)[SESSION_COOKIE];
    return token ? ((await findSessionByToken(db, token))?.id ?? null) : null;
  };

  const startSession = (request: FastifyRequest, reply: FastifyReply, token: string) => {
    setSessionCookie(request, reply, token);
    issueCsrfToken(request, reply); // a token seen before sign-in is not carried into the session
  };

  return async (app: FastifyInstance) => {
    app.get('/csrf', none, async (request) => ({ message: 'CSRF token issued.', data: { csrf_token: currentCsrfToken(request) } }));

    app.post('/signup', none, async (request, reply) => {
      const input = signUpInput(request.body);
      const meta = clientMeta(request, await presented(request));
      const { userId } = await signUp(ctx, input, meta);
      const now = ctx.clock.now();
      const { token } = await db.transaction().execute(async (trx) => {
        if (meta.previousSessionId !== null) await deleteSession(trx, meta.previousSessionId);
        return createSession(trx, { userId, stage: 'active', ip: meta.ip, userAgent: meta.userAgent }, now, ctx.config.accounts.sessionLifetimeMs);
      });
      startSession(request, reply, token);
      return reply.code(201).send({ message: 'Account created. You are signed in.', data: { status: 'signed_in', ...(await meView(db, userId)) } });
    });

    app.post('/session', none, async (request, reply) => {
      const { email, password } = signInInput(request.body);
      const result = await signIn(ctx, email, password, clientMeta(request, await presented(request)));
      startSession(request, reply, result.token);
      if (result.kind === 'two_factor') {
        return { message: 'Enter the code from your authenticator app, or a recovery code.', data: { status: 'two_factor_required' } };
      }
      return { message: 'Signed in.', data: { status: 'signed_in', ...(await meView(db, result.user.id)) } };
    });

    app.post('/session/two-factor', { config: { credential: 'session' as const, twoFactorStage: true } }, async (request, reply) => {
      const proof = secondFactorInput(request.body);
      const s = request.session!;
      const { token } = await completeSecondFactor(ctx, { sessionId: s.id, userId: s.userId }, proof, clientMeta(request, s.id));
      startSession(request, reply, token);
      return { message: 'Signed in.', data: { status: 'signed_in', ...(await meView(db, s.userId)) } };
    });

    app.delete('/session', signedIn, async (request, reply) => {
      const s = request.session!;
      const meta = clientMeta(request);
      await db.transaction().execute(async (trx) => {
        await deleteSession(trx, s.id);
        await auditUserEvent(trx, s.userId, { actor: { type: 'user', id: s.userId }, ip: meta.ip, userAgent: meta.userAgent }, 'session.signed_out', { session_id: s.id }, ctx.clock.now());
      });
      clearSessionCookie(request, reply);
      return { message: 'Signed out.' };
    });

    app.get('/me', signedIn, async (request) => ({
      message: 'Account retrieved successfully.',
      data: { ...(await meView(db, request.session!.userId)), csrf_token: currentCsrfToken(request) },
    }));
  };
}
