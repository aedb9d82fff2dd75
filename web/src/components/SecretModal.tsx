// A secret shown once: copy button, a warning, and "I have stored it" before the modal may close.
import { Alert, Button, Checkbox, Code, Group, Modal, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { CopyButton } from './CopyButton';

export function SecretModal({ title, secret, onClose, children, warning = 'Copy it now and keep it somewhere safe. Lettr stores only a hash: nobody can show it to you again.', usage }: {
  title: string; secret: string | string[] | null; onClose: () => void; children?: ReactNode; warning?: string; usage?: string;
}) {
  const [stored, setStored] = useState(false);
  const text = Array.isArray(secret) ? secret.join('\n') : secret ?? '';
  const close = () => {
    if (!stored) return;
    setStored(false);
    onClose();
  };
  return (
    <Modal opened={secret !== null} onClose={close} title={title} closeOnClickOutside={false} closeOnEscape={stored} withCloseButton={stored} size="lg">
      <Stack>
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />} title="Shown only once">
          {warning}
        </Alert>
        {children}
        <Group wrap="nowrap" align="flex-start" gap="xs">
          <Code block style={{ flex: 1, wordBreak: 'break-all', whiteSpace: 'pre-wrap' }} data-testid="secret">{text}</Code>
          <CopyButton value={text} label="Copy secret" />
        </Group>
        <Text size="sm" c="dimmed">
          {usage ?? (Array.isArray(secret) ? 'Each code works once.' : 'Use it in the Authorization header: Bearer <secret>.')}
        </Text>
        <Checkbox label="I have stored it" checked={stored} onChange={(e) => setStored(e.currentTarget.checked)} />
        <Group justify="flex-end">
          <Button onClick={close} disabled={!stored}>Done</Button>
        </Group>
      </Stack>
    </Modal>
  );
}
