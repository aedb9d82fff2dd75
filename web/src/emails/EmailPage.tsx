// One message: who it went to, its state, and the event timeline (injection → delivery / bounce with the receiving
// server's reply); each event's full data one click away; the copy in the local mailbox when there is one.
import { Anchor, Badge, Card, Code, Group, Spoiler, Stack, Text, Timeline, Title } from '@mantine/core';
import { IconArrowLeft, IconMail } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { get } from '../api/client';
import type { EmailEvent, Transmission } from '../api/types';
import { canAdminister, useTeam } from '../app/session';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { PageLoader } from '../components/PageLoader';
import { RelativeTime } from '../components/RelativeTime';
import { StatusBadge } from '../components/StatusBadge';

const EVENT_COLOR: Record<string, string> = { injection: 'blue', delivery: 'teal', bounce: 'red', delay: 'yellow', policy_rejection: 'red', out_of_band: 'red', spam_complaint: 'orange' };
const SHOWN = ['reason', 'raw_reason', 'error_code', 'bounce_class', 'mx_hostname', 'sending_ip', 'num_retries', 'mailbox_provider'];

function EventItem({ e }: { e: EmailEvent }) {
  const facts = SHOWN.filter((k) => e[k] !== undefined && e[k] !== null && e[k] !== '');
  return (
    <Stack gap={4}>
      <Group gap="xs"><Badge color={EVENT_COLOR[e.type] ?? 'gray'} variant="light">{e.type.replace(/_/g, ' ')}</Badge><Text size="sm">{e.rcpt_to}</Text><RelativeTime iso={e.timestamp} /></Group>
      {facts.map((k) => <Text key={k} size="xs"><Text span c="dimmed" size="xs">{k}: </Text><span className="mono">{String(e[k])}</span></Text>)}
      <Spoiler maxHeight={0} showLabel="All fields" hideLabel="Hide fields">
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{JSON.stringify(e, null, 2)}</Code>
      </Spoiler>
    </Stack>
  );
}

export default function EmailPage() {
  const { requestId = '' } = useParams();
  const { api, path, team } = useTeam();
  const t = useQuery({ queryKey: ['emails', api(`/emails/${requestId}`)], queryFn: () => get<Transmission>(api(`/emails/${encodeURIComponent(requestId)}`)) });
  if (t.isPending) return <PageLoader />;
  if (t.error) return <ErrorState error={t.error} />;
  const m = t.data;
  const events = [...m.events].reverse(); // oldest first reads like a story
  return (
    <>
      <Anchor component={Link} to={path('/emails')} size="sm"><Group gap={4}><IconArrowLeft size={14} />Emails</Group></Anchor>
      <PageHeader title={m.subject || '(no subject)'} purpose={`From ${m.from_name ? `${m.from_name} <${m.from}>` : m.from} to ${m.recipients.join(', ')}`} />
      <Stack gap="lg">
        <Card withBorder>
          <Group gap="xl" wrap="wrap">
            <Stack gap={2}><Text size="xs" c="dimmed">State</Text><StatusBadge status={m.state} /></Stack>
            <Stack gap={2}><Text size="xs" c="dimmed">Request id</Text><Text size="sm" className="mono">{m.transmission_id}</Text></Stack>
            <Stack gap={2}><Text size="xs" c="dimmed">Recipients</Text><Text size="sm">{m.num_recipients}</Text></Stack>
            {m.scheduled_at && <Stack gap={2}><Text size="xs" c="dimmed">Scheduled</Text><RelativeTime iso={m.scheduled_at} /></Stack>}
            {canAdminister(team) && <Anchor component={Link} to={`${path('/mailbox')}?request_id=${m.transmission_id}`} size="sm"><Group gap={4}><IconMail size={14} />Open the copy in the local mailbox</Group></Anchor>}
          </Group>
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="md">Timeline</Title>
          <Timeline bulletSize={14} lineWidth={2}>
            {events.map((e) => <Timeline.Item key={e.event_id} color={EVENT_COLOR[e.type] ?? 'gray'}><EventItem e={e} /></Timeline.Item>)}
          </Timeline>
        </Card>
      </Stack>
    </>
  );
}
