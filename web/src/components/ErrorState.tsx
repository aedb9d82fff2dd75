import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { ApiError, errorMessage } from '../api/client';

/** The server's own message: what went wrong, in its words. */
export function ErrorState({ error }: { error: unknown }) {
  const forbidden = error instanceof ApiError && error.code === 'insufficient_scope';
  return (
    <Alert color={forbidden ? 'yellow' : 'red'} icon={<IconAlertTriangle size={18} />} title={forbidden ? 'Not allowed for your role' : 'Could not load this'} role="alert">
      {errorMessage(error)}
    </Alert>
  );
}
