// Destructive actions ask for the thing's name to be typed.
import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';

export function ConfirmByName(props: {
  opened: boolean; title: string; name: string; action: string; children: ReactNode; busy?: boolean; error?: string | null;
  onConfirm: () => void; onClose: () => void;
}) {
  const [typed, setTyped] = useState('');
  const matches = typed === props.name;
  const close = () => {
    setTyped('');
    props.onClose();
  };
  return (
    <Modal opened={props.opened} onClose={close} title={props.title}>
      <form onSubmit={(e) => { e.preventDefault(); if (matches) props.onConfirm(); }}>
        <Stack>
          <Text size="sm">{props.children}</Text>
          <TextInput
            label={<>Type <b>{props.name}</b> to confirm</>}
            value={typed}
            onChange={(e) => setTyped(e.currentTarget.value)}
            autoComplete="off"
            data-autofocus
            error={props.error}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>Cancel</Button>
            <Button type="submit" color="red.9" disabled={!matches} loading={props.busy}>{props.action}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
