// The client's address as every check should see it. Fastify follows X-Forwarded-For through the proxies named in
// LETTR_TRUST_PROXY; a value there that is not an IP address ("unknown", "evil, ") is ignored and the socket peer
// used instead, so a made-up header can neither spread failures over endless buckets nor be logged as an address.
import net from 'node:net';
import type { FastifyRequest } from 'fastify';

/** `::ffff:203.0.113.5` (a dual-stack socket's view of an IPv4 client) is the IPv4 address. */
export function canonicalIp(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1]! : ip;
}

export function clientIp(request: Pick<FastifyRequest, 'ip' | 'socket'>): string {
  const forwarded = canonicalIp(request.ip ?? '');
  if (net.isIP(forwarded) !== 0) return forwarded;
  return canonicalIp(request.socket?.remoteAddress ?? '');
}
