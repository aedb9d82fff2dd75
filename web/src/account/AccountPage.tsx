// Account security: two-factor authentication (setup with QR + typed secret, recovery codes, disable) and the
// browsers signed in to this account.
import { Alert, Badge, Button, Card, Group, Image, Modal, PasswordInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { del, errorMessage, fieldErrors, get, post } from '../api/client';
import type { Session } from '../api/types';
import { useSignedIn } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { RelativeTime } from '../components/RelativeTime';
import { SecretModal } from '../components/SecretModal';
import { CodeBlock } from '../components/CodeBlock';

interface Setup { secret: string; otpauth_url: string; qr_code: string }

function PasswordPrompt({ opened, title, action, onClose, onSubmit }: {
  opened: boolean; title: string; action: string; onClose: () => void; onSubmit: (password: string) => Promise<void>;
}) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(password);
      setPassword('');
    } catch (err) {
      setError(fieldErrors(err).password ?? errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title}>
      <form onSubmit={submit}>
        <Stack>
          <PasswordInput label="Your password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} error={error} autoComplete="current-password" data-autofocus required />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{action}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function TwoFactorCard() {
  const { user } = useSignedIn();
  const qc = useQueryClient();
  const [params] = useSearchParams();
  const [prompt, setPrompt] = useState<null | 'setup' | 'disable' | 'regenerate'>(null);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => qc.invalidateQueries({ queryKey: ['me'] });

  const confirm = useMutation({
    mutationFn: () => post<{ recovery_codes: string[] }>('/me/two-factor/confirm', { code: code.replace(/\s/g, '') }),
    onSuccess: (d) => { setSetup(null); setCode(''); setCodes(d.recovery_codes); void refresh(); },
    onError: (e) => setCodeError(fieldErrors(e).code ?? errorMessage(e)),
  });

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={4} style={{ flex: '1 1 280px' }}>
          <Group gap="xs"><Title order={2} size="h4">Two-factor authentication</Title>
            <Badge color={user.two_factor_enabled ? 'teal' : 'gray'} variant="light">{user.two_factor_enabled ? 'On' : 'Off'}</Badge></Group>
          <Text size="sm" c="dimmed">A code from an authenticator app at every sign-in, with single-use recovery codes for when the phone is lost.</Text>
        </Stack>
        {user.two_factor_enabled ? (
          <Group gap="xs">
            <Button variant="default" onClick={() => setPrompt('regenerate')}>New recovery codes</Button>
            <Button variant="light" color="red" onClick={() => setPrompt('disable')}>Turn off</Button>
          </Group>
        ) : (
          <Button onClick={() => setPrompt('setup')}>Enable two-factor</Button>
        )}
      </Group>
      {params.get('two_factor') === 'required' && !user.two_factor_enabled && (
        <Alert color="yellow" mt="md" title="Your team requires two-factor authentication">Turn it on to reach the team's screens.</Alert>
      )}

      <PasswordPrompt
        opened={prompt !== null}
        title={prompt === 'setup' ? 'Enable two-factor authentication' : prompt === 'disable' ? 'Turn off two-factor authentication' : 'Generate new recovery codes'}
        action={prompt === 'disable' ? 'Turn off' : 'Continue'}
        onClose={() => setPrompt(null)}
        onSubmit={async (password) => {
          if (prompt === 'setup') setSetup(await post<Setup>('/me/two-factor/setup', { password }));
          else if (prompt === 'disable') {
            await del('/me/two-factor', { password });
            notifications.show({ color: 'teal', message: 'Two-factor authentication is off.' });
            void refresh();
          } else setCodes((await post<{ recovery_codes: string[] }>('/me/two-factor/recovery-codes', { password })).recovery_codes);
          setPrompt(null);
        }}
      />

      <Modal opened={setup !== null} onClose={() => setSetup(null)} title="Scan with your authenticator app" size="md">
        {setup && (
          <form onSubmit={(e) => { e.preventDefault(); setCodeError(null); confirm.mutate(); }}>
            <Stack>
              <Image src={setup.qr_code} alt="QR code for your authenticator app" w={200} h={200} mx="auto" bg="white" p={6} radius="sm" />
              <Text size="sm" c="dimmed">Can't scan? Type this secret instead:</Text>
              <CodeBlock code={setup.secret} label="Copy secret" />
              <TextInput label="Code from the app" value={code} onChange={(e) => setCode(e.currentTarget.value)} inputMode="numeric" autoComplete="one-time-code" error={codeError} data-autofocus required />
              <Group justify="flex-end"><Button type="submit" loading={confirm.isPending}>Turn on</Button></Group>
            </Stack>
          </form>
        )}
      </Modal>
      <SecretModal title="Recovery codes" secret={codes} onClose={() => setCodes(null)}>
        <Text size="sm">Two-factor authentication is on. If you lose your phone, each of these codes signs you in once.</Text>
      </SecretModal>
    </Card>
  );
}

function SessionsCard() {
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: ['me', 'sessions'], queryFn: () => get<{ sessions: Session[] }>('/me/sessions') });
  const end = useMutation({
    mutationFn: (id: number) => del(`/me/sessions/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['me', 'sessions'] }),
    onError: (e) => notifications.show({ color: 'red', message: errorMessage(e) }),
  });
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>Signed-in browsers</Title>
      <Text size="sm" c="dimmed" mb="md">Sign out a browser you no longer use; it loses access at its next request.</Text>
      <div className="table-scroll" tabIndex={0} role="group" aria-label="Table (scrolls sideways on small screens)">
        <Table verticalSpacing="xs">
          <Table.Thead><Table.Tr><Table.Th>Device</Table.Th><Table.Th>IP</Table.Th><Table.Th>Signed in</Table.Th><Table.Th>Last seen</Table.Th><Table.Th /></Table.Tr></Table.Thead>
          <Table.Tbody>
            {(sessions.data?.sessions ?? []).map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{s.device} {s.current && <Badge size="xs" variant="light">This browser</Badge>}</Table.Td>
                <Table.Td className="mono">{s.ip}</Table.Td>
                <Table.Td><RelativeTime iso={s.created_at} /></Table.Td>
                <Table.Td><RelativeTime iso={s.last_seen_at} /></Table.Td>
                <Table.Td>{!s.current && <Button size="xs" variant="subtle" color="red" onClick={() => end.mutate(s.id)}>Sign out</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
    </Card>
  );
}

export default function AccountPage() {
  const { user } = useSignedIn();
  return (
    <>
      <PageHeader title="Account security" purpose={`Signed in as ${user.email}. Protect the account that can reach your teams' keys and mail.`} />
      <Stack gap="lg">
        <TwoFactorCard />
        <SessionsCard />
      </Stack>
    </>
  );
}
