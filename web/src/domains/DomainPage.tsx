// One domain: the records to publish (each with copy buttons, its status and the resolver's error), verify now, the
// background re-check schedule, delete by typing the name.
import { Alert, Anchor, Badge, Box, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { del, errorMessage, get, post } from '../api/client';
import type { DnsRecord, DomainDetail, DomainVerification } from '../api/types';
import { useTeam } from '../app/session';
import { ConfirmByName } from '../components/ConfirmByName';
import { CopyButton } from '../components/CopyButton';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { StatusBadge } from '../components/StatusBadge';

const LABEL: Record<DnsRecord['purpose'], string> = { dkim: 'DKIM', return_path: 'Return path', spf: 'SPF', dmarc: 'DMARC' };

function recordState(purpose: DnsRecord['purpose'], d: DomainDetail, result: DomainVerification | null): { status: string | null; error: string | null } {
  const status = { dkim: d.dkim_status, return_path: d.cname_status, spf: d.spf_status, dmarc: d.dmarc_status }[purpose];
  const error = result ? { dkim: result.dns.dkim_error, return_path: result.dns.cname_error, spf: result.dns.spf_error, dmarc: result.dns.dmarc_error }[purpose] : null;
  return { status, error };
}

function Copyable({ value, label }: { value: string; label: string }) {
  return (
    <Group gap={4} wrap="nowrap" align="flex-start">
      <Text size="xs" className="mono" style={{ wordBreak: 'break-all', minWidth: 0 }}>{value}</Text>
      <CopyButton value={value} label={label} />
    </Group>
  );
}

export default function DomainPage() {
  const { domain = '' } = useParams();
  const { api, path } = useTeam();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const url = api(`/domains/${encodeURIComponent(domain)}`);
  const detail = useQuery({ queryKey: ['domains', url], queryFn: () => get<DomainDetail>(url) });
  const verify = useMutation({
    mutationFn: () => post(`${url}/verify`),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['domains'] });
      notifications.show({ message: 'Checked DNS just now.' });
    },
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  const remove = useMutation({
    mutationFn: () => del(url),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['domains'] });
      navigate(path('/domains'));
    },
  });

  if (detail.isPending) return <PageLoader />;
  if (detail.error) return <ErrorState error={detail.error} />;
  const d = detail.data;
  const v = d.verification;
  const records = d.dns?.records ?? [];
  return (
    <>
      <Anchor component={Link} to={path('/domains')} size="sm"><Group gap={4}><IconArrowLeft size={14} />Domains</Group></Anchor>
      <PageHeader
        title={d.domain}
        purpose={d.can_send ? 'Verified: mail from this domain is signed and can be delivered.' : 'Publish the records below at your DNS provider, then verify.'}
        action={<Button leftSection={<IconRefresh size={16} />} loading={verify.isPending} onClick={() => verify.mutate()}>Verify now</Button>}
      />
      <Stack gap="lg">
        <Group gap="xs">
          <StatusBadge status={d.status} label={d.status_label} />
          <Badge variant="light" color={d.can_send ? 'teal' : 'gray'}>{d.can_send ? 'Can send' : 'Cannot send yet'}</Badge>
          <Text size="sm" c="dimmed">
            Last checked <RelativeTime iso={v.last_checked_at} empty="never" /> · next automatic check <RelativeTime iso={v.next_check_at} empty="not scheduled" />
          </Text>
        </Group>
        {d.status === 'pending' && <Alert color="yellow" title="Waiting for approval">An operator approves new domains on this server before they can send.</Alert>}
        <Card withBorder padding={0}>
          <Box p="md" pb={0}>
            <Title order={2} size="h4">DNS records</Title>
            <Text size="sm" c="dimmed">Add these at your DNS provider. Changes can take a while to spread; Lettr keeps checking in the background.</Text>
          </Box>
          <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">
            <Table verticalSpacing="sm" miw={940} mt="sm" layout="fixed">
              <Table.Thead><Table.Tr><Table.Th w={170}>Record</Table.Th><Table.Th w={90}>Type</Table.Th><Table.Th w={230}>Name</Table.Th><Table.Th>Value</Table.Th><Table.Th w={200}>Status</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {records.map((r) => {
                  const st = recordState(r.purpose, d, v.result);
                  return (
                    <Table.Tr key={`${r.purpose}-${r.name}-${r.value.slice(0, 20)}`} data-testid={`record-${r.purpose}`}>
                      <Table.Td><Text size="sm" fw={600}>{LABEL[r.purpose]}</Text><Text size="xs" c="dimmed">{r.note}</Text></Table.Td>
                      <Table.Td><Badge variant="outline" color="gray">{r.type}</Badge></Table.Td>
                      <Table.Td><Copyable value={r.name} label={`Copy ${LABEL[r.purpose]} name`} /></Table.Td>
                      <Table.Td><Copyable value={r.value} label={`Copy ${LABEL[r.purpose]} value`} /></Table.Td>
                      <Table.Td>
                        <StatusBadge status={st.status} />
                        {st.error && <Text size="xs" c="var(--mantine-color-error)" mt={4} style={{ wordBreak: 'break-word' }}>{st.error}</Text>}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
        <Card withBorder>
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}><Text fw={600}>Remove this domain</Text><Text size="sm" c="dimmed">Mail from it is refused afterwards; its DKIM keys are deleted.</Text></Stack>
            <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setDeleting(true)}>Remove domain</Button>
          </Group>
        </Card>
      </Stack>
      <ConfirmByName opened={deleting} title="Remove domain" name={d.domain} action="Remove domain" busy={remove.isPending} error={remove.error ? errorMessage(remove.error) : null} onClose={() => setDeleting(false)} onConfirm={() => remove.mutate()}>
        Sending from <b>{d.domain}</b> stops at once.
      </ConfirmByName>
    </>
  );
}
