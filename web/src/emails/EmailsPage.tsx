// Emails: what this team sent, newest first, filtered by recipient and date range (all in the URL, so a search can be
// shared), a page at a time; a row opens the message's timeline.
import { Anchor, Button, Card, Group, Table, Text, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { get } from '../api/client';
import type { EventPage, SentEmail } from '../api/types';
import { useTeam } from '../app/session';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';

/** yyyy-mm-dd (a date input) → the API's ISO time at the start (or end) of that day in the viewer's zone. */
function dayBound(day: string, end: boolean): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const d = new Date(`${day}T00:00:00`);
  if (end) d.setDate(d.getDate() + 1);
  return d.toISOString();
}

export default function EmailsPage() {
  const { api, path } = useTeam();
  const [params, setParams] = useSearchParams();
  const recipient = params.get('recipient') ?? '';
  const fromDay = params.get('from') ?? '';
  const toDay = params.get('to') ?? '';
  const [form, setForm] = useState({ recipient, from: fromDay, to: toDay });
  const query = new URLSearchParams({ per_page: '25' });
  if (recipient) query.set('recipients', recipient);
  const fromIso = dayBound(fromDay, false);
  const toIso = dayBound(toDay, true);
  if (fromIso) query.set('from', fromIso);
  if (toIso) query.set('to', toIso);
  const emails = useInfiniteQuery({
    queryKey: ['emails', api('/emails'), query.toString()],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => {
      const q = new URLSearchParams(query);
      if (pageParam) q.set('cursor', pageParam);
      return get<EventPage<SentEmail>>(`${api('/emails')}?${q}`);
    },
    getNextPageParam: (last) => last.events.pagination.next_cursor,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (form.recipient.trim()) p.set('recipient', form.recipient.trim());
    if (form.from) p.set('from', form.from);
    if (form.to) p.set('to', form.to);
    setParams(p);
  };
  const rows = emails.data?.pages.flatMap((p) => p.events.data) ?? [];
  const total = emails.data?.pages[0]?.events.total_count ?? 0;
  const filtered = Boolean(recipient || fromDay || toDay);
  const origin = window.location.origin;
  return (
    <>
      <PageHeader title="Emails" purpose="Every message this team sent, one row per recipient. Open one for its delivery timeline." />
      <Card withBorder mb="md" padding="sm">
        <form onSubmit={submit} role="search" aria-label="Filter emails">
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label="Recipient" placeholder="someone@example.com" type="email" value={form.recipient} onChange={(e) => setForm({ ...form, recipient: e.currentTarget.value })} style={{ flex: '1 1 240px' }} />
            <TextInput label="From day" type="date" value={form.from} onChange={(e) => setForm({ ...form, from: e.currentTarget.value })} />
            <TextInput label="To day" type="date" value={form.to} onChange={(e) => setForm({ ...form, to: e.currentTarget.value })} />
            <Button type="submit" leftSection={<IconSearch size={16} />}>Search</Button>
            {filtered && <Button variant="subtle" onClick={() => { setForm({ recipient: '', from: '', to: '' }); setParams(new URLSearchParams()); }}>Clear</Button>}
          </Group>
        </form>
      </Card>
      {emails.isPending ? <PageLoader /> : emails.error ? <ErrorState error={emails.error} /> : rows.length === 0 ? (
        filtered ? <Text c="dimmed">No email matches these filters.</Text> : (
          <EmptyState title="No emails yet" snippet={`curl -X POST ${origin}/api/emails \\\n  -H "Authorization: Bearer YOUR_API_KEY" \\\n  -H "Content-Type: application/json" \\\n  -d '{"from":"you@your-domain.com","to":["someone@example.com"],"subject":"Hello","text":"It works"}'`}>
            Send your first email with an API key; it shows up here within a second, with every delivery event after it.
          </EmptyState>
        )
      ) : (
        <Card withBorder padding={0}>
          <Text size="sm" c="dimmed" px="md" py="xs">{total} email{total === 1 ? '' : 's'} in this period</Text>
          <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">
            <Table highlightOnHover verticalSpacing="sm" stickyHeader miw={760}>
              <Table.Thead><Table.Tr><Table.Th>Recipient</Table.Th><Table.Th>Subject</Table.Th><Table.Th>From</Table.Th><Table.Th>Sent</Table.Th><Table.Th>Request id</Table.Th></Table.Tr></Table.Thead>
              <Table.Tbody>
                {rows.map((e) => (
                  <Table.Tr key={e.event_id}>
                    <Table.Td><Anchor component={Link} to={path(`/emails/${e.request_id}`)} size="sm" fw={600}>{e.rcpt_to}</Anchor></Table.Td>
                    <Table.Td><Text size="sm" truncate maw={320}>{e.subject ?? '(no subject)'}</Text></Table.Td>
                    <Table.Td><Text size="sm" truncate maw={220}>{e.friendly_from}</Text></Table.Td>
                    <Table.Td><RelativeTime iso={e.injection_time ?? e.timestamp} /></Table.Td>
                    <Table.Td><Text size="xs" className="mono">{e.request_id}</Text></Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
          {emails.hasNextPage && <Group justify="center" p="sm"><Button variant="default" loading={emails.isFetchingNextPage} onClick={() => void emails.fetchNextPage()}>Load more</Button></Group>}
        </Card>
      )}
    </>
  );
}
