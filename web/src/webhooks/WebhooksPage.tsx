// Webhooks: every endpoint with its events, whether it is on, and how its last delivery went.
import { Anchor, Badge, Button, Card, Table, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { get, post } from '../api/client';
import type { Webhook } from '../api/types';
import { useTeam } from '../app/session';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { SecretModal } from '../components/SecretModal';
import { emptyWebhook, webhookBody } from './WebhookForm';
import { WebhookFormModal } from './WebhookFormModal';

export default function WebhooksPage() {
  const { api, path } = useTeam();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<{ id: string; secret: string } | null>(null);
  const hooks = useQuery({ queryKey: ['webhooks', api('/webhooks')], queryFn: () => get<{ webhooks: Webhook[] }>(api('/webhooks')) });
  const origin = window.location.origin;
  return (
    <>
      <PageHeader title="Webhooks" purpose="Lettr tells your endpoints about deliveries, bounces and engagement, signed so you can trust them." action={<Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>Add webhook</Button>} />
      {hooks.isPending ? <PageLoader /> : hooks.error ? <ErrorState error={hooks.error} /> : hooks.data.webhooks.length === 0 ? (
        <EmptyState
          title="No webhooks yet"
          action={<Button onClick={() => setCreating(true)}>Add your first webhook</Button>}
          snippet={`curl -X POST ${origin}/api/webhooks \\\n  -H "Authorization: Bearer YOUR_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"name":"Events","url":"https://example.com/lettr","events_mode":"all","auth_type":"none"}'`}
        >
          Add an endpoint to hear about every delivery and bounce as it happens, instead of polling.
        </EmptyState>
      ) : (
        <Card withBorder padding={0}>
          <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">
            <Table highlightOnHover verticalSpacing="sm" miw={760}>
              <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Events</Table.Th><Table.Th>State</Table.Th><Table.Th>Last success</Table.Th><Table.Th>Last failure</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {hooks.data.webhooks.map((w) => (
                  <Table.Tr key={w.id}>
                    <Table.Td>
                      <Anchor component={Link} to={path(`/webhooks/${w.id}`)} fw={600}>{w.name}</Anchor>
                      <Text size="xs" c="dimmed" className="mono" truncate maw={360}>{w.url}</Text>
                    </Table.Td>
                    <Table.Td><Text size="sm">{w.event_types === null ? 'All events' : `${w.event_types.length} selected`}</Text></Table.Td>
                    <Table.Td><Badge variant="dot" color={w.enabled ? 'teal' : 'gray'}>{w.enabled ? 'Enabled' : 'Disabled'}</Badge></Table.Td>
                    <Table.Td><RelativeTime iso={w.last_successful_at} /></Table.Td>
                    <Table.Td><RelativeTime iso={w.last_failure_at} />{w.last_status !== null && <Text size="xs" c="dimmed">HTTP {w.last_status}</Text>}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      )}
      <WebhookFormModal
        opened={creating}
        title="Add webhook"
        submitLabel="Add webhook"
        editing={false}
        initial={emptyWebhook}
        onClose={() => setCreating(false)}
        onSubmit={async (v) => {
          const w = await post<Webhook & { secret: string }>(api('/webhooks'), webhookBody(v, false));
          setCreating(false);
          setCreated({ id: w.id, secret: w.secret });
          void qc.invalidateQueries({ queryKey: ['webhooks'] });
        }}
      />
      <SecretModal title="Signing secret" warning="Copy it now into your endpoint's configuration. It is sealed at rest; people who manage webhooks can reveal or rotate it on the webhook's page." usage="Check the lettr-signature (HMAC-SHA256) or webhook-signature header of every request with it." secret={created?.secret ?? null} onClose={() => { const id = created?.id; setCreated(null); if (id) navigate(path(`/webhooks/${id}`)); }}>
      </SecretModal>
    </>
  );
}
