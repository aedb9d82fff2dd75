// The double opt-in link's token: the confirmation row's id and the team, MAC'd under a key derived from the sealed
// master key (a forged or altered token fails before any lookup); single use and expiry live on the row.
import type { Macer } from '../delivery/index.js';

const PURPOSE = 'double-opt-in';

export function issueConfirmToken(box: Macer, teamId: number, confirmationId: number): string {
  const payload = `${teamId.toString(36)}-${confirmationId.toString(36)}`;
  return `${payload}.${box.mac(payload, PURPOSE)}`;
}

export function readConfirmToken(box: Macer, token: string): { teamId: number; confirmationId: number } | null {
  const m = /^([0-9a-z]{1,11})-([0-9a-z]{1,11})\.([0-9a-f]{8}\.[A-Za-z0-9_-]{43})$/.exec(token);
  if (!m || !box.macMatches(`${m[1]}-${m[2]}`, PURPOSE, m[3]!)) return null;
  return { teamId: parseInt(m[1]!, 36), confirmationId: parseInt(m[2]!, 36) };
}

/** Confirmation links stay valid this long (the docs give none; a week covers a slow inbox). */
export const CONFIRM_TTL_MS = 7 * 24 * 3_600_000;
