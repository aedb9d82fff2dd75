import { Text, Tooltip } from '@mantine/core';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86400], ['month', 30 * 86400], ['week', 7 * 86400], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1],
];
const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const abs = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });

export function relative(iso: string, now = Date.now()): string {
  const diff = (new Date(iso).getTime() - now) / 1000;
  // A server clock slightly ahead of this computer's: not "in 5 seconds".
  if (diff > 0 && diff < 120) return 'just now';
  for (const [unit, secs] of UNITS) {
    if (Math.abs(diff) >= secs || unit === 'second') {
      const n = Math.round(diff / secs);
      return unit === 'second' && Math.abs(n) < 10 ? 'just now' : rtf.format(n, unit);
    }
  }
  return '';
}

/** "3 hours ago", with the absolute time in the viewer's time zone on hover. */
export function RelativeTime({ iso, empty = 'Never' }: { iso: string | null; empty?: string }) {
  if (!iso) return <Text span c="dimmed" size="sm">{empty}</Text>;
  return (
    <Tooltip label={abs.format(new Date(iso))} withArrow openDelay={300}>
      <Text span size="sm"><time dateTime={iso}>{relative(iso)}</time></Text>
    </Tooltip>
  );
}
