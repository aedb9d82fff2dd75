// One webhook: its settings (edit, enable/disable), the signing secret (reveal, rotate with overlap), a test send, and
// every delivery with its attempts (status, latency, the first bytes of the answer), each redeliverable.
import { Accordion, Alert, Anchor, Badge, Button, Card, Code, Group, Modal, Select, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconEye, IconPencil, IconRefresh, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { del, errorMessage, get, post, put } from '../api/client';
import type { Webhook, WebhookDelivery } from '../api/types';
import { useTeam } from '../app/session';
import { ConfirmByName } from '../components/ConfirmByName';
import { CopyButton } from '../components/CopyButton';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { StatusBadge } from '../components/StatusBadge';
import { ALL_EVENT_TYPES } from './events';
import { emptyWebhook, webhookBody } from './WebhookForm';
import { WebhookFormModal } from './WebhookFormModal';

interface SecretView { secret: string; previous_secret: string | null; previous_secret_expires_at: string | null }
const OVERLAP = [{ value: '0', label: 'Immediately' }, { value: '3600', label: '1 hour' }, { value: '86400', label: '24 hours' }, { value: '604800', label: '7 days' }];

function SecretCard({ url }: { url: string }) {
  const [shown, setShown] = useState<SecretView | null>(null);
  const [rotating, setRotating] = useState(false);
  const [overlap, setOverlap] = useState<string | null>('86400');
  const reveal = useMutation({ mutationFn: () => get<SecretView>(`${url}/secret`), onSuccess: setShown, onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }) });
  const rotate = useMutation({
    mutationFn: () => post<SecretView>(`${url}/secret/rotate`, { overlap_seconds: Number(overlap ?? 0) }),
    onSuccess: (s) => { setShown(s); setRotating(false); notifications.show({ color: 'teal', message: 'Signing secret rotated.' }); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Card withBorder>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2} style={{ flex: '1 1 260px' }}>
          <Title order={2} size="h4">Signing secret</Title>
          <Text size="sm" c="dimmed">Your endpoint checks each request's signature with it.</Text>
        </Stack>
        <Group gap="xs">
          {shown ? <Button variant="default" leftSection={<IconEye size={16} />} onClick={() => setShown(null)}>Hide</Button>
            : <Button variant="default" leftSection={<IconEye size={16} />} loading={reveal.isPending} onClick={() => reveal.mutate()}>Reveal</Button>}
          <Button variant="light" leftSection={<IconRefresh size={16} />} onClick={() => setRotating(true)}>Rotate</Button>
        </Group>
      </Group>
      {shown && (
        <Stack gap={6} mt="md">
          <Group gap="xs" wrap="nowrap"><Code data-testid="webhook-secret" style={{ wordBreak: 'break-all' }}>{shown.secret}</Code><CopyButton value={shown.secret} label="Copy signing secret" /></Group>
          {shown.previous_secret && <Text size="xs" c="dimmed">The previous secret still signs until <RelativeTime iso={shown.previous_secret_expires_at} />.</Text>}
        </Stack>
      )}
      <Modal opened={rotating} onClose={() => setRotating(false)} title="Rotate signing secret">
        <form onSubmit={(e) => { e.preventDefault(); rotate.mutate(); }}>
          <Stack>
            <Text size="sm">Requests carry signatures from both secrets during the overlap, so you can switch your endpoint without dropping any.</Text>
            <Select label="Keep signing with the old secret for" data={OVERLAP} value={overlap} onChange={setOverlap} allowDeselect={false} data-autofocus />
            <Group justify="flex-end"><Button variant="default" onClick={() => setRotating(false)}>Cancel</Button><Button type="submit" loading={rotate.isPending}>Rotate secret</Button></Group>
          </Stack>
        </form>
      </Modal>
    </Card>
  );
}

function Deliveries({ url }: { url: string }) {
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['webhooks', url, 'deliveries'], queryFn: () => get<{ deliveries: WebhookDelivery[] }>(`${url}/deliveries?limit=50`), refetchInterval: 5000 });
  const retry = useMutation({
    mutationFn: (id: string) => post(`${url}/deliveries/${id}/retry`),
    onSuccess: () => { notifications.show({ message: 'Queued for redelivery.' }); void qc.invalidateQueries({ queryKey: ['webhooks', url] }); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  if (list.isPending) return <PageLoader />;
  if (list.error) return <ErrorState error={list.error} />;
  if (list.data.deliveries.length === 0) return <Text size="sm" c="dimmed" p="md">No deliveries yet. Send a test to see one here.</Text>;
  return (
    <Accordion variant="separated" chevronPosition="left">
      {list.data.deliveries.map((d) => {
        const last = d.attempt_log[d.attempt_log.length - 1];
        return (
          <Accordion.Item key={d.id} value={d.id} data-testid="delivery">
            <Accordion.Control>
              <Group gap="sm" wrap="wrap">
                <StatusBadge status={d.state} />
                {d.test && <Badge variant="outline" color="gray">test</Badge>}
                <Text size="sm">{d.event_count} event{d.event_count === 1 ? '' : 's'}</Text>
                {last && <Text size="sm" c="dimmed">{last.status_code !== null ? `HTTP ${last.status_code}` : last.error ?? 'no answer'}{last.latency_ms !== null ? ` · ${last.latency_ms} ms` : ''}</Text>}
                <Text size="sm" c="dimmed"><RelativeTime iso={d.created_at} /></Text>
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">
                  <Table verticalSpacing={6} miw={560}>
                    <Table.Thead><Table.Tr><Table.Th>#</Table.Th><Table.Th>When</Table.Th><Table.Th>Trigger</Table.Th><Table.Th>Status</Table.Th><Table.Th>Latency</Table.Th><Table.Th>Answer</Table.Th></Table.Tr></Table.Thead>
                    <Table.Tbody>
                      {d.attempt_log.map((a) => (
                        <Table.Tr key={a.attempt}>
                          <Table.Td>{a.attempt}</Table.Td>
                          <Table.Td><RelativeTime iso={a.started_at} /></Table.Td>
                          <Table.Td>{a.trigger}</Table.Td>
                          <Table.Td>{a.status_code ?? '—'} {a.success ? <Badge size="xs" color="teal" variant="light">ok</Badge> : <Badge size="xs" color="red" variant="light">failed</Badge>}</Table.Td>
                          <Table.Td>{a.latency_ms !== null ? `${a.latency_ms} ms` : '—'}</Table.Td>
                          <Table.Td>
                            {a.error && <Text size="xs" c="var(--mantine-color-error)">{a.error}</Text>}
                            {a.response_excerpt && <Text size="xs" className="mono" style={{ wordBreak: 'break-all' }} lineClamp={3}>{a.response_excerpt}</Text>}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </div>
                {d.next_attempt_at && <Text size="xs" c="dimmed">Next attempt <RelativeTime iso={d.next_attempt_at} /></Text>}
                {d.state !== 'pending' && <Group><Button size="xs" variant="light" leftSection={<IconRefresh size={14} />} onClick={() => retry.mutate(d.id)} loading={retry.isPending}>Redeliver</Button></Group>}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}

export default function WebhookPage() {
  const { webhookId = '' } = useParams();
  const { api, path } = useTeam();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const url = api(`/webhooks/${encodeURIComponent(webhookId)}`);
  const hook = useQuery({ queryKey: ['webhooks', url], queryFn: () => get<Webhook>(url) });
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [testType, setTestType] = useState<string | null>('message.delivery');
  const refresh = () => qc.invalidateQueries({ queryKey: ['webhooks'] });
  const toggle = useMutation({ mutationFn: (active: boolean) => put(url, { active }), onSuccess: refresh, onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }) });
  const test = useMutation({
    mutationFn: () => post(`${url}/test`, { event_type: testType }),
    onSuccess: () => { notifications.show({ color: 'teal', message: 'Test event queued.' }); void refresh(); },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const remove = useMutation({ mutationFn: () => del(url), onSuccess: async () => { await refresh(); navigate(path('/webhooks')); } });

  if (hook.isPending) return <PageLoader />;
  if (hook.error) return <ErrorState error={hook.error} />;
  const w = hook.data;
  return (
    <>
      <Anchor component={Link} to={path('/webhooks')} size="sm"><Group gap={4}><IconArrowLeft size={14} />Webhooks</Group></Anchor>
      <PageHeader title={w.name} purpose={w.url} action={<Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => setEditing(true)}>Edit</Button>} />
      <Stack gap="lg">
        {w.disabled_reason && <Alert color="red" title="Switched off automatically">{w.disabled_reason} Turn it back on once the endpoint works.</Alert>}
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Card withBorder>
            <Stack gap="xs">
              <Switch label={w.enabled ? 'Enabled' : 'Disabled'} checked={w.enabled} onChange={(e) => toggle.mutate(e.currentTarget.checked)} />
              <Text size="sm"><b>Events:</b> {w.event_types === null ? 'all' : w.event_types.join(', ')}</Text>
              <Text size="sm"><b>Authentication:</b> {w.auth_type === 'none' ? 'none (signature only)' : w.auth_type}</Text>
              <Text size="sm"><b>Last success:</b> <RelativeTime iso={w.last_successful_at} /> · <b>last failure:</b> <RelativeTime iso={w.last_failure_at} /></Text>
            </Stack>
          </Card>
          <Card withBorder>
            <Stack gap="xs">
              <Title order={2} size="h4">Send a test</Title>
              <Text size="sm" c="dimmed">A sample event marked <code>"test": true</code>, signed like real ones.</Text>
              <Group align="flex-end" wrap="wrap">
                <Select aria-label="Test event type" data={ALL_EVENT_TYPES} value={testType} onChange={setTestType} allowDeselect={false} searchable w={240} />
                <Button leftSection={<IconSend size={16} />} loading={test.isPending} onClick={() => test.mutate()}>Send test</Button>
              </Group>
            </Stack>
          </Card>
        </SimpleGrid>
        <SecretCard url={url} />
        <Stack gap="xs">
          <Title order={2} size="h4">Deliveries</Title>
          <Deliveries url={url} />
        </Stack>
        <Card withBorder>
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}><Text fw={600}>Delete this webhook</Text><Text size="sm" c="dimmed">Pending deliveries are dropped.</Text></Stack>
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>Delete webhook</Button>
          </Group>
        </Card>
      </Stack>
      {editing && (
        <WebhookFormModal
          opened
          title={`Edit “${w.name}”`}
          submitLabel="Save"
          editing
          initial={{ ...emptyWebhook, name: w.name, url: w.url, eventsMode: w.event_types === null ? 'all' : 'selected', events: w.event_types ?? [], authType: w.auth_type }}
          onClose={() => setEditing(false)}
          onSubmit={async (v) => { await put(url, webhookBody(v, true)); setEditing(false); void refresh(); }}
        />
      )}
      <ConfirmByName opened={deleting} title="Delete webhook" name={w.name} action="Delete webhook" busy={remove.isPending} error={remove.error ? errorMessage(remove.error) : null} onClose={() => setDeleting(false)} onConfirm={() => remove.mutate()}>
        <b>{w.name}</b> stops receiving events at once.
      </ConfirmByName>
    </>
  );
}
