// Name, permission preset or custom scopes, allowed IPs — shared by create and edit.
import { Checkbox, Radio, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import type { Permission } from '../api/types';
import { PERMISSIONS, SCOPE_GROUPS } from './scopes';

export interface KeyFormValue { name: string; permission: Permission; scopes: string[]; ips: string }

export function KeyForm({ value, onChange, errors }: { value: KeyFormValue; onChange: (v: KeyFormValue) => void; errors: Record<string, string> }) {
  return (
    <Stack>
      <TextInput label="Name" description="Where the key is used, e.g. “billing-service production”." value={value.name} onChange={(e) => onChange({ ...value, name: e.currentTarget.value })} error={errors.name} data-autofocus required />
      <Radio.Group label="Permission" value={value.permission} onChange={(p) => onChange({ ...value, permission: p as Permission })} error={errors.permission}>
        <Stack gap="xs" mt={6}>
          {PERMISSIONS.map((p) => (
            <Radio key={p.value} value={p.value} label={p.label} description={p.description} />
          ))}
        </Stack>
      </Radio.Group>
      {value.permission === 'custom' && (
        <Checkbox.Group label="Scopes" value={value.scopes} onChange={(scopes) => onChange({ ...value, scopes })} error={errors.scopes}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} mt={6} spacing="sm">
            {SCOPE_GROUPS.map((g) => (
              <Stack key={g.label} gap={6}>
                <Text size="xs" fw={600} c="dimmed" tt="uppercase">{g.label}</Text>
                {g.scopes.map((s) => <Checkbox key={s} value={s} label={<code>{s}</code>} />)}
              </Stack>
            ))}
          </SimpleGrid>
        </Checkbox.Group>
      )}
      <Textarea
        label="Allowed IPs"
        description="Optional. IP addresses or CIDR ranges, separated by commas or new lines. Requests from anywhere else are refused."
        placeholder="203.0.113.7, 10.0.0.0/8"
        autosize
        minRows={2}
        value={value.ips}
        onChange={(e) => onChange({ ...value, ips: e.currentTarget.value })}
        error={errors.allowed_ips}
      />
    </Stack>
  );
}
