// /dashboard/api/me/…: profile, password, email, browser sessions, two-factor authentication, my invitations; and
// the invitation-token endpoints an invitee uses from the emailed link. See docs/dashboard-api.md.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { ApiError, notFound, validationFailed } from '../../http/errors.js';
import { auditUserEvent } from '../audit.js';
import { acceptInvitation, declineInvitation, findPendingInvitation, pendingInvitationsFor } from '../commands/invitations.js';
import { changeEmail, changeName, changePassword, confirmPassword } from '../commands/profile.js';
import { INVITATION_INVALID, INVITATION_OTHER_EMAIL } from '../commands/sign-up.js';
import { emailChangeInput, nameInput, passwordChangeInput, passwordOnly, pathId, secondFactorInput, tokenInput } from '../input.js';
import { myInvitationView, sessionView, userView } from '../presenters.js';
import { rotateSession } from '../session-rotation.js';
import { listSessions, revokeOtherSessions, revokeSession } from '../sessions.js';
import { findUser, findUserByEmail, twoFactorEnabled } from '../store.js';
import { acceptTotpCode, beginTwoFactorSetup, removeTwoFactor, replaceRecoveryCodes } from '../two-factor.js';
import { clientMeta } from './session-routes.js';

const signedIn = { config: { credential: 'session' as const } };
const none = { config: { auth: 'none' as const } };

export const TWO_FACTOR_ALREADY_ON = 'Two-factor authentication is already enabled. Disable it first to set it up again.';
export const TWO_FACTOR_NOT_STARTED = 'Start the two-factor setup first.';
export const TWO_FACTOR_OFF = 'Two-factor authentication is not enabled.';

const originOf = (request: FastifyRequest) => {
  const meta = clientMeta(request);
  return { actor: { type: 'user' as const, id: request.session!.userId }, ip: meta.ip, userAgent: meta.userAgent };
};

export function accountMeRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;
  const userViewOf = async (userId: number) => userView((await findUser(db, userId))!, await twoFactorEnabled(db, userId));

  return async (app: FastifyInstance) => {
    app.patch('/me', signedIn, async (request) => {
      await changeName(ctx, request.session!.userId, nameInput(request.body), originOf(request));
      return { message: 'Profile updated.', data: { user: await userViewOf(request.session!.userId) } };
    });

    app.put('/me/password', signedIn, async (request) => {
      const { current, next } = passwordChangeInput(request.body);
      await changePassword(ctx, request.session!.userId, current, next, originOf(request));
      return { message: 'Password changed. Your other browser sessions stay signed in; end them under Sessions if needed.' };
    });

    app.put('/me/email', signedIn, async (request) => {
      const { email, password } = emailChangeInput(request.body);
      await changeEmail(ctx, request.session!.userId, email, password, originOf(request));
      return { message: 'Email changed.', data: { user: await userViewOf(request.session!.userId) } };
    });

    // Browser sessions (§3.2).
    app.get('/me/sessions', signedIn, async (request) => {
      const rows = await listSessions(db, request.session!.userId, ctx.clock.now(), ctx.config.accounts.sessionIdleMs);
      return { message: 'Sessions retrieved successfully.', data: { sessions: rows.map((r) => sessionView(r, request.session!.id)) } };
    });

    app.delete<{ Params: { sessionId: string } }>('/me/sessions/:sessionId', signedIn, async (request) => {
      const id = pathId(request.params.sessionId);
      if (id === null || !(await db.transaction().execute(async (trx) => {
        if (!(await revokeSession(trx, request.session!.userId, id))) return false;
        await auditUserEvent(trx, request.session!.userId, originOf(request), 'session.revoked', { session_id: id }, ctx.clock.now());
        return true;
      }))) throw notFound('Session not found.');
      return { message: 'Session ended.' };
    });

    app.post('/me/sessions/revoke-others', signedIn, async (request) => {
      const s = request.session!;
      await confirmPassword(ctx, s.userId, passwordOnly(request.body), clientMeta(request).ip);
      const revoked = await db.transaction().execute(async (trx) => {
        const n = await revokeOtherSessions(trx, s.userId, s.id);
        await auditUserEvent(trx, s.userId, originOf(request), 'session.revoked_others', { revoked: n }, ctx.clock.now());
        return n;
      });
      return { message: 'Other sessions ended.', data: { revoked } };
    });

    // Two-factor authentication (§3.4).
    app.post('/me/two-factor/setup', signedIn, async (request) => {
      const s = request.session!;
      await confirmPassword(ctx, s.userId, passwordOnly(request.body), clientMeta(request).ip);
      const material = await beginTwoFactorSetup(ctx, db, { id: s.userId, email: s.email }, ctx.clock.now());
      if (!material) throw new ApiError(409, 'conflict', TWO_FACTOR_ALREADY_ON);
      return { message: 'Scan the QR code with your authenticator app, then confirm with the first code it shows.', data: material };
    });

    app.post('/me/two-factor/confirm', signedIn, async (request, reply) => {
      const s = request.session!;
      const proof = secondFactorInput(request.body);
      if (!('code' in proof)) throw validationFailed({ code: ['The code field is required.'] });
      const pending = await db.selectFrom('user_two_factor').select('confirmed_at').where('user_id', '=', s.userId).executeTakeFirst();
      if (!pending) throw validationFailed({ code: [TWO_FACTOR_NOT_STARTED] });
      if (pending.confirmed_at !== null) throw new ApiError(409, 'conflict', TWO_FACTOR_ALREADY_ON);
      if (!(await acceptTotpCode(ctx, db, s.userId, proof.code, ctx.clock.now(), true))) throw validationFailed({ code: ['The code is invalid. Check the time on your device and try the next code.'] });
      const now = ctx.clock.now();
      const codes = await db.transaction().execute(async (trx) => {
        const c = await replaceRecoveryCodes(trx, s.userId, now);
        await auditUserEvent(trx, s.userId, originOf(request), 'two_factor.enabled', {}, now);
        return c;
      });
      await rotateSession(ctx, request, reply); // a new id once the account's protection changed
      return { message: 'Two-factor authentication is on. Store these recovery codes now: they are shown only once.', data: { recovery_codes: codes } };
    });

    app.post('/me/two-factor/recovery-codes', signedIn, async (request) => {
      const s = request.session!;
      await confirmPassword(ctx, s.userId, passwordOnly(request.body), clientMeta(request).ip);
      if (!(await twoFactorEnabled(db, s.userId))) throw new ApiError(409, 'conflict', TWO_FACTOR_OFF);
      const now = ctx.clock.now();
      const codes = await db.transaction().execute(async (trx) => {
        const c = await replaceRecoveryCodes(trx, s.userId, now);
        await auditUserEvent(trx, s.userId, originOf(request), 'two_factor.recovery_codes_regenerated', {}, now);
        return c;
      });
      return { message: 'New recovery codes. The previous ones no longer work. Store these now: they are shown only once.', data: { recovery_codes: codes } };
    });

    app.delete('/me/two-factor', { config: { ...signedIn.config, body: 'json' as const } }, async (request) => {
      const s = request.session!;
      await confirmPassword(ctx, s.userId, passwordOnly(request.body), clientMeta(request).ip);
      const now = ctx.clock.now();
      const removed = await db.transaction().execute(async (trx) => {
        const r = await removeTwoFactor(trx, s.userId);
        if (r) await auditUserEvent(trx, s.userId, originOf(request), 'two_factor.disabled', {}, now);
        return r;
      });
      if (!removed) throw new ApiError(409, 'conflict', TWO_FACTOR_OFF);
      return { message: 'Two-factor authentication is off.' };
    });

    // Invitations addressed to me (§4.2 "invitee sees team + role in Settings → Invitations").
    app.get('/me/invitations', signedIn, async (request) => ({
      message: 'Invitations retrieved successfully.',
      data: { invitations: (await pendingInvitationsFor(db, request.session!.email, ctx.clock.now())).map(myInvitationView) },
    }));

    for (const answer of ['accept', 'decline'] as const) {
      app.post<{ Params: { invitationId: string } }>(`/me/invitations/:invitationId/${answer}`, { config: { ...signedIn.config, body: 'none' as const } }, async (request) => {
        const id = pathId(request.params.invitationId);
        const now = ctx.clock.now();
        const inv = id === null ? undefined : await findPendingInvitation(db, { id, email: request.session!.email }, now);
        if (!inv) throw notFound(INVITATION_INVALID);
        if (answer === 'decline') {
          await db.transaction().execute((trx) => declineInvitation(trx, inv, originOf(request), now));
          return { message: 'Invitation declined.' };
        }
        await db.transaction().execute((trx) => acceptInvitation(trx, inv, request.session!.userId, originOf(request), now));
        return { message: 'Invitation accepted.', data: { team: { id: inv.team_id, name: inv.team_name } } };
      });
    }

    // From the emailed link: look up, accept (signed in as the invited email), decline (no sign-in needed).
    app.post('/invitations/lookup', none, async (request) => {
      const inv = await findPendingInvitation(db, { token: tokenInput(request.body) }, ctx.clock.now());
      if (!inv) throw notFound(INVITATION_INVALID);
      return {
        message: 'Invitation found.',
        data: {
          email: inv.email, role: inv.role, team: { id: inv.team_id, name: inv.team_name }, expires_at: new Date(inv.expires_at).toISOString(),
          account_exists: !!(await findUserByEmail(db, inv.email)),
        },
      };
    });

    app.post('/invitations/accept', signedIn, async (request) => {
      const now = ctx.clock.now();
      const inv = await findPendingInvitation(db, { token: tokenInput(request.body) }, now);
      if (!inv) throw notFound(INVITATION_INVALID);
      if (inv.email !== request.session!.email) throw new ApiError(403, 'forbidden', INVITATION_OTHER_EMAIL);
      await db.transaction().execute((trx) => acceptInvitation(trx, inv, request.session!.userId, originOf(request), now));
      return { message: 'Invitation accepted.', data: { team: { id: inv.team_id, name: inv.team_name } } };
    });

    app.post('/invitations/decline', none, async (request) => {
      const now = ctx.clock.now();
      const inv = await findPendingInvitation(db, { token: tokenInput(request.body) }, now);
      if (!inv) throw notFound(INVITATION_INVALID);
      const meta = clientMeta(request);
      await db.transaction().execute((trx) => declineInvitation(trx, inv, { actor: { type: 'system', via: 'invitation-link' }, ip: meta.ip, userAgent: meta.userAgent }, now));
      return { message: 'Invitation declined.' };
    });
  };
}
