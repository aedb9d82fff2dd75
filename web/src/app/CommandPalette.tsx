// ⌘K / Ctrl-K: jump to any screen, team or key by name.
import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { IconSearch, IconShieldLock, IconUsers } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import type { ApiKey } from '../api/types';
import { SCREENS } from './screens';
import { canAdminister, useSignedIn, useTeam } from './session';

export function CommandPalette() {
  const navigate = useNavigate();
  const { teams } = useSignedIn();
  const { team, path, api } = useTeam();
  const qc = useQueryClient();
  const keys = qc.getQueryData<{ api_keys: ApiKey[] }>(['api-keys', api('/api-keys')])?.api_keys ?? [];
  const actions: SpotlightActionData[] = [
    ...SCREENS.filter((s) => !s.adminOnly || canAdminister(team)).map((s) => ({
      id: `screen:${s.path}`, group: 'Screens', label: s.label, description: s.description,
      leftSection: <s.icon size={18} />, onClick: () => navigate(path(s.path)),
    })),
    { id: 'screen:account', group: 'Screens', label: 'Account security', description: 'Password, two-factor, sessions', leftSection: <IconShieldLock size={18} />, onClick: () => navigate('/account') },
    ...teams.filter((t) => t.id !== team.id).map((t) => ({
      id: `team:${t.id}`, group: 'Teams', label: `Switch to ${t.name}`, leftSection: <IconUsers size={18} />, onClick: () => navigate(`/t/${t.id}`),
    })),
    ...keys.filter((k) => k.status !== 'revoked').map((k) => ({
      id: `key:${k.id}`, group: 'API keys', label: k.name, description: k.display, keywords: [String(k.id), k.display],
      onClick: () => navigate(`${path('/api-keys')}?key=${k.id}`),
    })),
  ];
  return (
    <Spotlight
      actions={actions}
      shortcut={['mod + K']}
      tagsToIgnore={[]}
      nothingFound="Nothing matches"
      highlightQuery
      limit={30}
      searchProps={{ leftSection: <IconSearch size={18} />, placeholder: 'Jump to a screen, team or key…', 'aria-label': 'Search' }}
    />
  );
}
