// A team that may send: the team, a Full Access key, and its sender domain added through the API (in `local`
// delivery any domain the team added may send, verified or not).
import assert from 'node:assert/strict';
import type { Harness } from './harness.js';

export async function sendingTeam(h: Harness, opts: { name?: string; domain?: string } = {}): Promise<{ team: number; key: string }> {
  const team = await h.createTeam(opts.name);
  const { key } = await h.createKey(team);
  const added = await h.api.post('/api/domains', key, { domain: opts.domain ?? 'example.com' });
  assert.equal(added.status, 201, added.text);
  return { team, key };
}
