// Bounce classes of spec sending.md §11.3. Hard classes put the address on the team's suppression list (§8).

export const BOUNCE_CLASSES = {
  1: 'Undetermined',
  10: 'Invalid Recipient',
  20: 'Soft Bounce',
  21: 'DNS Failure',
  22: 'Mailbox Full',
  25: 'Admin Failure',
  30: 'Generic Bounce: No RCPT',
  40: 'Generic Bounce',
  50: 'Mail Block',
  51: 'Spam Block',
  52: 'Spam Content',
  60: 'Auto-Reply',
  70: 'Transient Failure',
  100: 'Relay Denied',
} as const;

export type BounceClass = keyof typeof BOUNCE_CLASSES;

const HARD: ReadonlySet<number> = new Set([10, 30, 100]);

export function isHardBounce(bounceClass: number): boolean {
  return HARD.has(bounceClass);
}
