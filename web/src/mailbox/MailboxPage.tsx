// The local mailbox (LETTR_DELIVERY=local): what Lettr "delivered" without leaving the machine. The list on the left,
// the selected message on the right (HTML in a sandboxed iframe with remote content blocked, text, headers,
// attachments). The selection and filter live in the URL.
import { Alert, Anchor, Badge, Box, Card, Group, ScrollArea, SimpleGrid, Stack, Table, Tabs, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconPhotoOff } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { get } from '../api/client';
import type { MailboxMessage } from '../api/types';
import { useTeam } from '../app/session';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { framedHtml, remoteReferences } from './html-frame';

function Viewer({ m }: { m: MailboxMessage }) {
  const { path } = useTeam();
  const blocked = m.html ? remoteReferences(m.html) : 0;
  return (
    <Card withBorder padding="md">
      <Stack gap={4} mb="sm">
        <Text fw={650} size="lg">{m.subject ?? '(no subject)'}</Text>
        <Text size="sm"><Text span c="dimmed" size="sm">From </Text>{m.from}</Text>
        <Text size="sm"><Text span c="dimmed" size="sm">To </Text>{m.to.join(', ')}{m.cc.length > 0 && `, cc ${m.cc.join(', ')}`}</Text>
        <Group gap="xs"><RelativeTime iso={m.received_at} />{m.request_id && <Anchor component={Link} to={path(`/emails/${m.request_id}`)} size="xs">Delivery timeline</Anchor>}</Group>
      </Stack>
      <Tabs defaultValue={m.html ? 'html' : 'text'} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="html" disabled={!m.html}>HTML</Tabs.Tab>
          <Tabs.Tab value="text" disabled={!m.text}>Text</Tabs.Tab>
          <Tabs.Tab value="headers">Envelope</Tabs.Tab>
          <Tabs.Tab value="attachments" rightSection={m.attachments.length ? <Badge size="xs" variant="light">{m.attachments.length}</Badge> : null}>Attachments</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="html" pt="sm">
          {blocked > 0 && <Alert color="gray" icon={<IconPhotoOff size={16} />} mb="sm" py={6}>{blocked} remote resource{blocked === 1 ? ' was' : 's were'} blocked (images, styles or fonts from other servers).</Alert>}
          <Box style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, overflow: 'hidden', background: '#fff' }}>
            <iframe title="Message HTML" sandbox="" srcDoc={framedHtml(m.html ?? '')} style={{ width: '100%', height: 480, border: 0, display: 'block' }} referrerPolicy="no-referrer" />
          </Box>
        </Tabs.Panel>
        <Tabs.Panel value="text" pt="sm">
          <Box component="pre" className="mono" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: 0, fontSize: 13 }}>{m.text}</Box>
        </Tabs.Panel>
        <Tabs.Panel value="headers" pt="sm">
          <Table verticalSpacing={4}>
            <Table.Tbody>
              {([['Message-ID', m.message_id], ['Envelope from', m.mail_from], ['Envelope to', m.rcpt_to], ['Request id', m.request_id], ['Size', `${m.size} bytes`]] as const).map(([k, v]) => (
                <Table.Tr key={k}><Table.Td c="dimmed" w={150}>{k}</Table.Td><Table.Td className="mono" style={{ wordBreak: 'break-all' }}>{v ?? '—'}</Table.Td></Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Tabs.Panel>
        <Tabs.Panel value="attachments" pt="sm">
          {m.attachments.length === 0 ? <Text size="sm" c="dimmed">No attachments.</Text> : m.attachments.map((a, i) => (
            <Text key={i} size="sm">{a.filename ?? '(inline)'} · {a.content_type} · {a.size} bytes</Text>
          ))}
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}

export default function MailboxPage() {
  const { api } = useTeam();
  const [params, setParams] = useSearchParams();
  const requestId = params.get('request_id') ?? '';
  const selected = Number(params.get('message')) || null;
  const q = new URLSearchParams({ per_page: '50' });
  if (requestId) q.set('request_id', requestId);
  const list = useQuery({ queryKey: ['mailbox', api('/mailbox/messages'), q.toString()], queryFn: () => get<{ messages: MailboxMessage[] }>(`${api('/mailbox/messages')}?${q}`), refetchInterval: 5000 });
  const set = (k: string, v: string | null) => { const p = new URLSearchParams(params); if (v) p.set(k, v); else p.delete(k); setParams(p, { replace: true }); };
  const messages = list.data?.messages ?? [];
  const current = messages.find((m) => m.id === selected) ?? messages[0];
  return (
    <>
      <PageHeader title="Local mailbox" purpose="With local delivery, mail never leaves this machine: every message lands here instead. Remote content is blocked." />
      <Group mb="md">
        <TextInput aria-label="Filter by request id" placeholder="Filter by request id" value={requestId} onChange={(e) => set('request_id', e.currentTarget.value.trim() || null)} w={300} />
      </Group>
      {list.isPending ? <PageLoader /> : list.error ? <ErrorState error={list.error} /> : messages.length === 0 ? (
        <EmptyState title={requestId ? 'No message with this request id' : 'The mailbox is empty'}>
          {requestId ? 'It may still be queued; this list refreshes every few seconds.' : 'Send an email with LETTR_DELIVERY=local (the default) and it appears here within a second.'}
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
          <Card withBorder padding={0}>
            <ScrollArea.Autosize mah={640}>
              <Stack gap={0} role="list" aria-label="Messages">
                {messages.map((m) => (
                  <UnstyledButton key={m.id} role="listitem" onClick={() => set('message', String(m.id))} p="sm" aria-current={current?.id === m.id} style={{ borderBottom: '1px solid var(--mantine-color-default-border)', background: current?.id === m.id ? 'var(--mantine-primary-color-light)' : undefined }}>
                    <Text size="sm" fw={600} truncate>{m.subject ?? '(no subject)'}</Text>
                    <Text size="xs" c="dimmed" truncate>{m.rcpt_to}</Text>
                    <RelativeTime iso={m.received_at} />
                  </UnstyledButton>
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Card>
          <Box style={{ gridColumn: 'span 2', minWidth: 0 }}>{current && <Viewer m={current} />}</Box>
        </SimpleGrid>
      )}
    </>
  );
}
