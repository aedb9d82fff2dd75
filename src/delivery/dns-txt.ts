// A mailauth-shaped DNS resolver on the configured servers (LETTR_DNS_SERVERS), for DKIM/SPF/DMARC look-ups.
import { Resolver } from 'node:dns/promises';

export type MailauthResolver = (name: string, rrtype: string) => Promise<string[][] | string[]>;

export function dnsTxtResolver(servers: string[], timeoutMs = 5_000): MailauthResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
}
