// The security overview, the landing screen: the founding security page made visible. Four numbers, sending volume
// over 30 days with spikes marked, recipient domains new to this team, failed authentication against its keys, keys
// created lately, the members and their 2FA, and the latest audit entries. Each item links to where it lives.
import { Anchor, Badge, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, type ReactNode } from 'react';
import { Link } from 'react-router';
import { get } from '../api/client';
import type { ApiKey, AuditEvent, Member, SecurityOverview } from '../api/types';
import { canAdminister, useTeam } from '../app/session';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { permissionLabel } from '../keys/scopes';

function Tile({ label, value, hint, alert, children }: { label: string; value: number; hint: string; alert?: boolean; children?: ReactNode }) {
  return (
    <Card withBorder padding="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>{label}</Text>
      <Group justify="space-between" align="flex-end" wrap="nowrap">
        <Text fz={28} fw={700} c={alert ? 'var(--mantine-color-error)' : undefined}>{value}</Text>
        {children}
      </Group>
      <Text size="xs" c="dimmed">{hint}</Text>
    </Card>
  );
}

function Section({ title, to, linkLabel, children, empty }: { title: string; to?: string; linkLabel?: string; children: ReactNode; empty?: string | false }) {
  return (
    <Card withBorder padding={0}>
      <Group justify="space-between" px="md" pt="md" pb="xs">
        <Title order={2} size="h4">{title}</Title>
        {to && <Anchor component={Link} to={to} size="sm">{linkLabel}</Anchor>}
      </Group>
      {empty ? <Text size="sm" c="dimmed" px="md" pb="md">{empty}</Text> : <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">{children}</div>}
    </Card>
  );
}

const VolumeChart = lazy(() => import('./Charts'));
const VolumeSparkline = lazy(() => import('./Charts').then((m) => ({ default: m.VolumeSparkline })));

const REASONS: Record<string, string> = { revoked_key: 'revoked key', expired_key: 'expired key', ip_not_allowed: 'IP not allowed', unknown_key: 'unknown key' };

export default function OverviewPage() {
  const { team, api, path } = useTeam();
  const admin = canAdminister(team);
  const overview = useQuery({ queryKey: ['overview', api('/security/overview')], queryFn: () => get<SecurityOverview>(api('/security/overview')), enabled: admin, refetchInterval: 30_000 });
  const keys = useQuery({ queryKey: ['api-keys', api('/api-keys')], queryFn: () => get<{ api_keys: ApiKey[] }>(api('/api-keys')), enabled: admin });
  const members = useQuery({ queryKey: ['members', team.id], queryFn: () => get<{ members: Member[] }>(api('/members')) });
  const audit = useQuery({ queryKey: ['audit', api('/audit-events'), 'latest'], queryFn: () => get<{ events: AuditEvent[] }>(`${api('/audit-events')}?limit=10`), enabled: admin });

  if (!admin) return <ErrorState error={new Error('The security overview is for owners and admins.')} />;
  if (overview.isPending) return <PageLoader />;
  if (overview.error) return <ErrorState error={overview.error} />;
  const o = overview.data;
  const who = (id: number | null) => members.data?.members.find((m) => m.user.id === id)?.user.name ?? (id === null ? 'API' : `user ${id}`);
  const weekAgo = Date.now() - 7 * 86_400_000;
  const recentKeys = (keys.data?.api_keys ?? []).filter((k) => Date.parse(k.created_at) >= weekAgo).slice(0, 8);
  const spikes = o.volume.filter((v) => v.spike);
  return (
    <>
      <PageHeader title="Overview" purpose="Anything unusual in this team's sending, keys and access, on one screen." />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Tile label="Sent today" value={o.tiles.sends_today} hint={o.tiles.sends_usual === null ? 'No usual yet' : `Usually ${o.tiles.sends_usual} a day`} alert={o.volume.at(-1)?.spike}>
            <Suspense fallback={null}><VolumeSparkline volume={o.volume} /></Suspense>
          </Tile>
          <Tile label="Failed auth, 24 h" value={o.tiles.failed_auth_24h} hint="Refused requests with this team's keys" alert={o.tiles.failed_auth_24h > 0} />
          <Tile label="New recipient domains, 7 d" value={o.tiles.new_recipient_domains_7d} hint="Domains this team never sent to before" />
          <Tile label="Keys created, 7 d" value={o.tiles.keys_created_7d} hint="Check each one was expected" />
        </SimpleGrid>

        <Card withBorder>
          <Group justify="space-between" mb="sm" wrap="wrap">
            <Title order={2} size="h4">Sending volume, 30 days</Title>
            <Group gap="xs">{spikes.length ? spikes.map((s) => <Badge key={s.day} color="red" variant="light">Spike {s.day}: {s.count} (usual {s.baseline_mean})</Badge>) : <Text size="sm" c="dimmed">No spikes (a day above the mean + 3σ of the 14 before it)</Text>}</Group>
          </Group>
          <Suspense fallback={<div style={{ height: 220 }} />}><VolumeChart volume={o.volume} /></Suspense>
        </Card>

        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <Section title="New recipient domains (7 days)" to={path('/emails')} linkLabel="Emails" empty={o.new_recipient_domains.length === 0 && 'No new recipient domains this week.'}>
            <Table verticalSpacing="xs" miw={500}>
              <Table.Thead><Table.Tr><Table.Th>Domain</Table.Th><Table.Th>First sent</Table.Th><Table.Th>Recipients</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{o.new_recipient_domains.map((d) => <Table.Tr key={d.domain}><Table.Td className="mono">{d.domain}</Table.Td><Table.Td><RelativeTime iso={d.first_seen_at} /></Table.Td><Table.Td>{d.recipients}</Table.Td></Table.Tr>)}</Table.Tbody>
            </Table>
          </Section>
          <Section title="Failed authentication (7 days)" to={path('/api-keys')} linkLabel="API keys" empty={o.failed_auth.length === 0 && 'No refused requests with this team\'s keys.'}>
            <Table verticalSpacing="xs" miw={500}>
              <Table.Thead><Table.Tr><Table.Th>Client IP</Table.Th><Table.Th>Key prefix</Table.Th><Table.Th>Why</Table.Th><Table.Th>Attempts</Table.Th><Table.Th>Last</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{o.failed_auth.map((f) => (
                <Table.Tr key={`${f.ip}-${f.key_prefix}-${f.reason}`} data-testid="failed-auth">
                  <Table.Td className="mono">{f.ip}</Table.Td><Table.Td className="mono">{f.key_prefix}…</Table.Td><Table.Td>{REASONS[f.reason] ?? f.reason}</Table.Td><Table.Td>{f.attempts}</Table.Td><Table.Td><RelativeTime iso={f.last_at} /></Table.Td>
                </Table.Tr>))}</Table.Tbody>
            </Table>
          </Section>
          <Section title="Keys created (7 days)" to={path('/api-keys')} linkLabel="All keys" empty={recentKeys.length === 0 && 'No keys created this week.'}>
            <Table verticalSpacing="xs" miw={500}>
              <Table.Thead><Table.Tr><Table.Th>Key</Table.Th><Table.Th>By</Table.Th><Table.Th>Permission</Table.Th><Table.Th>IPs</Table.Th><Table.Th>Last used</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{recentKeys.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td><Anchor component={Link} to={`${path('/api-keys')}?key=${k.id}&show=all`} size="sm">{k.name}</Anchor></Table.Td>
                  <Table.Td>{who(k.created_by)}</Table.Td>
                  <Table.Td><Badge variant="light" color={k.permission === 'full_access' ? 'orange' : 'indigo'}>{permissionLabel(k.permission)}</Badge></Table.Td>
                  <Table.Td>{k.allowed_ips.length ? <Text size="xs" className="mono">{k.allowed_ips.join(', ')}</Text> : <Text size="xs" c="dimmed">Any</Text>}</Table.Td>
                  <Table.Td><RelativeTime iso={k.last_used_at} />{k.last_used_ip && <Text size="xs" c="dimmed" className="mono">from {k.last_used_ip}</Text>}</Table.Td>
                </Table.Tr>))}</Table.Tbody>
            </Table>
          </Section>
          <Section title="Members" empty={(members.data?.members.length ?? 0) === 0 && 'Loading…'}>
            <Table verticalSpacing="xs" miw={500}>
              <Table.Thead><Table.Tr><Table.Th>Member</Table.Th><Table.Th>Role</Table.Th><Table.Th>2FA</Table.Th><Table.Th>Added</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>{(members.data?.members ?? []).map((m) => (
                <Table.Tr key={m.user.id}>
                  <Table.Td><Text size="sm">{m.user.name}</Text><Text size="xs" c="dimmed">{m.user.email}</Text></Table.Td>
                  <Table.Td>{m.role}</Table.Td>
                  <Table.Td><Badge variant="light" color={m.two_factor_enabled ? 'teal' : 'red'}>{m.two_factor_enabled ? 'on' : 'off'}</Badge></Table.Td>
                  <Table.Td><RelativeTime iso={m.joined_at} />{m.invited_by && <Text size="xs" c="dimmed">by {m.invited_by.name}</Text>}</Table.Td>
                </Table.Tr>))}</Table.Tbody>
            </Table>
          </Section>
        </SimpleGrid>
        <Section title="Latest audit entries" empty={(audit.data?.events.length ?? 0) === 0 && 'Nothing recorded yet.'}>
          <Table verticalSpacing="xs" miw={640}>
            <Table.Thead><Table.Tr><Table.Th>When</Table.Th><Table.Th>Action</Table.Th><Table.Th>Actor</Table.Th><Table.Th>Target</Table.Th><Table.Th>IP</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>{(audit.data?.events ?? []).map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td><RelativeTime iso={e.created_at} /></Table.Td>
                <Table.Td className="mono">{e.action}</Table.Td>
                <Table.Td>{e.actor.type === 'user' ? who(e.actor.id) : e.actor.type === 'api_key' ? `key ${e.actor.id}` : 'system'}</Table.Td>
                <Table.Td className="mono">{e.target ? `${e.target.type} ${e.target.id}` : '—'}</Table.Td>
                <Table.Td className="mono">{e.ip ?? '—'}</Table.Td>
              </Table.Tr>))}</Table.Tbody>
          </Table>
        </Section>
      </Stack>
    </>
  );
}
