import { Badge } from '@mantine/core';

const COLORS: Record<string, string> = {
  valid: 'teal', verified: 'teal', approved: 'teal', delivered: 'teal', active: 'teal', enabled: 'teal',
  pending: 'yellow', unverified: 'gray', not_applicable: 'gray', expiring: 'yellow',
  invalid: 'red', failed: 'red', blocked: 'red', revoked: 'red', disabled: 'gray',
};

/** A status word with a colour that means the same everywhere. */
export function StatusBadge({ status, label }: { status: string | null; label?: string }) {
  const s = status ?? 'unverified';
  return <Badge variant="light" color={COLORS[s] ?? 'gray'} style={{ flexShrink: 0 }}>{label ?? s.replace(/_/g, ' ')}</Badge>;
}
