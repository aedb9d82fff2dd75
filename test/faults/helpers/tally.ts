// The one summary every fault scenario prints and checks: what was sent, what the API accepted, and where each
// accepted email ended up, counted by id. lost = accepted ids that were neither delivered nor bounced.

export interface Tally {
  scenario: string;
  sent: number;
  accepted: number;
  delivered: number;
  bounced: number;
  duplicates: number;
  lost: number;
}

/**
 * accepted: the ids the API answered 200 for; delivered/bounced: ids seen at the receiving side or with a recorded
 * bounce; deliveries: every id the receiver saw, repeats included (a repeat is a duplicate, not a loss).
 */
export function tally(scenario: string, sent: number, accepted: Iterable<string>, outcome: { delivered: Iterable<string>; bounced?: Iterable<string> }): Tally {
  const acceptedSet = new Set(accepted);
  const seen = new Map<string, number>();
  for (const id of outcome.delivered) seen.set(id, (seen.get(id) ?? 0) + 1);
  const bounced = new Set(outcome.bounced ?? []);
  let delivered = 0;
  let duplicates = 0;
  let lost = 0;
  for (const id of acceptedSet) {
    const n = seen.get(id) ?? 0;
    if (n > 0) delivered++;
    if (n > 1) duplicates += n - 1;
    if (n === 0 && !bounced.has(id)) lost++;
  }
  const bouncedAccepted = [...bounced].filter((id) => acceptedSet.has(id) && !seen.has(id)).length;
  return { scenario, sent, accepted: acceptedSet.size, delivered, bounced: bouncedAccepted, duplicates, lost };
}

export function formatTally(t: Tally): string {
  return `[fault] ${t.scenario}: sent=${t.sent} accepted=${t.accepted} delivered=${t.delivered} bounced=${t.bounced} duplicates=${t.duplicates} lost=${t.lost}`;
}

/** Prints the summary line (visible in the test output) and returns it. */
export function report(t: Tally): Tally {
  process.stdout.write(`${formatTally(t)}\n`);
  return t;
}
