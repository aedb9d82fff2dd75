// API keys: who made each, what it may do, where it may be used from, where it was last used; create (secret shown
// once), edit, rotate with a grace period, revoke by typing the name.
import { ActionIcon, Badge, Button, Card, Group, Menu, Modal, Select, Stack, Switch, Table, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconKey, IconPencil, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { del, errorMessage, fieldErrors, get, patch, post } from '../api/client';
import type { ApiKey, Member } from '../api/types';
import { canAdminister, useTeam } from '../app/session';
import { ConfirmByName } from '../components/ConfirmByName';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { SecretModal } from '../components/SecretModal';
import { KeyForm, type KeyFormValue } from './KeyForm';
import { parseIpList, permissionLabel } from './scopes';

const STATUS_COLOR: Record<ApiKey['status'], string> = { active: 'teal', expiring: 'yellow', expired: 'gray', revoked: 'red' };
const GRACE = [
  { value: '0', label: 'Immediately' }, { value: '1h', label: '1 hour' }, { value: '24h', label: '24 hours' }, { value: '168h', label: '7 days' },
];

type Secret = { title: string; key: string; note?: string };

function KeyFormModal({ opened, title, initial, submitLabel, onClose, onSubmit }: {
  opened: boolean; title: string; initial: KeyFormValue; submitLabel: string; onClose: () => void; onSubmit: (v: KeyFormValue) => Promise<void>;
}) {
  const [value, setValue] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (!value.name.trim()) local.name = 'Give the key a name.';
    if (value.permission === 'custom' && value.scopes.length === 0) local.scopes = 'Pick at least one scope.';
    setErrors(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await onSubmit(value);
      setValue(initial);
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(Object.keys(f).length ? f : { name: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <form onSubmit={submit}>
        <Stack>
          <KeyForm value={value} onChange={(v) => { setValue(v); setErrors({}); }} errors={errors} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{submitLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function body(v: KeyFormValue) {
  return { name: v.name.trim(), permission: v.permission, ...(v.permission === 'custom' ? { scopes: v.scopes } : {}), allowed_ips: parseIpList(v.ips) };
}

export default function ApiKeysPage() {
  const { team, api } = useTeam();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const showAll = params.get('show') === 'all';
  const focusId = Number(params.get('key')) || null;
  const listKey = ['api-keys', api('/api-keys')];
  const keys = useQuery({ queryKey: listKey, queryFn: () => get<{ api_keys: ApiKey[] }>(api('/api-keys')), enabled: canAdminister(team) });
  const members = useQuery({ queryKey: ['members', team.id], queryFn: () => get<{ members: Member[] }>(api('/members')) });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<ApiKey | null>(null);
  const [rotating, setRotating] = useState<ApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [grace, setGrace] = useState<string | null>('24h');
  const [secret, setSecret] = useState<Secret | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: listKey });

  const rotate = useMutation({
    mutationFn: (k: ApiKey) => post<ApiKey & { key: string; previous: ApiKey }>(api(`/api-keys/${k.id}/rotate`), { grace: grace ?? '0' }),
    onSuccess: (d) => {
      setRotating(null);
      const until = d.previous.expires_at && d.previous.status !== 'expired' ? ` The old key keeps working until ${new Date(d.previous.expires_at).toLocaleString()}.` : ' The old key no longer works.';
      setSecret({ title: `New secret for “${d.name}”`, key: d.key, note: `Deploy the new key.${until}` });
      void refresh();
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const revoke = useMutation({
    mutationFn: (k: ApiKey) => del(api(`/api-keys/${k.id}`)),
    onSuccess: () => { setRevoking(null); notifications.show({ color: 'teal', message: 'Key revoked.' }); void refresh(); },
  });

  if (!canAdminister(team)) return <ErrorState error={new Error('Only owners and admins manage API keys.')} />;
  const who = (id: number | null) => {
    if (id === null) return '—';
    const m = members.data?.members.find((x) => x.user.id === id);
    return m ? m.user.name || m.user.email : `User ${id}`;
  };
  const rows = (keys.data?.api_keys ?? []).filter((k) => showAll || k.status === 'active' || k.status === 'expiring');
  const origin = window.location.origin;

  return (
    <>
      <PageHeader
        title="API keys"
        purpose="Keys let your code call the Lettr API. Give each service its own key with only the scopes and IPs it needs."
        action={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>Create API key</Button>}
      />
      {keys.isPending ? <PageLoader /> : keys.error ? <ErrorState error={keys.error} /> : (keys.data.api_keys.length === 0 ? (
        <EmptyState
          title="No API keys yet"
          action={<Button leftSection={<IconKey size={16} />} onClick={() => setCreating(true)}>Create your first key</Button>}
          snippet={`curl -X POST ${origin}/api/emails \\\n  -H "Authorization: Bearer YOUR_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"from":"you@your-domain.com","to":["someone@example.com"],"subject":"Hello","html":"<p>It works</p>"}'`}
        >
          Create a key to send email from your application. A “Sending only” key restricted to your servers' IPs is the safest start.
        </EmptyState>
      ) : (
        <Card withBorder padding={0}>
          <Group justify="space-between" px="md" py="sm">
            <Text size="sm" c="dimmed">{rows.length} {showAll ? 'keys' : 'usable keys'}</Text>
            <Switch size="sm" label="Show revoked and expired" checked={showAll} onChange={(e) => { const p = new URLSearchParams(params); if (e.currentTarget.checked) p.set('show', 'all'); else p.delete('show'); setParams(p, { replace: true }); }} />
          </Group>
          <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">
            <Table highlightOnHover verticalSpacing="sm" stickyHeader miw={920}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th><Table.Th>Permission</Table.Th><Table.Th>Allowed IPs</Table.Th><Table.Th>Created</Table.Th>
                  <Table.Th>Last used</Table.Th><Table.Th>Expires</Table.Th><Table.Th>Status</Table.Th><Table.Th><VisuallyHidden>Actions</VisuallyHidden></Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((k) => (
                  <Table.Tr key={k.id} data-testid={`key-row-${k.id}`} bg={focusId === k.id ? 'var(--mantine-primary-color-light)' : undefined}>
                    <Table.Td>
                      <Text size="sm" fw={600}>{k.name}</Text>
                      <Text size="xs" c="dimmed" className="mono">{k.display}{k.type === 'sandbox' && ' · sandbox'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={k.scopes.join(', ')} multiline maw={320} withArrow>
                        <Badge variant="light" color={k.permission === 'full_access' ? 'orange' : 'indigo'} tabIndex={0}>{permissionLabel(k.permission)}</Badge>
                      </Tooltip>
                      {k.permission === 'custom' && <Text size="xs" c="dimmed">{k.scopes.length} scopes</Text>}
                    </Table.Td>
                    <Table.Td>{k.allowed_ips.length ? <Text size="xs" className="mono">{k.allowed_ips.join(', ')}</Text> : <Text size="xs" c="dimmed">Any</Text>}</Table.Td>
                    <Table.Td><RelativeTime iso={k.created_at} /><Text size="xs" c="dimmed">by {who(k.created_by)}</Text></Table.Td>
                    <Table.Td><RelativeTime iso={k.last_used_at} />{k.last_used_ip && <Text size="xs" c="dimmed" className="mono">from {k.last_used_ip}</Text>}</Table.Td>
                    <Table.Td><RelativeTime iso={k.expires_at} empty="No expiry" /></Table.Td>
                    <Table.Td><Badge color={STATUS_COLOR[k.status]} variant="dot">{k.status}</Badge></Table.Td>
                    <Table.Td>
                      {k.status !== 'revoked' && (
                        <Menu position="bottom-end">
                          <Menu.Target>
                            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${k.name}`}><IconDots size={16} /></ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(k)}>Edit</Menu.Item>
                            {k.status !== 'expired' && <Menu.Item leftSection={<IconRefresh size={16} />} onClick={() => setRotating(k)}>Rotate</Menu.Item>}
                            <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => setRevoking(k)}>Revoke</Menu.Item>
                          </Menu.Dropdown>
                        </Menu>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      ))}

      <KeyFormModal
        opened={creating}
        title="Create API key"
        submitLabel="Create key"
        initial={{ name: '', permission: 'sending_only', scopes: [], ips: '' }}
        onClose={() => setCreating(false)}
        onSubmit={async (v) => {
          const d = await post<ApiKey & { key: string }>(api('/api-keys'), body(v));
          setCreating(false);
          setSecret({ title: `Your new key “${d.name}”`, key: d.key });
          void refresh();
        }}
      />
      {editing && (
        <KeyFormModal
          opened
          title={`Edit “${editing.name}”`}
          submitLabel="Save"
          initial={{ name: editing.name, permission: editing.permission, scopes: editing.permission === 'custom' ? editing.scopes : [], ips: editing.allowed_ips.join('\n') }}
          onClose={() => setEditing(null)}
          onSubmit={async (v) => {
            await patch(api(`/api-keys/${editing.id}`), body(v));
            setEditing(null);
            notifications.show({ color: 'teal', message: 'Key updated.' });
            void refresh();
          }}
        />
      )}
      <Modal opened={rotating !== null} onClose={() => setRotating(null)} title={`Rotate “${rotating?.name ?? ''}”`}>
        <form onSubmit={(e) => { e.preventDefault(); if (rotating) rotate.mutate(rotating); }}>
          <Stack>
            <Text size="sm">A new secret replaces this one. Keep the old one working for a while so you can deploy the new one without downtime.</Text>
            <Select label="Old key keeps working for" data={GRACE} value={grace} onChange={setGrace} allowDeselect={false} data-autofocus />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRotating(null)}>Cancel</Button>
              <Button type="submit" loading={rotate.isPending}>Rotate key</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmByName
        opened={revoking !== null}
        title="Revoke API key"
        name={revoking?.name ?? ''}
        action="Revoke key"
        busy={revoke.isPending}
        error={revoke.error ? errorMessage(revoke.error) : null}
        onClose={() => { setRevoking(null); revoke.reset(); }}
        onConfirm={() => revoking && revoke.mutate(revoking)}
      >
        Requests using <b>{revoking?.name}</b> ({revoking?.display}) will be refused at once. This cannot be undone.
      </ConfirmByName>
      <SecretModal title={secret?.title ?? ''} secret={secret?.key ?? null} onClose={() => setSecret(null)}>
        {secret?.note && <Text size="sm">{secret.note}</Text>}
      </SecretModal>
    </>
  );
}
