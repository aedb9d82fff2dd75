// Makes the bench's sending domain sendable the way a user does: add it over the API, publish the records Lettr asks
// for on the bench's loopback DNS server, verify. relay and mx delivery send only from verified domains.
import type { DnsTestServer } from '../test/helpers/dns-server.js';
import { BENCH_FROM_DOMAIN } from './message.js';

async function call(url: string, key: string, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function addVerifiedDomain(url: string, key: string, dns: DnsTestServer, domain = BENCH_FROM_DOMAIN): Promise<void> {
  await call(url, key, 'POST', '/api/domains', { domain });
  const detail = await call(url, key, 'GET', `/api/domains/${domain}`);
  const records = (detail.data.dns?.records ?? []) as Array<{ type: 'TXT' | 'CNAME'; name: string; value: string }>;
  for (const r of records) dns.set(r.name, r.type, r.value);
  const verified = await call(url, key, 'POST', `/api/domains/${domain}/verify`);
  const after = await call(url, key, 'GET', `/api/domains/${domain}`);
  if (!after.data.can_send) throw new Error(`the bench domain is not sendable after verification: ${JSON.stringify(verified.data)}`);
}
