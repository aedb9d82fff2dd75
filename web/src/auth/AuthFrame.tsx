import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function AuthFrame({ title, subtitle, children }: { title: string; subtitle: string; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={400} gap="lg">
        <Stack gap={4} align="center">
          <Text fw={800} size="xl" c="var(--mantine-color-anchor)">Lettr</Text>
          <Title order={1} size="h3">{title}</Title>
          <Text c="dimmed" size="sm" ta="center">{subtitle}</Text>
        </Stack>
        <Paper withBorder p="lg" radius="md">{children}</Paper>
      </Stack>
    </Center>
  );
}
