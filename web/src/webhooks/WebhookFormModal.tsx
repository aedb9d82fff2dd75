import { Alert, Button, Group, Modal, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorMessage, fieldErrors } from '../api/client';
import { WebhookForm, type WebhookFormValue } from './WebhookForm';

export function WebhookFormModal({ opened, title, initial, editing, submitLabel, onClose, onSubmit }: {
  opened: boolean; title: string; initial: WebhookFormValue; editing: boolean; submitLabel: string; onClose: () => void; onSubmit: (v: WebhookFormValue) => Promise<void>;
}) {
  const [value, setValue] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if (value.eventsMode === 'selected' && value.events.length === 0) local.events = 'Pick at least one event.';
    setErrors(local);
    setError(null);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await onSubmit(value);
      setValue(initial);
    } catch (err) {
      const f = fieldErrors(err);
      setErrors(f);
      if (!Object.keys(f).length) setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      <form onSubmit={submit}>
        <Stack>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <WebhookForm value={value} onChange={(v) => { setValue(v); setErrors({}); }} errors={errors} editing={editing} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>Cancel</Button>
            <Button type="submit" loading={busy}>{submitLabel}</Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
