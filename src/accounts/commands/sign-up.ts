// Sign-up (spec §3.1, issue 12): the first account of an instance becomes owner of the first team (the one the first
// start created) or of a new one; after that LETTR_SIGNUP decides: `invite` needs an invitation token for the same
// email (the token proves the mailbox, so no separate verification mail is needed), `open` gives everyone a
// personal team. An email that already has an account cannot be signed up again.
import type { AppContext } from '../../http/context.js';
import { ApiError, notFound, validationFailed } from '../../http/errors.js';
import { auditUserEvent, type RequestOrigin } from '../audit.js';
import { hashPassword } from '../passwords.js';
import { findUserByEmail } from '../store.js';
import { acceptInvitation, findPendingInvitation } from './invitations.js';
import { createOwnedTeam, personalTeamName } from './teams.js';

export const EMAIL_TAKEN = 'The email has already been taken.';
export const INVITE_ONLY = 'Sign-up is by invitation only. Ask a team owner or admin to invite you.';
export const INVITATION_INVALID = 'This invitation is invalid or has expired.';
export const INVITATION_OTHER_EMAIL = 'This invitation was sent to another email address.';

export interface SignUp {
  email: string;
  name: string;
  password: string;
  invitationToken: string | null;
}

export async function signUp(ctx: AppContext, input: SignUp, meta: { ip: string | null; userAgent: string | null }): Promise<{ userId: number }> {
  const hash = await hashPassword(input.password); // before the transaction: ~50 ms on the thread pool
  const now = ctx.clock.now();
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, input.email)) throw validationFailed({ email: [EMAIL_TAKEN] });
    const invitation = input.invitationToken ? await findPendingInvitation(trx, { token: input.invitationToken }, now) : undefined;
    if (input.invitationToken && !invitation) throw notFound(INVITATION_INVALID);
    if (invitation && invitation.email !== input.email) throw validationFailed({ email: [INVITATION_OTHER_EMAIL] });
    const firstAccount = !(await trx.selectFrom('users').select('id').where('password_hash', 'is not', null).limit(1).executeTakeFirst());
    if (!invitation && !firstAccount && ctx.config.accounts.signup !== 'open') throw new ApiError(403, 'forbidden', INVITE_ONLY);

    const { id: userId } = await trx.insertInto('users').values({ email: input.email, name: input.name, password_hash: hash, created_at: now }).returning('id').executeTakeFirstOrThrow();
    const origin: RequestOrigin = { actor: { type: 'user', id: userId }, ip: meta.ip, userAgent: meta.userAgent };
    if (invitation) {
      await acceptInvitation(trx, invitation, userId, origin, now);
    } else if (firstAccount) {
      // The bootstrap team: the oldest live team that has no owner yet.
      const unowned = await trx.selectFrom('teams').select('id').where('system', '=', 0).where('deleted_at', 'is', null)
        .where((eb) => eb.not(eb.exists(eb.selectFrom('memberships').select('memberships.id').whereRef('memberships.team_id', '=', 'teams.id').where('memberships.role', '=', 'owner'))))
        .orderBy('id').limit(1).executeTakeFirst();
      if (unowned) {
        await trx.insertInto('memberships').values({ team_id: unowned.id, user_id: userId, role: 'owner', invited_by: null, joined_at: now }).execute();
        await auditUserEvent(trx, userId, origin, 'membership.added', { role: 'owner', reason: 'first account' }, now);
      } else {
        await createOwnedTeam(trx, personalTeamName(input.name), userId, origin, now);
      }
    } else {
      await createOwnedTeam(trx, personalTeamName(input.name), userId, origin, now);
    }
    await auditUserEvent(trx, userId, origin, 'user.signed_up', { email: input.email, invitation_id: invitation?.id ?? null }, now);
    return { userId };
  });
}
