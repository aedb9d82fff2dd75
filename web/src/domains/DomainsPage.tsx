// Sending domains: what each may do (can send?), the state of its records, and adding one.
import { Anchor, Button, Card, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, fieldErrors, get, post } from '../api/client';
import type { DomainListItem } from '../api/types';
import { useTeam } from '../app/session';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { StatusBadge } from '../components/StatusBadge';

function AddDomainModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { api, path } = useTeam();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [domain, setDomain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const d = await post<{ domain: string }>(api('/domains'), { domain: domain.trim() });
      await qc.invalidateQueries({ queryKey: ['domains'] });
      setDomain('');
      onClose();
      navigate(path(`/domains/${encodeURIComponent(d.domain)}`));
    } catch (err) {
      setError(fieldErrors(err).domain ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title="Add a sending domain">
      <form onSubmit={submit}>
        <Stack>
          <TextInput label="Domain" description="A domain you control, e.g. mail.example.com. Its DNS records come next." placeholder="mail.example.com" value={domain} onChange={(e) => setDomain(e.currentTarget.value)} error={error} data-autofocus required />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>Add domain</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export default function DomainsPage() {
  const { api, path } = useTeam();
  const [adding, setAdding] = useState(false);
  const domains = useQuery({ queryKey: ['domains', api('/domains')], queryFn: () => get<{ domains: DomainListItem[] }>(api('/domains')) });
  const origin = window.location.origin;
  return (
    <>
      <PageHeader title="Domains" purpose="Domains you send from. Publish each one's DNS records so receivers trust your mail." action={<Button leftSection={<IconPlus size={16} />} onClick={() => setAdding(true)}>Add domain</Button>} />
      {domains.isPending ? <PageLoader /> : domains.error ? <ErrorState error={domains.error} /> : domains.data.domains.length === 0 ? (
        <EmptyState
          title="No domains yet"
          action={<Button onClick={() => setAdding(true)}>Add your first domain</Button>}
          snippet={`curl -X POST ${origin}/api/domains \\\n  -H "Authorization: Bearer YOUR_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"domain":"mail.example.com"}'`}
        >
          Add the domain your “from” addresses use. Lettr gives you DKIM, SPF and DMARC records to publish, then checks them for you.
        </EmptyState>
      ) : (
        <Card withBorder padding={0}>
          <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">
            <Table highlightOnHover verticalSpacing="sm" miw={720}>
              <Table.Thead><Table.Tr><Table.Th>Domain</Table.Th><Table.Th>Status</Table.Th><Table.Th>Can send</Table.Th><Table.Th>DKIM</Table.Th><Table.Th>Return path</Table.Th><Table.Th>Added</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {domains.data.domains.map((d) => (
                  <Table.Tr key={d.domain}>
                    <Table.Td><Anchor component={Link} to={path(`/domains/${encodeURIComponent(d.domain)}`)} fw={600}>{d.domain}</Anchor></Table.Td>
                    <Table.Td><StatusBadge status={d.status} label={d.status_label} /></Table.Td>
                    <Table.Td>{d.can_send ? <StatusBadge status="valid" label="Yes" /> : <Text size="sm" c="dimmed">Not yet</Text>}</Table.Td>
                    <Table.Td><StatusBadge status={d.dkim_status} /></Table.Td>
                    <Table.Td><StatusBadge status={d.cname_status} /></Table.Td>
                    <Table.Td><RelativeTime iso={d.created_at} /></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        </Card>
      )}
      <AddDomainModal opened={adding} onClose={() => setAdding(false)} />
    </>
  );
}
