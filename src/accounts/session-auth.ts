// The dashboard-session credential, for the kernel's one hook (src/http/credentials.ts). Order: session cookie →
// live session (absolute + idle timeout) → stage (a session waiting for its second factor is good only for the code
// step) → for a team route: membership (else 404) → the team's 2FA requirement (§3.5) → the role allows the route's
// team action or, on the per-team mounts of the public API, its scope (§4.1). CSRF is checked before this, by the
// dashboard scope's own hook (src/http/csrf.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { grants, SCOPES, type RouteScope } from '../auth/index.js';
import { clientIp } from '../http/client-ip.js';
import type { AppContext } from '../http/context.js';
import type { Verifier } from '../http/credentials.js';
import { cookieAttributes, cookiesOf } from '../http/csrf.js';
import { ApiError, notFound } from '../http/errors.js';
import { permissionOfRole, roleAllows, type TeamAction } from './roles.js';
import { findSessionByToken, sessionLive, touchSession } from './sessions.js';
import { membershipOf, twoFactorEnabled } from './store.js';
import type { Role, SessionStage } from './tables.js';

export const SESSION_COOKIE = 'lettr_session';

export interface DashboardSession {
  id: number;
  userId: number;
  email: string;
  name: string;
  stage: SessionStage;
}

export interface TeamMembership {
  teamId: number;
  name: string;
  role: Role;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Accounts' team routes: the §4.1 row the route is (default `team.view`). */
    teamAction?: TeamAction;
    /** The sign-in code step: accepts a session that is still waiting for its second factor. */
    twoFactorStage?: boolean;
  }
  interface FastifyRequest {
    session: DashboardSession | null;
    membership: TeamMembership | null;
  }
}

export const unauthenticated = () => new ApiError(401, 'unauthenticated', 'Sign in to continue.');
export const TEAM_NOT_FOUND = 'Team not found.';
export const TWO_FACTOR_REQUIRED = 'This team requires two-factor authentication. Set it up to continue.';
export const ROLE_FORBIDS = 'Your role in this team does not allow this action.';

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, cookieAttributes(request, true));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, cookieAttributes(request, true));
}

export function sessionVerifier(ctx: AppContext): Verifier {
  const db = ctx.db.kysely;
  return async (request, reply) => {
    const now = ctx.clock.now();
    const config = request.routeOptions.config;
    const token = cookiesOf(request)[SESSION_COOKIE];
    const row = token ? await findSessionByToken(db, token) : undefined;
    if (!row || !sessionLive(row, now, ctx.config.accounts.sessionIdleMs)) {
      if (token) clearSessionCookie(request, reply);
      throw unauthenticated();
    }
    if ((row.stage === 'two_factor') !== !!config.twoFactorStage) throw unauthenticated();
    const ip = clientIp(request);
    await touchSession(db, row, ip, now);
    request.session = { id: row.id, userId: row.user_id, email: row.email, name: row.name, stage: row.stage };

    const rawTeam = (request.params as { teamId?: string } | undefined)?.teamId;
    if (rawTeam === undefined) return;
    const teamId = /^\d{1,15}$/.test(rawTeam) ? Number(rawTeam) : NaN;
    const m = Number.isNaN(teamId) ? undefined : await membershipOf(db, teamId, row.user_id);
    if (!m) throw notFound(TEAM_NOT_FOUND);
    if (m.require_two_factor && !(await twoFactorEnabled(db, row.user_id))) throw new ApiError(403, 'two_factor_required', TWO_FACTOR_REQUIRED);
    const scope = config.scope as RouteScope | undefined;
    const permission = permissionOfRole(m.role);
    const allowed = scope ? grants(permission, SCOPES, scope) : roleAllows(m.role, config.teamAction ?? 'team.view');
    if (!allowed) throw new ApiError(403, 'insufficient_scope', ROLE_FORBIDS);
    request.membership = { teamId, name: m.name, role: m.role };
    request.auth = {
      credential: 'session', teamId, actor: { type: 'user', id: row.user_id }, apiKeyId: null, userId: row.user_id,
      keyType: 'live', permission, scopes: permission === 'custom' ? [...SCOPES] : [], createdByUserId: row.user_id,
      ownerEmail: row.email, ip,
    };
  };
}
