import { Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** Title, one line on what the page is for, and the page's primary action on the right. */
export function PageHeader({ title, purpose, action }: { title: string; purpose: string; action?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="lg" gap="md" wrap="wrap">
      <Stack gap={2} style={{ minWidth: 0, flex: '1 1 260px' }}>
        <Title order={1} size="h2">{title}</Title>
        <Text c="dimmed" size="sm">{purpose}</Text>
      </Stack>
      {action}
    </Group>
  );
}
