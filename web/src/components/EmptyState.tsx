import { Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { CodeBlock } from './CodeBlock';

/** What this is, the next step, and a snippet with this server's URL. */
export function EmptyState({ title, children, action, snippet }: { title: string; children: ReactNode; action?: ReactNode; snippet?: string }) {
  return (
    <Paper withBorder p="xl" radius="md">
      <Stack gap="sm" align="flex-start">
        <Title order={2} size="h4">{title}</Title>
        <Text c="dimmed" size="sm" maw={620}>{children}</Text>
        {action}
        {snippet && <div style={{ width: '100%' }}><CodeBlock code={snippet} /></div>}
      </Stack>
    </Paper>
  );
}
