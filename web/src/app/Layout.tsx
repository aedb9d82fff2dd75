// The frame around every signed-in screen: team switcher top-left, search (⌘K) and user menu top-right, the sidebar
// of nouns on the left (a drawer on phones).
import { ActionIcon, AppShell, Burger, Group, Kbd, Menu, NavLink, ScrollArea, Text, Tooltip, UnstyledButton, useMantineColorScheme, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconChevronDown, IconLogout, IconMoon, IconSearch, IconShieldLock, IconSun, IconUserCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { del } from '../api/client';
import { PageLoader } from '../components/PageLoader';
import { CommandPalette } from './CommandPalette';
import { SCREENS } from './screens';
import { canAdminister, useSignedIn, useTeam } from './session';
import { spotlight } from '@mantine/spotlight';

function TeamSwitcher() {
  const { teams } = useSignedIn();
  const { team } = useTeam();
  const location = useLocation();
  const rest = location.pathname.replace(/^\/t\/\d+/, '');
  return (
    <Menu position="bottom-start" width={240}>
      <Menu.Target>
        <UnstyledButton aria-label={`Team: ${team.name}. Switch team`} style={{ minWidth: 0 }}>
          <Group gap={6} wrap="nowrap">
            <Text fw={600} truncate maw={180}>{team.name}</Text>
            <IconChevronDown size={14} />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Teams</Menu.Label>
        {teams.map((t) => (
          <Menu.Item key={t.id} component={Link} to={`/t/${t.id}${rest.startsWith('/') ? rest : ''}`} rightSection={<Text size="xs" c="dimmed">{t.role}</Text>}>
            {t.name}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

function ThemeToggle() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const dark = colorScheme === 'dark' || (colorScheme === 'auto' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  return (
    <Tooltip label={dark ? 'Light theme' : 'Dark theme'}>
      <ActionIcon variant="subtle" color="gray" size="lg" onClick={() => setColorScheme(dark ? 'light' : 'dark')} aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'}>
        {dark ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const { user } = useSignedIn();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const signOut = async () => {
    await del('/session');
    qc.clear();
    navigate('/sign-in');
  };
  return (
    <Menu position="bottom-end" width={220}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" size="lg" aria-label={`Account menu for ${user.email}`}>
          <IconUserCircle size={20} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{user.email}</Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconShieldLock size={16} />}>Account security</Menu.Item>
        <Menu.Item onClick={signOut} leftSection={<IconLogout size={16} />}>Sign out</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

export function Layout() {
  const [opened, { toggle, close }] = useDisclosure();
  const { team, path } = useTeam();
  const location = useLocation();
  const screens = SCREENS.filter((s) => !s.adminOnly || canAdminister(team));
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label="Toggle navigation" />
            <Text fw={800} c="var(--mantine-color-anchor)" visibleFrom="xs">Lettr</Text>
            <TeamSwitcher />
          </Group>
          <Group gap={4} wrap="nowrap">
            <UnstyledButton onClick={() => spotlight.open()} title="Search and jump to a screen (Ctrl K)" px="xs" py={4} style={{ borderRadius: 8, border: '1px solid var(--mantine-color-default-border)' }}>
              <Group gap={8} wrap="nowrap">
                <IconSearch size={16} />
                <Text size="sm" c="dimmed" visibleFrom="sm">Search</Text>
                <VisuallyHidden hiddenFrom="sm">Search</VisuallyHidden>
                <Kbd size="xs" visibleFrom="sm">Ctrl K</Kbd>
              </Group>
            </UnstyledButton>
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Main">
        <AppShell.Section grow component={ScrollArea}>
          <VisuallyHidden><h2>Navigation</h2></VisuallyHidden>
          {screens.map((s) => (
            <NavLink
              key={s.path}
              component={Link}
              to={path(s.path)}
              label={s.label}
              leftSection={<s.icon size={18} stroke={1.6} />}
              active={location.pathname.startsWith(path(s.path))}
              variant="filled"
              onClick={close}
            />
          ))}
        </AppShell.Section>
        <AppShell.Section>
          <NavLink component={Link} to="/account" label="Account security" leftSection={<IconShieldLock size={18} stroke={1.6} />} active={location.pathname === '/account'} onClick={close} variant="filled" />
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <div style={{ maxWidth: 1200, margin: '0 auto' }}>
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        </div>
      </AppShell.Main>
      <CommandPalette />
    </AppShell>
  );
}
