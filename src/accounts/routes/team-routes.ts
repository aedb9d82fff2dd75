// /dashboard/api/teams…: create, list, rename, require 2FA, delete; members; invitations. Each route declares its
// §4.1 row (`teamAction`) and the session verifier enforces it. See docs/dashboard-api.md.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../http/context.js';
import { ApiError, notFound } from '../../http/errors.js';
import { cancelInvitation, inviteMember, pendingInvitationsOfTeam } from '../commands/invitations.js';
import { changeMemberRole, removeMember, type MemberChange } from '../commands/members.js';
import { confirmPassword } from '../commands/profile.js';
import { createOwnedTeam, deleteTeam, renameTeam, setRequireTwoFactor } from '../commands/teams.js';
import { invitationInput, nameInput, passwordOnly, pathId, requireTwoFactorInput, roleInput } from '../input.js';
import { invitationView, memberView, teamMembershipView } from '../presenters.js';
import type { TeamAction } from '../roles.js';
import { ROLE_FORBIDS } from '../session-auth.js';
import { membersOf, membershipOf, teamsOfUser, twoFactorEnabled } from '../store.js';
import { clientMeta } from './session-routes.js';

export const OWNER_NEEDS_TWO_FACTOR = 'Turn on two-factor authentication for your own account before requiring it of the team.';

const signedIn = { config: { credential: 'session' as const } };
const team = (teamAction: TeamAction) => ({ config: { credential: 'session' as const, teamAction } });

type TeamRequest = FastifyRequest<{ Params: { teamId: string; userId?: string; invitationId?: string } }>;

const originOf = (request: FastifyRequest) => {
  const meta = clientMeta(request);
  return { actor: { type: 'user' as const, id: request.session!.userId }, ip: meta.ip, userAgent: meta.userAgent };
};

function answerChange(r: MemberChange, what: string) {
  if (r.ok) return;
  if (r.reason === 'not_found') throw notFound('Member not found.');
  if (r.reason === 'owner') throw new ApiError(403, 'forbidden', `The team owner cannot be ${what}.`);
  throw new ApiError(403, 'insufficient_scope', ROLE_FORBIDS);
}

export function accountTeamRoutes(ctx: AppContext) {
  const db = ctx.db.kysely;

  const teamView = async (request: TeamRequest) => {
    const m = request.membership!;
    const t = (await membershipOf(db, m.teamId, request.session!.userId))!;
    const members = await membersOf(db, m.teamId);
    return { ...teamMembershipView(t, await twoFactorEnabled(db, request.session!.userId)), members_without_two_factor: members.filter((x) => x.two_factor_confirmed_at === null).length };
  };

  return async (app: FastifyInstance) => {
    app.get('/teams', signedIn, async (request) => {
      const twoFactor = await twoFactorEnabled(db, request.session!.userId);
      return { message: 'Teams retrieved successfully.', data: { teams: (await teamsOfUser(db, request.session!.userId)).map((t) => teamMembershipView(t, twoFactor)) } };
    });

    app.post('/teams', signedIn, async (request, reply) => {
      const name = nameInput(request.body);
      const now = ctx.clock.now();
      const id = await db.transaction().execute((trx) => createOwnedTeam(trx, name, request.session!.userId, originOf(request), now));
      const t = (await membershipOf(db, id, request.session!.userId))!;
      return reply.code(201).send({ message: 'Team created.', data: { team: teamMembershipView(t, await twoFactorEnabled(db, request.session!.userId)) } });
    });

    app.get('/teams/:teamId', team('team.view'), async (request: TeamRequest) => ({ message: 'Team retrieved successfully.', data: { team: await teamView(request) } }));

    app.patch('/teams/:teamId', team('team.rename'), async (request: TeamRequest) => {
      await renameTeam(db, request.membership!.teamId, nameInput(request.body), originOf(request), ctx.clock.now());
      return { message: 'Team updated.', data: { team: await teamView(request) } };
    });

    app.put('/teams/:teamId/require-two-factor', team('team.require_two_factor'), async (request: TeamRequest) => {
      const required = requireTwoFactorInput(request.body);
      // The owner would otherwise lock themself out of their own team at once.
      if (required && !(await twoFactorEnabled(db, request.session!.userId))) throw new ApiError(403, 'forbidden', OWNER_NEEDS_TWO_FACTOR);
      await setRequireTwoFactor(db, request.membership!.teamId, required, originOf(request), ctx.clock.now());
      return { message: 'Team updated.', data: { team: await teamView(request) } };
    });

    app.delete('/teams/:teamId', { config: { ...team('team.delete').config, body: 'json' as const } }, async (request: TeamRequest) => {
      await confirmPassword(ctx, request.session!.userId, passwordOnly(request.body), clientMeta(request).ip);
      await deleteTeam(db, request.membership!.teamId, originOf(request), ctx.clock.now());
      ctx.wake('accounts.purge_team');
      return { message: 'Team deleted. Its API keys no longer work; its data is being removed.' };
    });

    app.get('/teams/:teamId/members', team('team.view'), async (request: TeamRequest) => ({
      message: 'Members retrieved successfully.', data: { members: (await membersOf(db, request.membership!.teamId)).map(memberView) },
    }));

    app.patch('/teams/:teamId/members/:userId', team('members.change_role'), async (request: TeamRequest) => {
      const userId = pathId(request.params.userId);
      if (userId === null) throw notFound('Member not found.');
      const m = request.membership!;
      answerChange(await changeMemberRole(db, m.teamId, { userId: request.session!.userId, role: m.role }, userId, roleInput(request.body), originOf(request), ctx.clock.now()), 'changed');
      const member = (await membersOf(db, m.teamId)).find((x) => x.user_id === userId)!;
      return { message: 'Member updated.', data: { member: memberView(member) } };
    });

    // Removing others is `members.remove` (checked in the command, which also lets anyone leave): the route itself is
    // open to every member.
    app.delete('/teams/:teamId/members/:userId', team('team.view'), async (request: TeamRequest) => {
      const userId = pathId(request.params.userId);
      if (userId === null) throw notFound('Member not found.');
      const m = request.membership!;
      answerChange(await removeMember(db, m.teamId, { userId: request.session!.userId, role: m.role }, userId, originOf(request), ctx.clock.now()), 'removed');
      return { message: userId === request.session!.userId ? 'You left the team.' : 'Member removed.' };
    });

    app.get('/teams/:teamId/invitations', team('members.invite'), async (request: TeamRequest) => ({
      message: 'Invitations retrieved successfully.',
      data: { invitations: (await pendingInvitationsOfTeam(db, request.membership!.teamId, ctx.clock.now())).map(invitationView) },
    }));

    app.post('/teams/:teamId/invitations', team('members.invite'), async (request: TeamRequest, reply) => {
      const input = invitationInput(request.body);
      const row = await inviteMember(ctx, request.membership!.teamId, { userId: request.session!.userId, name: request.session!.name }, input, originOf(request));
      return reply.code(201).send({ message: `Invitation sent to ${input.email}.`, data: { invitation: invitationView(row) } });
    });

    app.delete('/teams/:teamId/invitations/:invitationId', team('members.invite'), async (request: TeamRequest) => {
      const id = pathId(request.params.invitationId);
      if (id === null || !(await cancelInvitation(db, request.membership!.teamId, id, originOf(request), ctx.clock.now()))) throw notFound('Invitation not found.');
      return { message: 'Invitation cancelled.' };
    });
  };
}
