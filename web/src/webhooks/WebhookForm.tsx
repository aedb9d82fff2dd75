// Name, URL, which events, and how Lettr authenticates to the endpoint — for create and edit.
import { Checkbox, PasswordInput, SegmentedControl, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { EVENT_GROUPS } from './events';

export interface WebhookFormValue {
  name: string; url: string; eventsMode: 'all' | 'selected'; events: string[]; authType: 'none' | 'basic' | 'oauth2';
  username: string; password: string; clientId: string; clientSecret: string; tokenUrl: string;
}

export const emptyWebhook: WebhookFormValue = {
  name: '', url: '', eventsMode: 'all', events: [], authType: 'none', username: '', password: '', clientId: '', clientSecret: '', tokenUrl: '',
};

export function webhookBody(v: WebhookFormValue, editing: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = { name: v.name.trim(), url: v.url.trim(), events_mode: v.eventsMode, auth_type: v.authType };
  if (v.eventsMode === 'selected') body.events = v.events;
  const put = (k: string, x: string) => { if (x || !editing) body[k] = x; };
  if (v.authType === 'basic') { put('auth_username', v.username); put('auth_password', v.password); }
  if (v.authType === 'oauth2') { put('oauth_client_id', v.clientId); put('oauth_client_secret', v.clientSecret); put('oauth_token_url', v.tokenUrl); }
  return body;
}

export function WebhookForm({ value, onChange, errors, editing }: { value: WebhookFormValue; onChange: (v: WebhookFormValue) => void; errors: Record<string, string>; editing: boolean }) {
  const set = <K extends keyof WebhookFormValue>(k: K, x: WebhookFormValue[K]) => onChange({ ...value, [k]: x });
  const keep = editing ? 'Leave empty to keep the stored value.' : undefined;
  return (
    <Stack>
      <TextInput label="Name" value={value.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} data-autofocus required />
      <TextInput label="Endpoint URL" description="Lettr POSTs batches of events here. HTTPS in production; private addresses are refused." placeholder="https://example.com/webhooks/lettr" value={value.url} onChange={(e) => set('url', e.currentTarget.value)} error={errors.url ?? errors.target} required />
      <Stack gap={6}>
        <Text size="sm" fw={500} id="events-mode-label">Events</Text>
        <SegmentedControl aria-labelledby="events-mode-label" value={value.eventsMode} onChange={(m) => set('eventsMode', m as 'all' | 'selected')} data={[{ value: 'all', label: 'All events' }, { value: 'selected', label: 'Selected events' }]} />
      </Stack>
      {value.eventsMode === 'selected' && (
        <Checkbox.Group value={value.events} onChange={(events) => set('events', events)} error={errors.events} label="Send these events">
          <SimpleGrid cols={{ base: 1, xs: 2 }} mt={6} spacing="sm">
            {EVENT_GROUPS.map((g) => (
              <Stack key={g.label} gap={6}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase">{g.label}</Text>
                {g.types.map((t) => <Checkbox key={t} value={t} label={<code>{t}</code>} />)}
              </Stack>
            ))}
          </SimpleGrid>
        </Checkbox.Group>
      )}
      <Stack gap={6}>
        <Text size="sm" fw={500} id="auth-type-label">Authentication to your endpoint</Text>
        <SegmentedControl aria-labelledby="auth-type-label" value={value.authType} onChange={(a) => set('authType', a as WebhookFormValue['authType'])} data={[{ value: 'none', label: 'None' }, { value: 'basic', label: 'Basic' }, { value: 'oauth2', label: 'OAuth 2' }]} />
        <Text size="xs" c="dimmed">Every request is signed either way (see the signing secret).</Text>
      </Stack>
      {value.authType === 'basic' && (
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput label="Username" value={value.username} onChange={(e) => set('username', e.currentTarget.value)} error={errors.auth_username} description={keep} />
          <PasswordInput label="Password" value={value.password} onChange={(e) => set('password', e.currentTarget.value)} error={errors.auth_password} description={keep} autoComplete="new-password" />
        </SimpleGrid>
      )}
      {value.authType === 'oauth2' && (
        <Stack>
          <TextInput label="Token URL" value={value.tokenUrl} onChange={(e) => set('tokenUrl', e.currentTarget.value)} error={errors.oauth_token_url} description={keep} />
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Client ID" value={value.clientId} onChange={(e) => set('clientId', e.currentTarget.value)} error={errors.oauth_client_id} description={keep} />
            <PasswordInput label="Client secret" value={value.clientSecret} onChange={(e) => set('clientSecret', e.currentTarget.value)} error={errors.oauth_client_secret} description={keep} autoComplete="new-password" />
          </SimpleGrid>
        </Stack>
      )}
    </Stack>
  );
}
