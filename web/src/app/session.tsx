// Who is signed in, and which team the URL is about.
import { useQuery } from '@tanstack/react-query';
import { Navigate, Outlet, useLocation, useParams } from 'react-router';
import { ApiError, get } from '../api/client';
import type { Me, TeamMembership } from '../api/types';
import { PageLoader } from '../components/PageLoader';
import { ErrorState } from '../components/ErrorState';
import { SCREENS } from './screens';

export function useMe() {
  return useQuery({ queryKey: ['me'], queryFn: () => get<Me>('/me'), staleTime: 60_000 });
}

/** The signed-in user's data; only valid under RequireSession. */
export function useSignedIn(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedIn outside RequireSession');
  return data;
}

export function RequireSession() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoader />;
  if (me.error instanceof ApiError && me.error.status === 401) {
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(location.pathname + location.search)}`;
    return <Navigate to={`/sign-in${next}`} replace />;
  }
  if (me.error) return <ErrorState error={me.error} />;
  return <Outlet />;
}

/** The team of the current URL (or the first team), and a path builder for its screens. */
export function useTeam(): { team: TeamMembership; path: (p: string) => string; api: (p: string) => string } {
  const { teams } = useSignedIn();
  const { teamId } = useParams();
  const team = teams.find((t) => String(t.id) === teamId) ?? teams[0]!;
  return { team, path: (p) => `/t/${team.id}${p}`, api: (p) => `/teams/${team.id}${p}` };
}

export function canAdminister(team: TeamMembership): boolean {
  return team.role === 'owner' || team.role === 'admin';
}

/** `/` and `/t/:id`: the landing screen of the team. */
export function TeamHome() {
  const { teams } = useSignedIn();
  const { teamId } = useParams();
  const team = teams.find((t) => String(t.id) === teamId) ?? teams[0];
  if (!team) return <Navigate to="/account" replace />;
  if (team.two_factor_setup_required) return <Navigate to="/account?two_factor=required" replace />;
  const first = SCREENS.find((s) => !s.adminOnly || canAdminister(team))!;
  return <Navigate to={`/t/${team.id}${first.path}`} replace />;
}

export { PageLoader };
